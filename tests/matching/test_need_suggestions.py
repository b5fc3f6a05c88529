"""The ranked seeds on a need's page: who sees the panel, which seeds, and how they
are explained (similarity as a percentage, shared terms highlighted)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.matching import store
from hackplat.models import MatchPair
from tests.matching.pages import linked_ids, marked_terms, rows, section

PANEL = 'id="need-suggestions"'


def suggestions_panel(client, need_id: int) -> str | None:
    response = client.get(f"/needs/{need_id}")
    assert response.status_code == 200
    return section(response.get_data(as_text=True), PANEL)


def test_staff_of_the_department_see_the_public_fitting_seed_first(client, login, childcare, person) -> None:
    store.rebuild()
    login(person("staff"))
    panel = suggestions_panel(client, childcare.need.id)
    assert panel is not None
    assert "このニーズに合うシーズ" in panel
    ranked = linked_ids(panel, "seeds")
    assert ranked[0] == childcare.public_seed.id
    assert childcare.private_seed.id not in ranked
    assert "非公開" not in panel
    first = rows(panel)[0]
    assert {"申請", "保育"} <= set(marked_terms(first))
    pair = db.session.scalar(select(MatchPair).where(MatchPair.need_id == childcare.need.id,
                                                     MatchPair.seed_id == childcare.public_seed.id))  # fmt: skip
    assert f'<td data-label="類似度">{round(pair.similarity * 100)}%</td>' in first
    assert "関係なし" not in panel
    assert "招待候補にする" not in panel


def test_the_fitting_seeds_rank_first_and_an_unrelated_one_is_not_suggested(client, login, childcare, person) -> None:
    store.rebuild()
    login(person("coordinator"))
    ranked = linked_ids(suggestions_panel(client, childcare.need.id) or "", "seeds")
    assert set(ranked[:2]) == {childcare.public_seed.id, childcare.private_seed.id}
    assert childcare.unrelated_seed.id not in ranked  # below MIN_SIMILARITY: a stray shared word


@pytest.mark.parametrize("kind", ["coordinator", "admin"])
def test_the_programme_office_also_sees_private_seeds_and_the_feedback_buttons(
    client, login, childcare, person, kind
) -> None:
    store.rebuild()
    login(person(kind))
    panel = suggestions_panel(client, childcare.need.id)
    assert panel is not None
    private_row = next(row for row in rows(panel) if f'href="/seeds/{childcare.private_seed.id}"' in row)
    assert "非公開" in private_row
    assert "入所" in marked_terms(private_row)
    assert f"/matching/feedback/{childcare.need.id}/{childcare.private_seed.id}/not-relevant" in private_row
    assert f"/matching/feedback/{childcare.need.id}/{childcare.private_seed.id}/invite" in private_row


@pytest.mark.parametrize("kind", ["public", "member", "other_staff"])
def test_others_get_no_panel(client, login, childcare, person, kind) -> None:
    store.rebuild()
    if kind != "public":
        login(person(kind))
    html = client.get(f"/needs/{childcare.need.id}").get_data(as_text=True)
    assert section(html, PANEL) is None
    assert childcare.public_seed.title not in html
    assert childcare.private_seed.title not in html


def test_before_the_first_rebuild_the_panel_says_so(client, login, childcare, person) -> None:
    login(person("staff"))
    panel = suggestions_panel(client, childcare.need.id)
    assert panel is not None
    assert "合うシーズはまだ見つかっていません" in panel
    assert linked_ids(panel, "seeds") == []


def test_a_seed_saved_after_the_rebuild_is_suggested_at_once(client, login, make_user, childcare, person) -> None:
    """Saving a seed re-ranks it in the active version (no rebuild needed)."""
    store.rebuild()
    member = make_user("member")
    login(member)
    data = {"title": "保育所の入所申請を電子化するシステム", "summary": "入所申請と書類の提出をオンラインで受け付ける。",
            "description": "保護者はスマートフォンから申請できる。", "track_record": "", "tags": "",
            "theme_id": "0", "is_public": "y"}  # fmt: skip
    assert client.submit("/seeds/new", data).status_code == 302
    client.submit("/logout")
    login(person("staff"))
    panel = suggestions_panel(client, childcare.need.id) or ""
    assert "保育所の入所申請を電子化するシステム" in panel
