"""Needs."""
