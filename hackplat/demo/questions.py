"""The demo's questions and answers (質疑応答), asked and answered through the services
(so they are audited and notified like real ones) once the needs have their demo status:

- 「保育所等の入所申請をスマホで完結させたい」 (staff@example.jp's section): a question
  deadline two weeks before the proposals' deadline, two published answers, a private
  one, and member@example.jp's question still waiting for the section's answer;
  the section asks the first proposer two questions, one answered and one waiting;
- the next two open needs of other departments: one published answer, one waiting.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import Need, NeedStatus, Proposal, ProposalStatus, Role, User
from hackplat.needs.services import fields_of, update_need
from hackplat.questions import services
from hackplat.questions.rules import takes_questions

CHILDCARE_NEED = "保育所等の入所申請をスマホで完結させたい"
#: (asker's e-mail, question, answer or None (waiting), published)
CHILDCARE_QUESTIONS = (
    ("datalab@example.jp", "既存の保育システムとのデータ連携は必要ですか。必要な場合、連携の仕様は開示いただけますか。",
     "現時点で既存システムとのリアルタイム連携は必須ではありません。CSV形式での受け渡しを想定しています。"
     "仕様の詳細は選考対象となった提案者に開示します。", True),
    ("carelink@example.jp", "実証の期間と、対象となる申請の件数の見込みを教えてください。",
     "実証は3か月程度を想定しています。対象は1区の4月入所の一次申請で、約1,500件の見込みです。", True),
    ("carelink@example.jp", "当社は市内に事業所がありませんが、提案できますか。",
     "市内に事業所がなくても提案いただけます。打合せはオンラインでも対応します。", False),
    ("member@example.jp", "申請に添付する就労証明書は、電子ファイルでの提出を認める予定ですか。", None, True),
)  # fmt: skip
OTHER_QUESTIONS = (
    ("datalab@example.jp", "個人情報を扱う場合、クラウドサービスの利用に条件はありますか。",
     "ISMAPに登録されたクラウドサービスの利用を条件とします。個人情報の取扱いは市の基準に従ってください。"),
    ("member@example.jp", "実証に使える庁内のデータ（件数や処理時間の記録）はありますか。", None),
)  # fmt: skip
TO_PROPOSER = (
    ("概算費用の内訳（初期費用と年間の運用費）を教えてください。",
     "初期費用は約300万円、運用費は年額120万円を見込んでいます。内訳は提案書の別紙に記載しました。"),
    ("既存の保育システムへの取込みは、どの程度の頻度で行う想定ですか。", None),
)  # fmt: skip


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _answerer(need: Need) -> User | None:
    query = select(User).where(User.role == Role.STAFF, User.department_id == need.department_id, User.active)
    return db.session.scalars(query.order_by(User.id)).first()


def _ask(need: Need, email: str, body: str, answer: str | None, public: bool = True) -> int:
    asker, staff = _user(email), _answerer(need)
    if asker is None or staff is None:
        return 0
    question = services.ask_question(need, body, actor=asker)
    if answer is not None:
        services.answer_question(question, answer, publish=public, expected_version=question.version, actor=staff)
    return 1


def _childcare(need: Need) -> int:
    staff = _answerer(need)
    if staff is None or need.deadline is None:
        return 0
    fields = replace(fields_of(need), question_deadline=need.deadline - timedelta(days=14))
    update_need(need, fields, expected_version=need.version, actor=staff)
    count = sum(_ask(need, *item) for item in CHILDCARE_QUESTIONS)
    seen = (ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED)
    query = select(Proposal).where(Proposal.need_id == need.id, Proposal.status.in_(seen)).order_by(Proposal.id)
    proposal = db.session.scalars(query).first()
    if proposal is None:
        return count
    return count + _ask_proposer(proposal, staff)


def _ask_proposer(proposal: Proposal, staff: User) -> int:
    member = db.session.scalars(select(User).where(User.organisation_id == proposal.organisation_id)).first()
    if member is None:
        return 0
    for body, answer in TO_PROPOSER:
        question = services.ask_proposer(proposal, body, actor=staff)
        if answer is not None:
            services.answer_question(question, answer, publish=False, expected_version=question.version, actor=member)
    return len(TO_PROPOSER)


def load_questions() -> int:
    """Ask and answer the demo's questions; returns how many were asked."""
    query = select(Need).where(Need.status == NeedStatus.OPEN).order_by(Need.id)
    open_needs = [need for need in db.session.scalars(query) if takes_questions(need)]
    childcare = next((need for need in open_needs if need.title == CHILDCARE_NEED), None)
    count = _childcare(childcare) if childcare is not None else 0
    others = [need for need in open_needs if childcare is None or need.department_id != childcare.department_id]
    for need, (email, body, answer) in zip(others, OTHER_QUESTIONS, strict=False):
        count += _ask(need, email, body, answer)
    db.session.flush()
    return count
