"""The programme office's home (coordinators, and admins, who do all that coordinators do):
organisations to approve, calls ending with few proposals, groups forming, evaluations
overdue, cases awaiting consent, failed jobs; and the admins' locked accounts."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from hackplat.evaluations.services import counted
from hackplat.fiscal import JAPAN, japan_today
from hackplat.home.items import Entry, QueryProvider, Rows, register
from hackplat.jobs.views import KINDS
from hackplat.models import (
    CaseStatus,
    Evaluation,
    Job,
    JobState,
    KnowledgeCase,
    Need,
    Organisation,
    OrganisationStatus,
    Proposal,
    ProposalStatus,
    User,
    WorkingGroup,
    WorkingGroupStatus,
)
from hackplat.models.exchange import RECEIVED_STATUSES
from hackplat.needs.calls import CALLING_STATUSES
from hackplat.permissions import is_admin, is_coordinator

#: A call ending within this many days is "near its deadline" …
DEADLINE_SOON_DAYS = 14
#: … and has "few proposals" below this many (submitted ones, not drafts or withdrawn).
FEW_PROPOSALS = 2


def day(value: date | datetime) -> str:
    """A date as the lists show it (a moment: its day in Japan)."""
    if isinstance(value, datetime):
        value = value.astimezone(JAPAN).date()
    return format_date(value, "yyyy/MM/dd")


def _pending_organisations(user: User) -> Rows:
    return (
        select(Organisation)
        .where(Organisation.status == OrganisationStatus.PENDING)
        .order_by(Organisation.created_at, Organisation.id)
    )


def _organisation_entry(organisation: Organisation) -> Entry:
    return Entry(
        organisation.name,
        url_for("organisations.detail", organisation_id=organisation.id),
        _("申請日 %(date)s", date=day(organisation.created_at)),
    )


def received_count() -> Any:
    """The number of proposals a need received, as a correlated subquery (``count(*)``:
    read from ix_proposals_need_status alone, where ``count(id)`` read each row on PostgreSQL)."""
    return (
        select(func.count())
        .select_from(Proposal)
        .where(Proposal.need_id == Need.id, Proposal.status.in_(RECEIVED_STATUSES))
        .correlate(Need)
        .scalar_subquery()
    )


def _few_received() -> Any:
    """Fewer than FEW_PROPOSALS received: no FEW_PROPOSALS-th one (an EXISTS that stops at
    it, from ix_proposals_need_status): half the time of counting each need's proposals
    (806 calls ending within 14 days at 10,000 needs: 1.1 against 2.2 ms on PostgreSQL)."""
    received = select(Proposal.need_id).where(Proposal.need_id == Need.id, Proposal.status.in_(RECEIVED_STATUSES))
    return ~received.correlate(Need).offset(FEW_PROPOSALS - 1).exists()


def _needs_ending_thin(user: User) -> Rows:
    today = japan_today()
    return (
        select(Need, received_count().label("received"))
        .where(Need.status.in_(CALLING_STATUSES), Need.call_closed_at.is_(None))
        .where(Need.deadline >= today, Need.deadline <= today + timedelta(days=DEADLINE_SOON_DAYS))
        .where(_few_received())
        .order_by(Need.deadline, Need.id)
    )


def _need_deadline_entry(row: Any) -> Entry:
    need, received = row
    note = _("締切 %(date)s・提案 %(n)d件", date=day(need.deadline), n=received)
    return Entry(need.title, url_for("needs.detail", need_id=need.id), note)


def _forming_groups(user: User) -> Rows:
    return (
        select(WorkingGroup)
        .where(WorkingGroup.status == WorkingGroupStatus.FORMING)
        .order_by(WorkingGroup.created_at, WorkingGroup.id)
    )


def _group_entry(group: WorkingGroup) -> Entry:
    note = _("結成 %(date)s", date=day(group.created_at))
    return Entry(group.name, url_for("workgroups.detail", group_id=group.id), note)


def _overdue_evaluations(user: User) -> Rows:
    """Needs whose call has ended with a shortlisted proposal that has fewer counted
    evaluations than the need asks for, and nothing selected yet."""
    shortlisted = aliased(Proposal)
    scored = (
        select(func.count(Evaluation.id))
        .where(Evaluation.proposal_id == shortlisted.id, *counted())
        .correlate(shortlisted)
        .scalar_subquery()
    )
    short = exists().where(
        shortlisted.need_id == Need.id, shortlisted.status == ProposalStatus.SHORTLISTED, scored < Need.min_evaluators
    )
    selected = exists().where(Proposal.need_id == Need.id, Proposal.status == ProposalStatus.SELECTED)
    ended = or_(Need.call_closed_at.is_not(None), and_(Need.deadline.is_not(None), Need.deadline < japan_today()))
    # Only needs with a shortlisted proposal (by status, an index): not every need checked.
    with_shortlist = select(Proposal.need_id).where(Proposal.status == ProposalStatus.SHORTLISTED)
    return select(Need).where(Need.id.in_(with_shortlist), ended, short, ~selected).order_by(Need.deadline, Need.id)


def _evaluation_entry(need: Need) -> Entry:
    note = _("締切 %(date)s", date=day(need.deadline)) if need.deadline else ""
    return Entry(need.title, url_for("evaluations.for_need", need_id=need.id), note)


def _cases_awaiting(user: User) -> Rows:
    return (
        select(KnowledgeCase)
        .where(KnowledgeCase.status == CaseStatus.AWAITING_CONSENT)
        .order_by(KnowledgeCase.updated_at, KnowledgeCase.id)
    )


def case_entry(case: KnowledgeCase) -> Entry:
    waiting = []
    if case.organisation_consent_at is None:
        waiting.append(_("組織"))
    if case.department_consent_at is None:
        waiting.append(_("部署"))
    note = _("同意待ち: %(parties)s", parties="・".join(waiting)) if waiting else ""
    return Entry(case.title, url_for("knowledge.detail", case_id=case.id), note)


def _failed_jobs(user: User) -> Rows:
    """The last job of each kind, when it failed (a later run that worked settles it)."""
    later = aliased(Job)
    newer = exists().where(later.kind == Job.kind, later.id > Job.id)
    return select(Job).where(Job.state == JobState.FAILED, ~newer).order_by(Job.id.desc())


def _job_entry(job: Job) -> Entry:
    when = job.finished_at or job.updated_at
    return Entry(str(KINDS.get(job.kind, job.kind)), url_for("jobs.detail", job_id=job.id), day(when))


def _locked_accounts(user: User) -> Rows:
    return select(User).where(User.locked_at.is_not(None)).order_by(User.locked_at, User.id)


def _account_entry(account: User) -> Entry:
    note = _("ロック %(date)s", date=day(account.locked_at)) if account.locked_at else ""
    return Entry(f"{account.name}（{account.email}）", url_for("admin.edit_user", user_id=account.id), note)


register(
    QueryProvider(
        "admin.locked_accounts", _l("ロックされたアカウント"), is_admin,
        _locked_accounts, _account_entry, lambda user: url_for("admin.users"),
    )
)  # fmt: skip
register(
    QueryProvider(
        "office.organisations", _l("承認を待っている参加組織"), is_coordinator,
        _pending_organisations, _organisation_entry, lambda user: url_for("organisations.index", status="pending"),
    )
)  # fmt: skip
register(
    QueryProvider(
        "office.thin_calls", _l("締切が近く提案が少ない課題"), is_coordinator,
        _needs_ending_thin, _need_deadline_entry, lambda user: url_for("needs.index"),
    )
)  # fmt: skip
register(
    QueryProvider(
        "office.forming_groups", _l("結成中のワーキンググループ"), is_coordinator,
        _forming_groups, _group_entry, lambda user: url_for("workgroups.index", status="forming"),
    )
)  # fmt: skip
register(
    QueryProvider(
        "office.overdue_evaluations", _l("評価が遅れている課題"), is_coordinator,
        _overdue_evaluations, _evaluation_entry,
    )
)  # fmt: skip
register(
    QueryProvider(
        "office.cases_awaiting_consent", _l("同意を待っている事例"), is_coordinator,
        _cases_awaiting, case_entry, lambda user: url_for("knowledge.drafts"),
    )
)  # fmt: skip
register(QueryProvider("office.failed_jobs", _l("失敗したジョブ"), is_coordinator, _failed_jobs, _job_entry))
