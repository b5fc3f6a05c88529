"""A case's life: drafted from a pilot whose effect is measured (one per pilot), edited
with lost-update protection, published (the pilot and the content checked again) and
withdrawn to draft; every write audited."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from hackplat.errors import Conflict
from hackplat.extensions import db
from hackplat.knowledge.services import draft_case, fields_of, update_case
from hackplat.models import AuditRecord, CaseStatus, KnowledgeCase, PilotStage


def case_count() -> int:
    return db.session.scalar(select(func.count()).select_from(KnowledgeCase))


def case_audit() -> list[tuple[str, dict]]:
    query = select(AuditRecord.action, AuditRecord.detail).where(AuditRecord.object_type == "knowledge_case")
    return [tuple(row) for row in db.session.execute(query.order_by(AuditRecord.id))]


def edit_data(case: KnowledgeCase, **overrides: str) -> dict[str, str]:
    return {
        "title": case.title, "department_id": str(case.department_id), "theme_id": str(case.theme_id or 0),
        "organisation_name": case.organisation_name, "need_summary": case.need_summary,
        "solution": case.solution, "results": case.results, "lessons": case.lessons,
        "version": str(case.version), **overrides,
    }  # fmt: skip


# --- drafting ---


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (PilotStage.CONSIDERED, 409),
        (PilotStage.RUNNING, 409),
        (PilotStage.STOPPED, 409),
        (PilotStage.EVALUATED, 302),
        (PilotStage.ROLLED_OUT, 302),
    ],
)
def test_a_case_is_drafted_only_from_a_measured_pilot(client, login, coordinator, make_pilot, stage, expected) -> None:
    pilot = make_pilot(stage)
    login(coordinator)
    assert client.get(f"/knowledge/new?pilot={pilot.id}").status_code == (200 if expected == 302 else 409)
    response = client.submit(f"/knowledge/new?pilot={pilot.id}")
    assert response.status_code == expected
    if expected == 409:
        assert case_count() == 0
        assert case_audit() == []
        assert "の試行からは事例を作成・公開できません" in response.get_data(as_text=True)
        return
    case = db.session.scalar(select(KnowledgeCase))
    assert response.headers["Location"].endswith(f"/knowledge/{case.id}/edit")
    assert (case.pilot_id, case.status, case.created_by_id) == (pilot.id, CaseStatus.DRAFT, coordinator.id)
    assert case.published_at is None
    assert case.title == pilot.title
    assert case_audit() == [("case.created", {"pilot_id": pilot.id})]


def test_one_case_per_pilot_the_second_draft_leads_to_the_first(client, login, coordinator, make_case) -> None:
    case = make_case()
    login(coordinator)
    for response in (
        client.get(f"/knowledge/new?pilot={case.pilot_id}"),
        client.submit(f"/knowledge/new?pilot={case.pilot_id}"),
    ):
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/knowledge/{case.id}")
    assert case_count() == 1
    with pytest.raises(Conflict):
        draft_case(case.pilot, actor=coordinator)


def test_an_unknown_pilot_is_404(client, login, coordinator) -> None:
    login(coordinator)
    assert client.get("/knowledge/new?pilot=999").status_code == 404


def test_the_chooser_lists_measured_pilots_without_a_case(client, login, coordinator, make_pilot, make_case) -> None:
    ready = [
        make_pilot(PilotStage.EVALUATED, title="効果検証済みの試行"),
        make_pilot(PilotStage.ROLLED_OUT, title="横展開した試行"),
    ]
    running = make_pilot(PilotStage.RUNNING, title="実施中の試行")
    written = make_case(title="書いた事例").pilot
    login(coordinator)
    html = client.get("/knowledge/new").get_data(as_text=True)
    for pilot in ready:
        assert f'href="/knowledge/new?pilot={pilot.id}"' in html
    for pilot in (running, written):
        assert f"pilot={pilot.id}" not in html


# --- editing ---


def test_an_edit_is_saved_audited_and_searchable(client, login, coordinator, make_case) -> None:
    case = make_case()
    login(coordinator)
    response = client.submit(f"/knowledge/{case.id}/edit", edit_data(case, lessons="ＡＩ導入は小さく始める"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/knowledge/{case.id}")
    db.session.refresh(case)
    assert case.lessons == "ＡＩ導入は小さく始める"
    assert "ai導入は小さく始める" in case.search_text
    assert case.version == 2
    assert case_audit() == [("case.updated", {"changed": ["lessons"]})]


def test_a_stale_edit_is_refused_and_nothing_is_written(client, login, coordinator, make_case) -> None:
    case = make_case(lessons="元の知見")
    login(coordinator)
    stale = edit_data(case, lessons="古い画面からの変更")
    update_case(case, replace(fields_of(case), title="先に保存"), expected_version=case.version, actor=coordinator)
    db.session.commit()
    response = client.submit(f"/knowledge/{case.id}/edit", stale)
    assert response.status_code == 409
    assert "他の人が先に更新しました" in response.get_data(as_text=True)
    db.session.refresh(case)
    assert (case.title, case.lessons) == ("先に保存", "元の知見")
    assert [action for action, _ in case_audit()] == ["case.updated"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "入力してください。"),
        ("title", "あ" * 201, "200文字以内で入力してください。"),
        ("organisation_name", "あ" * 201, "200文字以内で入力してください。"),
        ("results", "あ" * 8001, "8000文字以内で入力してください。"),
        ("department_id", "0", "選んでください。"),
    ],
)
def test_invalid_edits_are_refused_next_to_the_field(
    client, login, coordinator, make_case, field, value, message
) -> None:
    case = make_case()
    login(coordinator)
    response = client.submit(f"/knowledge/{case.id}/edit", edit_data(case, **{field: value}))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html
    db.session.refresh(case)
    assert case.version == 1
    assert case_audit() == []


def test_a_published_case_is_not_edited_in_place(client, login, coordinator, make_case) -> None:
    """Its text was consented to: it goes back to draft to be edited and consented again."""
    case = make_case(CaseStatus.PUBLISHED)
    login(coordinator)
    response = client.submit(f"/knowledge/{case.id}/edit", edit_data(case, results="書き換え"))
    assert response.status_code == 409
    assert "公開中の事例は編集できません。" in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.results != "書き換え"
    assert case.version == 1


def test_a_case_awaiting_consent_cannot_lose_its_results(client, login, coordinator, make_case) -> None:
    case = make_case(CaseStatus.AWAITING_CONSENT)
    login(coordinator)
    response = client.submit(f"/knowledge/{case.id}/edit", edit_data(case, results=""))
    assert response.status_code == 400
    assert "公開する事例には「成果」の入力が必要です。" in response.get_data(as_text=True)


# --- asking for consent (publishing: test_consent.py) and withdrawing ---


def publish(client, case: KnowledgeCase):
    """The coordinator's step towards publication: asking for the two consents."""
    return client.submit(f"/knowledge/{case.id}/request-consent")


