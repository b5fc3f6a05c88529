"""Japanese (translatable) labels for the enum values shown in the UI."""
from flask_babel import lazy_gettext as _l

from hackplat.models import DepartmentKind, NeedStatus, OrganisationKind, OrganisationStatus, ProposalStatus, Role

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

NEED_STATUS_LABELS = {
    NeedStatus.DRAFT: _l("下書き"),
    NeedStatus.OPEN: _l("募集中"),
    NeedStatus.WORKING_GROUP: _l("ワーキンググループ"),
    NeedStatus.PILOTING: _l("試行中"),
    NeedStatus.RESOLVED: _l("解決済み"),
    NeedStatus.CLOSED: _l("終了"),
}

PROPOSAL_STATUS_LABELS = {
    ProposalStatus.DRAFT: _l("下書き"),
    ProposalStatus.SUBMITTED: _l("提出済み"),
    ProposalStatus.SHORTLISTED: _l("選考中"),
    ProposalStatus.SELECTED: _l("採択"),
    ProposalStatus.DECLINED: _l("見送り"),
    ProposalStatus.WITHDRAWN: _l("取り下げ"),
}

ALL_LABELS = {
    "role": ROLE_LABELS,
    "organisation_kind": ORGANISATION_KIND_LABELS,
    "organisation_status": ORGANISATION_STATUS_LABELS,
    "department_kind": DEPARTMENT_KIND_LABELS,
    "need_status": NEED_STATUS_LABELS,
    "proposal_status": PROPOSAL_STATUS_LABELS,
}
