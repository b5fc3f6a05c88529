"""The demo's search and project paths (#17 item 1), on the support requests that
hackplat/demo/support.py triaged to them, through the same services as the UI:

- the search: the office looks for organisations for one of the department's open needs,
  marks a seed 招待候補 (the matcher's index is built after the load) and invites its
  organisation from the search, which forms the need's working group; still open;
- the project support: a coordinator accompanies one of the department's running pilots,
  with two check-ins (one by the coordinator, one by the department's staff).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.matching.suggestions import give_feedback
from hackplat.models import FeedbackKind, Role, Seed, User
from hackplat.models.support import SupportPath, SupportRequest, SupportStatus
from hackplat.support.paths import project, search
from hackplat.support.paths.project import CheckInEntry

#: The seed invited for the search's need, by title (if the department's open need is the
#: one the demo tells of; otherwise the first public seed of an organisation that fits).
SEARCH_SEED = "外出・歩行量データを活用した介護予防の声かけ支援"
PROJECT_GOAL = "3公園でのスマホ予約とスマートロックの試行を、年度内に予定どおり始める。"
CHECK_INS = (  # days ago, status, note, next action, by the department's staff
    (14, "attention", "スマートロックの設置工事の日程が、公園の利用予約と重なり決まっていない。",
     "公園の利用の少ない平日の午前に工事を寄せられるか、公園緑地事務所と調整する。", False),
    (3, "on_track", "工事の日程が決まり、3公園のうち2公園で設置を終えた。",
     "残る1公園の設置と、利用者向けの案内を来週までに用意する。", True),
)  # fmt: skip


def _triaged(path: SupportPath) -> SupportRequest | None:
    query = select(SupportRequest).where(SupportRequest.path == path, SupportRequest.status == SupportStatus.TRIAGED)
    return db.session.scalars(query.order_by(SupportRequest.id)).first()


def _load_search(request: SupportRequest, coordinator: User) -> int:
    needs = search.searchable_needs(request)
    if not needs:
        return 0
    need = needs[-1]  # the oldest of the department's open needs
    search.choose_need(request, need, actor=coordinator)
    seed = db.session.scalar(select(Seed).where(Seed.title == SEARCH_SEED, Seed.is_public.is_(True)))
    if seed is None:
        return 0
    give_feedback(need, seed, FeedbackKind.INVITE, actor=coordinator)  # 招待候補, as on the need's page
    search.invite(request, seed, actor=coordinator)
    return 1


def _load_project(request: SupportRequest, coordinator: User) -> int:
    pilots = project.running_pilots(request)
    staff = db.session.scalars(
        select(User).where(User.role == Role.STAFF, User.department_id == request.department_id).order_by(User.id)
    ).first()
    if not pilots or staff is None:
        return 0
    support = project.start_support(request, pilots[0], PROJECT_GOAL, actor=coordinator)
    for days_ago, status, note, next_action, by_staff in CHECK_INS:
        entry = CheckInEntry(japan_today() - timedelta(days=days_ago), status, note, next_action)
        project.add_check_in(support, entry, actor=staff if by_staff else coordinator)
    return len(CHECK_INS)


def load_support_paths() -> str:
    """Run the search and project paths of the demo's requests; what was made, in words."""
    coordinator = db.session.scalars(select(User).where(User.role == Role.COORDINATOR).order_by(User.id)).first()
    if coordinator is None:
        return "0 / 0"
    searched = _triaged(SupportPath.SEARCH)
    invited = _load_search(searched, coordinator) if searched is not None else 0
    supported = _triaged(SupportPath.PROJECT)
    check_ins = _load_project(supported, coordinator) if supported is not None else 0
    db.session.flush()
    return f"招待 {invited} 件 / 記録 {check_ins} 件"
