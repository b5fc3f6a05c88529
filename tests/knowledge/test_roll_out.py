"""The roll-out (横展開) panel of a case: open needs of OTHER departments that the matcher
finds similar to the solved need, best first, at most five, each with its shared terms;
never the department's own needs, closed needs, drafts or the solved need itself."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from hackplat.matching import store
from hackplat.matching.similar import open_needs_like
from hackplat.models import CaseStatus, KnowledgeCase, Need, NeedStatus
from tests.matching.pages import linked_ids, marked_terms, rows, section

PANEL = 'id="case-roll-out"'
NURSERY = {
    "title": "保育所の入所申請をオンラインで受け付けたい",
    "background": "保育所の入所申請は、紙の申請書を区役所の窓口で受け付けている。",
    "problem": "申請書の記入と添付書類の確認に時間がかかり、保護者にも職員にも負担が大きい。",
    "desired_outcome": "スマートフォンから入所申請ができる仕組み。",
    "expected_effect": "",
}


def like_nursery(title: str) -> dict[str, str]:
    return {**NURSERY, "title": title}


@dataclass
class World:
    case: KnowledgeCase
    wanted: Need  # open, another department, similar: must be listed
    unwanted: dict[str, Need]


@pytest.fixture
def world(make_department, make_need, make_pilot, make_case, make_seed) -> World:
    childcare, kohoku, tsuzuki = make_department("こども青少年局"), make_department("港北区"), make_department("都筑区")
    solved = make_need(department=childcare, status=NeedStatus.PILOTING, **NURSERY)
    case = make_case(CaseStatus.PUBLISHED, pilot=make_pilot(need=solved))
    wanted = make_need(department=kohoku, **like_nursery("保育所の入所申請を区でもオンラインにしたい"))
    unwanted = {
        "same department": make_need(department=childcare, **like_nursery("保育所の転所申請もオンラインにしたい")),
        "closed": make_need(department=kohoku, status=NeedStatus.CLOSED, **like_nursery("保育所の申請（終了）")),
        "draft": make_need(department=tsuzuki, status=NeedStatus.DRAFT, **like_nursery("保育所の申請（下書き）")),
        "unrelated": make_need(department=tsuzuki, title="観光客向けの多言語案内を充実させたい",
                               background="観光地の案内板が日本語だけである。", problem="外国人の観光客が迷う。",
                               desired_outcome="多言語の案内アプリ", expected_effect=""),
    }  # fmt: skip
    make_seed(title="保育園の入園申込をスマホで完結するサービス", summary="電子申請で書類も提出できる。")
    make_seed(title="粗大ごみ受付チャットボット", summary="LINEで申込を受け付ける。")
    return World(case, wanted, unwanted)


def roll_out_panel(client, case: KnowledgeCase) -> str:
    response = client.get(f"/knowledge/{case.id}")
    assert response.status_code == 200
    panel = section(response.get_data(as_text=True), PANEL)
    assert panel is not None
    return panel


def test_only_open_needs_of_other_departments_are_listed(client, world: World) -> None:
    store.rebuild()
    panel = roll_out_panel(client, world.case)
    assert linked_ids(panel, "needs") == [world.wanted.id]
    for need in (*world.unwanted.values(), world.case.pilot.need):
        assert need.title not in panel
    row = rows(panel)[0]
    assert "港北区" in row
    assert {"保育所", "申請"} & set(marked_terms(row))


def test_without_a_ranking_the_panel_says_so(client, world: World) -> None:
    panel = roll_out_panel(client, world.case)
    assert "順位付けがまだ作られていない" in panel
    assert linked_ids(panel, "needs") == []
    assert open_needs_like(world.case.pilot.need_id, outside_department=world.case.department_id) is None


def test_when_nothing_fits_the_panel_says_so(client, world: World) -> None:
    world.wanted.status = NeedStatus.CLOSED
    store.rebuild()
    panel = roll_out_panel(client, world.case)
    assert linked_ids(panel, "needs") == []
    assert "いまのところありません" in panel


def test_best_first_and_at_most_five(make_department, make_need, world: World) -> None:
    """Needs that repeat more of the solved need's words come first."""
    sentences = [NURSERY["background"], NURSERY["problem"], "保育所の入所申請は紙で受け付けている。"]
    for n in range(6):
        make_need(department=make_department(f"区{n}"), title=f"窓口の手続{n}", background="".join(sentences[: 1 + n % 3]),
                  problem="", desired_outcome="", expected_effect="")  # fmt: skip
    store.rebuild()
    found = open_needs_like(world.case.pilot.need_id, outside_department=world.case.department_id)
    assert found is not None
    assert len(found) == 5
    similarities = [candidate.similarity for candidate in found]
    assert similarities == sorted(similarities, reverse=True)
    assert found[0].need.id == world.wanted.id
    assert all(c.need.status is NeedStatus.OPEN and c.need.department_id != world.case.department_id for c in found)
    assert all(c.shared_terms for c in found)
