"""Accounts: registration, sign-in and sign-out, the member's own page."""
