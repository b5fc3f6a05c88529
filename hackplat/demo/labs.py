"""The demo's co-creation labs (#17 item 2): two labs, each with a few of the demo's open
needs (by theme), and the working groups and pilots of chosen needs (by title), put in
them through the same services (and audit records) as the office's pages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from hackplat import audit
from hackplat.extensions import db
from hackplat.labs.services import LabFields, assign_lab, create_lab
from hackplat.models import Lab, Need, NeedStatus, Pilot, Theme, User, WorkingGroup

NEEDS_PER_LAB = 3


@dataclass(frozen=True)
class DemoLab:
    fields: LabFields
    themes: tuple[str, ...]  # its open needs: of these themes
    piloted: tuple[str, ...]  # the titles of the needs whose group and pilot are in it


LABS = (
    DemoLab(
        LabFields(
            name="ケアテック・オープン・ラボ横浜",
            name_en="CareTech Open Lab Yokohama",
            description=(
                "介護の現場の困りごとを、介護事業者・福祉の専門職・企業が一緒に確かめ、"
                "新しい機器やサービスを現場で試しながら育てる場です。"
                "市の福祉・介護の課題と、その試行や公開事例をここにまとめています。"
            ),
            partners="市内の介護事業者\n地域ケアプラザ\n介護ロボット・センサーの開発企業\n市内の大学の研究室",
            url="https://caretech-lab.example.jp/",
        ),
        themes=("福祉・介護", "子育て"),
        piloted=("要介護認定の調査・審査事務を効率化したい",),
    ),
    DemoLab(
        LabFields(
            name="I・TOP横浜",
            name_en="I-TOP Yokohama (IoT Open Innovation Partners)",
            description=(
                "IoT、AI、ロボットなどの技術で、企業同士や市と組んで新しいサービスを生み出す"
                "オープンイノベーションの取組です。センサーやデータを使う課題と試行を扱います。"
            ),
            partners="市内のIT企業\n製造業の企業\n横浜湾岸工業大学\n支援機関",
            url="https://itop.example.jp/",
        ),
        themes=("防災", "データ活用", "環境"),
        piloted=("中小河川の水位をきめ細かく把握し早めの避難につなげたい", "区役所窓口の待ち時間を見える化したい"),
    ),
)


def _open_needs(themes: tuple[str, ...]) -> list[Need]:
    query = (
        select(Need)
        .join(Theme, Need.theme_id == Theme.id)
        .where(Theme.name.in_(themes), Need.status == NeedStatus.OPEN, Need.lab_id.is_(None))
        .order_by(Need.id)
        .limit(NEEDS_PER_LAB)
    )
    return list(db.session.scalars(query))


def _need_in(need: Need, lab: Lab, coordinator: User) -> None:
    """As the need form would (the demo's needs are past editing once piloted)."""
    audit.record("need.lab_changed", "need", need.id, actor=coordinator, detail={"from": need.lab_id, "to": lab.id})
    need.lab_id = lab.id


def _put_in(lab: Lab, data: DemoLab, coordinator: User) -> None:
    for need in _open_needs(data.themes):
        _need_in(need, lab, coordinator)
    for title in data.piloted:
        piloted = db.session.scalar(select(Need).where(Need.title == title))
        if piloted is None:
            continue
        _need_in(piloted, lab, coordinator)
        for item in [
            *db.session.scalars(select(WorkingGroup).where(WorkingGroup.need_id == piloted.id)),
            *db.session.scalars(select(Pilot).where(Pilot.need_id == piloted.id)),
        ]:
            assign_lab(item, lab.id, actor=coordinator)


def load_labs(coordinator: User) -> int:
    """Create the labs and fill them; returns how many labs."""
    for data in LABS:
        lab = create_lab(data.fields, actor=coordinator)
        _put_in(lab, data, coordinator)
    db.session.flush()
    return len(LABS)
