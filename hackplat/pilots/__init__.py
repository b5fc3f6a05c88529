"""Pilot projects: stages, yearly milestones and time-saving KPIs."""
