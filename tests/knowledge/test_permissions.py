"""Only the programme office drafts, edits, puts to consent and withdraws cases; everyone
reads published ones. A refusal writes nothing, and never tells whether an id exists."""

from __future__ import annotations

import pytest
from flask import render_template
from flask_login import login_user
from sqlalchemy import func, select

from hackplat.extensions import db
from hackplat.models import AuditRecord, CaseStatus, KnowledgeCase

WRITES = ["draft", "edit", "request-consent", "unpublish"]


def attempt(client, action: str, case: KnowledgeCase, pilot_id: int):
    """POST the action (with a CSRF token from a page every role may open)."""
    url = {
        "draft": f"/knowledge/new?pilot={pilot_id}",
        "edit": f"/knowledge/{case.id}/edit",
        "request-consent": f"/knowledge/{case.id}/request-consent",
        "unpublish": f"/knowledge/{case.id}/unpublish",
    }[action]
    data = {"title": "書き換え", "department_id": str(case.department_id), "solution": "x", "results": "y",
            "version": str(case.version)} if action == "edit" else {}  # fmt: skip
    return client.submit(url, data)


@pytest.fixture
def objects(make_case, make_pilot):
    return {
        "draft": make_case(title="下書き"),
        "published": make_case(CaseStatus.PUBLISHED, title="公開中"),
        "pilot": make_pilot(),
    }


def snapshot() -> list:
    cases = db.session.execute(select(KnowledgeCase.id, KnowledgeCase.status, KnowledgeCase.title,
                                      KnowledgeCase.version).order_by(KnowledgeCase.id)).all()  # fmt: skip
    return [*cases, db.session.scalar(select(func.count()).select_from(AuditRecord))]


@pytest.mark.parametrize("action", WRITES)
@pytest.mark.parametrize(("kind", "expected"), [("public", 302), ("member", 403), ("staff", 403)])
def test_only_the_office_writes_cases(client, login, person, objects, kind, expected, action) -> None:
    user = person(kind)
    if user:
        login(user)
    case = objects["published"] if action == "unpublish" else objects["draft"]
    before = snapshot()
    response = attempt(client, action, case, objects["pilot"].id)
    assert response.status_code == expected
    if expected == 302:
        assert "/login" in response.headers["Location"]
    assert snapshot() == before


@pytest.mark.parametrize("action", WRITES)
@pytest.mark.parametrize("kind", ["coordinator", "admin"])
def test_the_office_writes_cases(client, login, person, objects, kind, action) -> None:
    login(person(kind))
    case = objects["published"] if action == "unpublish" else objects["draft"]
    before = snapshot()
    assert attempt(client, action, case, objects["pilot"].id).status_code == 302
    assert snapshot() != before


@pytest.mark.parametrize("kind", ["member", "staff"])
def test_a_refused_user_cannot_tell_which_ids_exist(client, login, person, objects, kind) -> None:
    login(person(kind))
    for path in (
        f"/knowledge/{objects['draft'].id}/edit",
        "/knowledge/999999/edit",
        "/knowledge/drafts",
        "/knowledge/new",
        "/knowledge/new?pilot=999999",
    ):
        assert client.get(path).status_code == 403, path


@pytest.mark.parametrize("kind", ["public", "member", "staff", "coordinator"])
def test_everyone_reads_a_published_case(client, login, person, objects, kind) -> None:
    user = person(kind)
    if user:
        login(user)
    html = client.get(f"/knowledge/{objects['published'].id}").get_data(as_text=True)
    assert "公開中" in html
    assert "解決策" in html
    assert ("事例の管理" in html) is (kind == "coordinator")
    pilot_link = f'href="/pilots/{objects["published"].pilot_id}"'
    assert (pilot_link in html) is (kind == "coordinator")  # the pilot's page is not public


@pytest.mark.parametrize(("kind", "case_status", "expected"), [
    ("coordinator", None, "/knowledge/new?pilot="),
    ("coordinator", CaseStatus.DRAFT, "この試行の事例を見る（下書き）"),
    ("staff", CaseStatus.DRAFT, None),  # a draft's existence is the office's business
    ("staff", CaseStatus.PUBLISHED, "この試行の事例を見る（公開中）"),
    ("staff", None, None),
])  # fmt: skip
def test_the_panel_for_the_pilot_page(app, person, make_pilot, make_case, kind, case_status, expected) -> None:
    pilot = make_pilot()
    case = make_case(case_status, pilot=pilot) if case_status else None
    with app.test_request_context():
        login_user(person(kind))
        html = render_template("knowledge/_pilot_panel.html", pilot=pilot, knowledge_case=case).strip()
    assert (expected in html) if expected else html == ""
