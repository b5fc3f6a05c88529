"""All models, imported here so that Alembic and the app see the whole metadata."""
from hackplat.models.accounts import (
    Department,
    DepartmentKind,
    LoginSession,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Role,
    User,
)
from hackplat.models.audit import AuditRecord
from hackplat.models.base import Base, utcnow

__all__ = [
    "AuditRecord",
    "Base",
    "Department",
    "DepartmentKind",
    "LoginSession",
    "Organisation",
    "OrganisationKind",
    "OrganisationStatus",
    "Role",
    "User",
    "utcnow",
]
