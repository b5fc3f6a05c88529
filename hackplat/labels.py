"""Japanese (translatable) labels for the enum values shown in the UI."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from hackplat.fiscal import japanese_label, western_label
from hackplat.models import (
    ActivityKind,
    CaseStatus,
    DepartmentKind,
    Indicator,
    JobState,
    MembershipStatus,
    NeedStatus,
    OrganisationKind,
    OrganisationStatus,
    PilotStage,
    ProposalStatus,
    Role,
    WorkingGroupStatus,
)
from hackplat.models.pilots import MeasurementStatus

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

# --- working groups ---
WORKING_GROUP_STATUS_LABELS = {
    WorkingGroupStatus.FORMING: _l("結成中"),
    WorkingGroupStatus.ACTIVE: _l("活動中"),
    WorkingGroupStatus.CONCLUDED: _l("終了"),
}

MEMBERSHIP_STATUS_LABELS = {
    MembershipStatus.INVITED: _l("招待中"),
    MembershipStatus.ACCEPTED: _l("参加"),
    MembershipStatus.DECLINED: _l("辞退"),
}

ACTIVITY_KIND_LABELS = {
    ActivityKind.MEETING: _l("会議"),
    ActivityKind.DECISION: _l("決定事項"),
    ActivityKind.NEXT_STEP: _l("次のアクション"),
}

# --- evaluations: the rubric ---
CRITERION_LABELS = {
    "fit": _l("課題適合性"),
    "feasibility": _l("実現可能性"),
    "cost_effectiveness": _l("費用対効果"),
    "scalability": _l("横展開可能性"),
}

# --- pilots ---
MEASUREMENT_STATUS_LABELS = {
    MeasurementStatus.PROPOSED: _l("確認待ち"),
    MeasurementStatus.CONFIRMED: _l("確認済み"),
    MeasurementStatus.REJECTED: _l("差し戻し"),
}

PILOT_STAGE_LABELS = {
    PilotStage.CONSIDERED: _l("試行検討"),
    PilotStage.RUNNING: _l("試行実施"),
    PilotStage.EVALUATED: _l("効果検証済み"),
    PilotStage.ROLLED_OUT: _l("横展開"),
    PilotStage.STOPPED: _l("中止"),
}

# --- jobs (a matcher rebuild's page) ---
JOB_STATE_LABELS = {
    JobState.QUEUED: _l("順番待ち"),
    JobState.RUNNING: _l("実行中"),
    JobState.DONE: _l("完了"),
    JobState.FAILED: _l("失敗"),
}

# --- knowledge cases ---
CASE_STATUS_LABELS = {
    CaseStatus.DRAFT: _l("下書き"),
    CaseStatus.AWAITING_CONSENT: _l("同意待ち"),
    CaseStatus.PUBLISHED: _l("公開中"),
}


def fiscal_year_label(fiscal_year: int) -> str:
    """令和4年度（FY2022） in Japanese; FY2022 in English."""
    if str(get_locale()) == "en":
        return western_label(fiscal_year)
    return f"{japanese_label(fiscal_year)}（{western_label(fiscal_year)}）"


def indicator_name(indicator: Indicator) -> str:
    """An indicator's name in the page's language: the data holds both (``name_en``)."""
    return indicator.name_en if str(get_locale()) == "en" else indicator.name


ALL_LABELS = {
    "role": ROLE_LABELS,
    "organisation_kind": ORGANISATION_KIND_LABELS,
    "organisation_status": ORGANISATION_STATUS_LABELS,
    "department_kind": DEPARTMENT_KIND_LABELS,
    "need_status": NEED_STATUS_LABELS,
    "proposal_status": PROPOSAL_STATUS_LABELS,
    "working_group_status": WORKING_GROUP_STATUS_LABELS,
    "membership_status": MEMBERSHIP_STATUS_LABELS,
    "activity_kind": ACTIVITY_KIND_LABELS,
    "criterion": CRITERION_LABELS,
    "pilot_stage": PILOT_STAGE_LABELS,
    "measurement_status": MEASUREMENT_STATUS_LABELS,
    "case_status": CASE_STATUS_LABELS,
    "job_state": JOB_STATE_LABELS,
}
