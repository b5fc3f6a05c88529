"""The demo's knowledge inside the city (#17 item 4): internal lessons on two pilots,
written by their departments' staff, and one department's interest in rolling out a
published case (青葉区 wants the window waiting-time display), through the services (and
audit records) of the pages."""

from __future__ import annotations

from sqlalchemy import select

from hackplat.extensions import db
from hackplat.knowledge.roll_out import show_interest
from hackplat.models import CaseStatus, KnowledgeCase, Need, Pilot, Role, User
from hackplat.pilots.lessons import LessonFields, add_lesson

#: need title of the pilot → its lessons (category, title, body).
LESSONS: dict[str, list[tuple[str, str, str]]] = {
    "会議の議事録作成をＡＩで省力化したい": [
        (
            "security_review",
            "音声データを庁外に出さない構成で審査を短縮",
            "クラウド型の音声認識は、会議の録音を庁外に送るため情報セキュリティ審査で差し戻された。"
            "庁内サーバーに置く構成に変えて再申請し、審査は3週間で終わった。次に同種の試行をする課は、"
            "最初から庁内設置の見積もりも取っておくとよい。",
        ),
        (
            "procurement",
            "試行は無償、本導入は随意契約にできなかった",
            "試行期間は事業者の無償提供で進めたが、本導入では同等の製品が複数あるため随意契約が認められず、"
            "一般競争入札の仕様書づくりに2か月かかった。試行中から仕様書の項目（認識率の測り方など）を記録しておくこと。",
        ),
    ],
    "区役所窓口の待ち時間を見える化したい": [
        (
            "next_time",
            "繁忙期の前に始める",
            "試行を2月に始めたため、効果の測定が3〜4月の繁忙期に間に合った。1か月遅れていたら比較の数字がとれなかった。"
            "展開先でも、発券機の更新時期と繁忙期の両方から逆算して日程を組むこと。",
        ),
        (
            "other",
            "窓口の職員への説明",
            "「待ち時間が表示されると苦情が増える」という窓口の不安が大きかった。表示は「目安」とし、"
            "事前に職員向けの説明会を2回開いたことで、導入後の苦情はむしろ減った。",
        ),
    ],
}
#: The roll-out interest: (case's need title, interested staff's email, note).
INTEREST = (
    "区役所窓口の待ち時間を見える化したい",
    "staff-aoba@example.jp",
    "青葉区役所でも3〜4月の戸籍・住民票の窓口の混雑が課題です。来年度の発券機の更新に合わせて導入を検討したいと考えています。",
)


def _pilot_of(need_title: str) -> Pilot | None:
    return db.session.scalar(select(Pilot).join(Need, Pilot.need_id == Need.id).where(Need.title == need_title))


def _staff_of(pilot: Pilot) -> User | None:
    query = select(User).where(User.role == Role.STAFF, User.department_id == pilot.department_id).order_by(User.id)
    return db.session.scalar(query.limit(1))


def load_lessons(coordinator: User) -> int:
    """The lessons (by the pilot's department's staff, else the coordinator) and the
    interest; returns how many lessons were written."""
    written = 0
    for need_title, entries in LESSONS.items():
        pilot = _pilot_of(need_title)
        if pilot is None:
            continue
        author = _staff_of(pilot) or coordinator
        for category, title, body in entries:
            add_lesson(pilot, LessonFields(category, title, body), actor=author)
            written += 1
    _load_interest()
    db.session.flush()
    return written


def _load_interest() -> None:
    need_title, email, note = INTEREST
    pilot = _pilot_of(need_title)
    staff = db.session.scalar(select(User).where(User.email == email))
    case = db.session.scalar(select(KnowledgeCase).where(KnowledgeCase.pilot_id == pilot.id)) if pilot else None
    if case is None or staff is None or case.status is not CaseStatus.PUBLISHED:
        return
    if staff.department_id in (case.department_id, pilot.department_id if pilot else None):
        return
    show_interest(case, note=note, need_id=None, actor=staff)
