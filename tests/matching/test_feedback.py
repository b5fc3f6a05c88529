"""The programme office's word on a suggestion: "not relevant" (kept, never shown
again, across rebuilds) and "invite" (marked on the page); nobody else may give it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.matching import store
from hackplat.matching.suggestions import invited_seed_ids
from hackplat.models import AuditRecord, FeedbackKind, MatchPair, SuggestionFeedback
from tests.matching.pages import linked_ids, rows, section

ACTIONS = {FeedbackKind.NOT_RELEVANT: "not-relevant", FeedbackKind.INVITE: "invite"}


def give(client, need_id: int, seed_id: int, kind: FeedbackKind):
    return client.submit(f"/matching/feedback/{need_id}/{seed_id}/{ACTIONS[kind]}")


def suggested(client, need_id: int) -> list[int]:
    html = client.get(f"/needs/{need_id}").get_data(as_text=True)
    return linked_ids(section(html, 'id="need-suggestions"') or "", "seeds")


def feedback_rows(kind: FeedbackKind | None = None) -> list[SuggestionFeedback]:
    query = select(SuggestionFeedback)
    return list(db.session.scalars(query if kind is None else query.where(SuggestionFeedback.kind == kind)))


def test_not_relevant_hides_the_pair_keeps_the_word_and_survives_a_rebuild(client, login, childcare, person) -> None:
    need, seed = childcare.need, childcare.public_seed
    store.rebuild()
    coordinator = person("coordinator")
    login(coordinator)
    response = give(client, need.id, seed.id, FeedbackKind.NOT_RELEVANT)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/needs/{need.id}#need-suggestions")
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "を関係なしにしました" in page
    assert seed.id not in linked_ids(section(page, 'id="need-suggestions"') or "", "seeds")
    [kept] = feedback_rows()
    assert (kept.need_id, kept.seed_id, kept.kind, kept.user_id) == (
        need.id,
        seed.id,
        FeedbackKind.NOT_RELEVANT,
        coordinator.id,
    )
    audit = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "match.not_relevant"))
    assert (audit.object_type, audit.object_id, audit.detail) == ("need", str(need.id), {"seed_id": seed.id})
    version_id = store.rebuild().version_id
    pair = (version_id, need.id, seed.id)
    assert db.session.get(MatchPair, pair) is not None  # the pair is still ranked ...
    assert seed.id not in suggested(client, need.id)  # ... and still not shown
    assert childcare.private_seed.id in suggested(client, need.id)
    assert len(feedback_rows()) == 1


def test_not_relevant_hides_the_pair_from_the_department_too(client, login, childcare, person) -> None:
    store.rebuild()
    login(person("staff"))
    assert childcare.public_seed.id in suggested(client, childcare.need.id)
    client.submit("/logout")
    login(person("coordinator"))
    give(client, childcare.need.id, childcare.public_seed.id, FeedbackKind.NOT_RELEVANT)
    client.submit("/logout")
    login(person("staff"))
    assert childcare.public_seed.id not in suggested(client, childcare.need.id)


def test_invite_marks_the_row_and_is_given_once(client, login, childcare, person) -> None:
    need, seed = childcare.need, childcare.private_seed
    store.rebuild()
    login(person("coordinator"))
    for _ in range(2):
        assert give(client, need.id, seed.id, FeedbackKind.INVITE).status_code == 302
    assert invited_seed_ids(need) == {seed.id}
    assert len(feedback_rows(FeedbackKind.INVITE)) == 1
    panel = section(client.get(f"/needs/{need.id}").get_data(as_text=True), 'id="need-suggestions"') or ""
    invited_row = next(row for row in rows(panel) if f'href="/seeds/{seed.id}"' in row)
    assert "招待候補" in invited_row
    assert f"/{seed.id}/invite" not in invited_row
    assert f"/{seed.id}/not-relevant" in invited_row  # still possible
    other_row = next(row for row in rows(panel) if f'href="/seeds/{childcare.public_seed.id}"' in row)
    assert "招待候補にする" in other_row
    assert seed.id in suggested(client, need.id)  # an invitation does not hide the seed


@pytest.mark.parametrize("kind", [FeedbackKind.NOT_RELEVANT, FeedbackKind.INVITE])
@pytest.mark.parametrize("who", ["member", "staff", "other_staff"])
def test_only_the_programme_office_gives_feedback(client, login, childcare, person, who, kind) -> None:
    store.rebuild()
    login(person(who))
    assert give(client, childcare.need.id, childcare.public_seed.id, kind).status_code == 403
    assert feedback_rows() == []


@pytest.mark.parametrize("kind", [FeedbackKind.NOT_RELEVANT, FeedbackKind.INVITE])
def test_anonymous_feedback_is_sent_to_sign_in(client, childcare, kind) -> None:
    response = give(client, childcare.need.id, childcare.public_seed.id, kind)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert feedback_rows() == []


@pytest.mark.parametrize("missing", ["need", "seed"])
def test_feedback_on_a_missing_need_or_seed_is_404(client, login, childcare, person, missing) -> None:
    login(person("coordinator"))
    need_id = 999_999 if missing == "need" else childcare.need.id
    seed_id = 999_999 if missing == "seed" else childcare.public_seed.id
    url = f"/matching/feedback/{need_id}/{seed_id}/invite"
    assert client.submit(url).status_code == 404
    assert feedback_rows() == []
