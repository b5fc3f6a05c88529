"""Administration: city accounts (staff, coordinators, admins), roles and departments."""
