"""The participant chart's texts as the browser lays them out (getBBox): no value, year
or axis label overlaps another, and no value is under a target marker, also where the
target sits right on a bar (issue 15: 230 and 463 were hidden under the markers)."""

from __future__ import annotations

from datetime import datetime

from playwright.sync_api import Page

from hackplat.dashboard.strategy import seed_strategy
from hackplat.extensions import db
from hackplat.fiscal import JAPAN
from hackplat.models import Organisation, OrganisationKind, OrganisationStatus, Role, User

BOXES = """svg => {
  const box = el => { const b = el.getBBox(); return {x: b.x, y: b.y, w: b.width, h: b.height, text: el.textContent}; };
  return {texts: [...svg.querySelectorAll("text")].map(box), markers: [...svg.querySelectorAll("circle")].map(box)};
}"""


def overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]
    )


def test_no_chart_label_is_hidden(page: Page) -> None:
    indicators = {indicator.key: indicator for indicator in seed_strategy()}
    approved = datetime(2022, 10, 1, 12, tzinfo=JAPAN)
    organisation = Organisation(name="株式会社チャート", kind=OrganisationKind.COMPANY,
                                status=OrganisationStatus.APPROVED, approved_at=approved)  # fmt: skip
    db.session.add(organisation)
    for n in range(23):
        member = User(email=f"m{n}@chart.example.jp", name=f"会員{n}", role=Role.MEMBER, password_hash="-")
        member.organisation = organisation
        db.session.add(member)
    # targets on, just over and just under the bars of 23 (the demo's 230 under 250)
    for value, target in zip(
        sorted(indicators["participants"].values, key=lambda v: v.fiscal_year), (25, 23, 24, 40), strict=True
    ):
        value.target = target
    db.session.commit()

    page.goto("/programme?cycle=2022")
    boxes = page.locator("#participants-chart").evaluate(BOXES)
    texts, markers = boxes["texts"], boxes["markers"]
    assert len(markers) == 4
    assert sum(text["text"] == "23" for text in texts) == 4  # the four values are drawn
    for n, text in enumerate(texts):
        assert not any(overlap(text, marker) for marker in markers), text
        assert not any(overlap(text, other) for other in texts[n + 1 :]), text
