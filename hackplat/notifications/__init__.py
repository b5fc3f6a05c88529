"""Notifications: kept in an outbox table, mailed by SMTP when MAIL_SERVER is set."""
