"""Evaluation of shortlisted proposals on the programme rubric."""
