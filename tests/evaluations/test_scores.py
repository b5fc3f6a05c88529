"""Step 2: the four scores (integers 1–5) and a comment, submitted once; bad input is a
400 with the message next to its field and nothing written."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from sqlalchemy import select, text

from hackplat.errors import Conflict, InvalidInput
from hackplat.evaluations import services
from hackplat.evaluations.services import Scores
from hackplat.extensions import db
from hackplat.models import AuditRecord, Evaluation
from tests.evaluations.conftest import score_form, version_on

CRITERIA = ("fit", "feasibility", "cost_effectiveness", "scalability")
MESSAGE = "1〜5の中から選んでください。"


@pytest.fixture
def declared(panel, login):
    """The staff member has declared no conflict and is signed in."""
    services.declare_conflict(panel.proposal, False, actor=panel.staff)
    db.session.commit()
    login(panel.staff)
    return f"/evaluations/proposal/{panel.proposal.id}"


def own() -> Evaluation:
    return db.session.scalars(select(Evaluation)).one()


def error_next_to(page: str, field: str) -> str | None:
    match = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', page, re.S)
    return html_lib.unescape(match.group(1)) if match else None


@pytest.mark.parametrize("criterion", CRITERIA)
@pytest.mark.parametrize("bad", [None, "", "0", "6", "-1", "3.5", "abc", "５"])
def test_a_bad_score_is_refused_next_to_its_field(client, declared, criterion, bad) -> None:
    data = score_form(comment="よい提案")
    if bad is None:
        del data[criterion]
    else:
        data[criterion] = bad
    response = client.submit(f"{declared}/scores", data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert error_next_to(page, criterion) == MESSAGE
    assert all(error_next_to(page, other) is None for other in CRITERIA if other != criterion)
    evaluation = own()
    assert evaluation.submitted_at is None
    assert evaluation.fit is None
    assert evaluation.comment == ""


def test_every_missing_score_is_named_at_once(client, declared) -> None:
    response = client.submit(f"{declared}/scores", {"comment": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert [error_next_to(page, name) for name in CRITERIA] == [MESSAGE] * 4


def test_a_too_long_comment_is_refused(client, declared) -> None:
    response = client.submit(f"{declared}/scores", score_form(comment="あ" * 2001))
    assert response.status_code == 400
    assert error_next_to(response.get_data(as_text=True), "comment") == "2000文字以内で入力してください。"
    assert own().submitted_at is None


def test_valid_scores_are_saved_once_and_audited(client, declared, panel) -> None:
    response = client.submit(f"{declared}/scores", score_form((4, 3, 5, 2), "  現場で使える  "))
    assert response.status_code == 302
    evaluation = own()
    assert (evaluation.fit, evaluation.feasibility, evaluation.cost_effectiveness, evaluation.scalability) == (
        4,
        3,
        5,
        2,
    )
    assert evaluation.total == 14
    assert evaluation.comment == "現場で使える"
    assert evaluation.submitted_at is not None
    record = db.session.scalars(select(AuditRecord).order_by(AuditRecord.id.desc())).first()
    assert record.action == "evaluation.submitted"
    assert record.object_id == str(evaluation.id)
    assert record.detail == {"fit": 4, "feasibility": 3, "cost_effectiveness": 5, "scalability": 2}
    second = client.submit(f"{declared}/scores", score_form((1, 1, 1, 1), version=version_on(client, declared)))  # fmt: skip
    assert second.status_code == 302, "until a selection, scores may be corrected"
    assert own().fit == 1
    last = db.session.scalars(select(AuditRecord).order_by(AuditRecord.id.desc())).first()
    assert last.action == "evaluation.corrected"


def test_a_correction_with_bad_input_is_400_and_keeps_the_scores(client, declared) -> None:
    assert client.submit(f"{declared}/scores", score_form()).status_code == 302
    assert client.submit(f"{declared}/scores", {}).status_code == 400
    assert own().fit == 4


@pytest.mark.parametrize("bad", [0, 6, None, True, "x", 2.5])
def test_the_service_checks_the_scores_itself(panel, bad) -> None:
    """For callers without the form (the demo loader): the same rule, field by field."""
    services.declare_conflict(panel.proposal, False, actor=panel.staff)
    with pytest.raises(InvalidInput) as refusal:
        services.submit_scores(panel.proposal, Scores(3, 3, bad, 3), actor=panel.staff)  # type: ignore[arg-type]
    assert refusal.value.field == "cost_effectiveness"
    assert own().submitted_at is None


def test_a_second_submission_corrects_the_first_and_both_are_audited(panel) -> None:
    """A double click or a later change of mind: the last scores stand, the audit keeps both."""
    services.declare_conflict(panel.proposal, False, actor=panel.staff)
    services.submit_scores(panel.proposal, Scores(2, 2, 2, 2), actor=panel.staff)
    services.submit_scores(panel.proposal, Scores(5, 5, 5, 5), actor=panel.staff, expected_version=own().version)
    assert own().fit == 5
    actions = list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))
    assert actions[-2:] == ["evaluation.submitted", "evaluation.corrected"]


# --- corrections from a stale page ---


def test_a_correction_from_a_stale_tab_is_refused_on_the_page(client, declared) -> None:
    """Two tabs opened on the scores: the first correction is saved, the second (typed
    over the page before it) is refused with the reason, and the first stands."""
    assert client.submit(f"{declared}/scores", score_form((2, 2, 2, 2))).status_code == 302
    seen = version_on(client, declared)  # both tabs show this version
    first = client.submit(f"{declared}/scores", score_form((4, 4, 4, 4), "一つ目のタブ", version=seen))
    assert first.status_code == 302
    second = client.submit(f"{declared}/scores", score_form((1, 1, 1, 1), "二つ目のタブ", version=seen))
    assert second.status_code == 409
    assert "他の人が先に更新しました。ページを再読み込みして" in second.get_data(as_text=True)
    assert (own().fit, own().comment) == (4, "一つ目のタブ")
    corrected = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "evaluation.corrected")).all()
    assert len(corrected) == 1


def test_a_correction_needs_the_version_it_was_typed_over(panel) -> None:
    services.declare_conflict(panel.proposal, False, actor=panel.staff)
    services.submit_scores(panel.proposal, Scores(2, 2, 2, 2), actor=panel.staff)
    for stale in (None, own().version - 1):
        with pytest.raises(Conflict, match="他の人が先に更新しました"):
            services.submit_scores(panel.proposal, Scores(5, 5, 5, 5), actor=panel.staff, expected_version=stale)
    assert own().fit == 2


def test_a_write_between_the_check_and_the_update_is_refused(panel) -> None:
    """Another request corrects the scores after this one read the evaluation: the
    version in the UPDATE's condition refuses the later write."""
    services.declare_conflict(panel.proposal, False, actor=panel.staff)
    services.submit_scores(panel.proposal, Scores(2, 2, 2, 2), actor=panel.staff)
    db.session.commit()
    evaluation = own()
    seen = evaluation.version  # loaded here; the other request writes after
    with db.engine.begin() as other_request:
        other_request.execute(
            text("UPDATE proposal_evaluations SET fit = 3, version = version + 1 WHERE id = :id"), {"id": evaluation.id}
        )
    with pytest.raises(Conflict, match="ほかの画面で更新されました"):
        services.submit_scores(panel.proposal, Scores(5, 5, 5, 5), actor=panel.staff, expected_version=seen)
    db.session.rollback()
    assert own().fit == 3
