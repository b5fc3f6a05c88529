"""The demo's support requests (#17 item 1), opened, joined and triaged through the
services (audited and notified like real ones), then back-dated so that the lists show
their age:

- 市民局 窓口サービス課: 業務分析支援, in progress (a contractor analyses until next month);
- 資源循環局 家庭系対策課: 課題の募集, triaged, waiting for its need to be drafted;
- 健康福祉局 高齢健康福祉課: 事業者探し, triaged (the search path's records build on it);
- みどり環境局: プロジェクト管理支援, triaged (the project path's records build on it: its
  running pilot of park bookings);
- 青葉区 区政推進課: not yet triaged, and こども青少年局 保育対策課 has joined it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from hackplat.extensions import db
from hackplat.fiscal import japan_today
from hackplat.models import Role, User, utcnow
from hackplat.models.support import SupportPath, SupportRequest
from hackplat.support import services


@dataclass(frozen=True)
class DemoRequest:
    email: str  # the requesting staff
    days_ago: int
    fields: services.RequestFields
    path: SupportPath | None = None
    reason: str = ""


REQUESTS = (
    DemoRequest("staff2@example.jp", 45, services.RequestFields(
        "区役所への電話の問い合わせが減らない",
        "区役所の窓口サービス課には1日200件を超える電話が来るが、何についての問い合わせが多いのか記録がなく、"
        "どこから手を付ければよいか分からない。",
        "電話を受ける窓口の職員と、つながるまで待たされる区民。",
        "よくある質問のページを増やしたが、電話の件数は変わらなかった。",
    ), SupportPath.ANALYSIS, "問い合わせの内訳が分からないため、まず外部委託で通話の記録を分析して課題を特定する。"),
    DemoRequest("staff-gomi@example.jp", 12, services.RequestFields(
        "集積所のごみの出し方のルール違反が減らない",
        "分別されていないごみや収集日以外に出されたごみが集積所に残り、地域の苦情と職員の回収作業が増えている。",
        "集積所を管理する自治会と、回収に回る職員。",
        "多言語のチラシを配ったが、転入の多い地区では効果が続かなかった。",
    ), SupportPath.NEED, "課題ははっきりしており、解決策を事業者から広く募るのがよい。"),
    DemoRequest("staff-korei@example.jp", 8, services.RequestFields(
        "フレイル予防の声かけを任せられる事業者がみつからない",
        "フレイル予防の課題を公開したが提案が少ない。外出や歩行のデータから、教室に来ない高齢者に声をかけられる事業者がみつからない。",
        "介護予防の取組に参加していない高齢者と、地域ケアプラザの職員。",
        "体操教室のチラシを配ったが、参加者は一部の方に限られている。",
    ), SupportPath.SEARCH, "必要な機能は明確なので、マッチングで事業者を探して招待する。"),
    DemoRequest("staff-midori@example.jp", 5, services.RequestFields(
        "公園施設のスマホ予約の試行が予定より遅れている",
        "3公園でスマホ予約とスマートロックの試行を始めたが、ロックの設置工事と利用予約の調整が進まず、予定より遅れている。",
        "公園の施設を予約して使う市民と、公園を管理する職員。",
        "事業者と月1回の打合せをしているが、工事の日程が決まらない。",
    ), SupportPath.PROJECT, "試行は始まっており、工事と運用の調整に伴走するのが早い（試行実施中の試行プロジェクトに付ける）。"),
    DemoRequest("staff-aoba@example.jp", 3, services.RequestFields(
        "保育園の入園申請の時期に問い合わせが窓口に集中する",
        "毎年1月の保育園の入園申請の時期に、窓口と電話に問い合わせが集中し、職員が審査を進められない。",
        "入園を申請する保護者と、審査を担当する区の職員。",
        "申請の手引きを見直したが、問い合わせは減らなかった。",
    )),
)  # fmt: skip
#: Who joins the last request, and what they add.
JOIN = ("staff@example.jp", "保育対策課にも各区から同じ相談が来ています。市全体の課題として一緒に進めたいです。")
ANALYSIS_CONTRACTOR = "株式会社よこはま業務分析"


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _coordinator() -> User | None:
    return db.session.scalars(select(User).where(User.role == Role.COORDINATOR).order_by(User.id)).first()


def _open(item: DemoRequest, coordinator: User) -> SupportRequest | None:
    author = _user(item.email)
    if author is None:
        return None
    request = services.open_request(item.fields, actor=author)
    if item.path is not None:
        services.triage_request(request, item.path, item.reason, expected_version=request.version, actor=coordinator)
    if item.path is SupportPath.ANALYSIS:
        due = japan_today() + timedelta(days=30)
        services.assign_analysis(request, ANALYSIS_CONTRACTOR, due, expected_version=request.version,
                                 actor=coordinator)  # fmt: skip
    when = utcnow() - timedelta(days=item.days_ago)
    request.created_at = request.updated_at = when
    if request.triaged_at is not None:
        request.triaged_at = when + timedelta(days=2)
    return request


def load_support_requests() -> int:
    """Open the demo's requests; the number opened."""
    coordinator = _coordinator()
    if coordinator is None:
        return 0
    opened = [r for item in REQUESTS if (r := _open(item, coordinator)) is not None]
    joiner = _user(JOIN[0])
    if opened and joiner is not None and opened[-1].department_id != joiner.department_id:
        services.join_request(opened[-1], JOIN[1], actor=joiner)
    db.session.flush()
    return len(opened)
