"""Organisations: the coordinators' review of registrations (approve or reject)."""