def test_asking_for_consent_makes_the_case_await_it_outside_the_library(client, login, coordinator, make_case) -> None:
    case = make_case(title="電子申請の事例")
    login(coordinator)
    response = publish(client, case)
    assert response.status_code == 302
    db.session.refresh(case)
    assert case.status is CaseStatus.AWAITING_CONSENT
    assert case.published_at is None
    assert case_audit() == [("case.awaiting_consent", {"from": "draft"})]
    assert "同意待ち" in client.get(f"/knowledge/{case.id}").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": client.csrf_token(f"/knowledge/{case.id}")})
    assert "電子申請の事例" not in client.get("/knowledge/").get_data(as_text=True)


@pytest.mark.parametrize("stage", [PilotStage.STOPPED, PilotStage.RUNNING, PilotStage.CONSIDERED])
def test_publishing_checks_the_pilot_again(client, login, coordinator, make_case, stage) -> None:
    """The pilot may have moved since the draft was written (e.g. it was stopped)."""
    case = make_case()
    case.pilot.stage = stage
    db.session.commit()
    login(coordinator)
    response = publish(client, case)
    assert response.status_code == 409
    assert "の試行からは事例を作成・公開できません" in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.status is CaseStatus.DRAFT
    assert case_audit() == []


@pytest.mark.parametrize(("field", "message"), [
    ("title", "タイトルを入力してください。"),
    ("solution", "公開する事例には「解決策」の入力が必要です。"),
    ("results", "公開する事例には「成果」の入力が必要です。"),
])  # fmt: skip
def test_publishing_needs_a_title_a_solution_and_results(client, login, coordinator, make_case, field, message) -> None:
    case = make_case(**{field: "  "})
    login(coordinator)
    response = publish(client, case)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html
    db.session.refresh(case)
    assert case.status is CaseStatus.DRAFT
    assert case_audit() == []


def test_a_coordinator_withdraws_a_published_case_to_draft(client, login, coordinator, make_case) -> None:
    case = make_case(CaseStatus.PUBLISHED, title="取り下げる事例")
    login(coordinator)
    response = client.submit(f"/knowledge/{case.id}/unpublish")
    assert response.status_code == 302
    db.session.refresh(case)
    assert case.status is CaseStatus.DRAFT
    assert case.published_at is None
    assert case_audit() == [("case.draft", {"from": "published"})]
    assert "取り下げる事例" in client.get("/knowledge/drafts").get_data(as_text=True)
    assert "取り下げる事例" not in client.get("/knowledge/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("status", "action"), [(CaseStatus.PUBLISHED, "request-consent"), (CaseStatus.DRAFT, "unpublish")]
)
def test_moves_the_life_cycle_does_not_have_are_refused(client, login, coordinator, make_case, status, action) -> None:
    case = make_case(status)
    login(coordinator)
    response = client.submit(f"/knowledge/{case.id}/{action}")
    assert response.status_code == 409
    assert "の事例を" in response.get_data(as_text=True)
    assert case_audit() == []
