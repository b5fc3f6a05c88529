"""Japanese (translatable) labels for the enum values shown in the UI."""
from flask_babel import lazy_gettext as _l

from hackplat.models import DepartmentKind, OrganisationKind, OrganisationStatus, Role

ROLE_LABELS = {
    Role.MEMBER: _l("参加組織メンバー"),
    Role.STAFF: _l("市職員"),
    Role.COORDINATOR: _l("コーディネーター"),
    Role.ADMIN: _l("システム管理者"),
}

ORGANISATION_KIND_LABELS = {
    OrganisationKind.COMPANY: _l("企業"),
    OrganisationKind.UNIVERSITY: _l("大学・研究機関"),
    OrganisationKind.NPO: _l("NPO・市民団体"),
    OrganisationKind.OTHER: _l("その他"),
}

ORGANISATION_STATUS_LABELS = {
    OrganisationStatus.PENDING: _l("承認待ち"),
    OrganisationStatus.APPROVED: _l("承認済み"),
    OrganisationStatus.REJECTED: _l("却下"),
}

DEPARTMENT_KIND_LABELS = {
    DepartmentKind.BUREAU: _l("局"),
    DepartmentKind.WARD: _l("区"),
    DepartmentKind.SECTION: _l("課"),
}

ALL_LABELS = {
    "role": ROLE_LABELS,
    "organisation_kind": ORGANISATION_KIND_LABELS,
    "organisation_status": ORGANISATION_STATUS_LABELS,
    "department_kind": DEPARTMENT_KIND_LABELS,
}
