"""Administrators edit targets and entered results, and add cycles; nobody else may."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hackplat.extensions import db
from hackplat.models import AuditRecord, IndicatorCycle, IndicatorValue, Role
from tests.helpers.html import field_error

EDIT = "/dashboard/indicators/{id}?cycle=2022"


def values_of(indicator_id: int) -> dict[int, tuple[float | None, float | None]]:
    rows = db.session.scalars(select(IndicatorValue).where(IndicatorValue.indicator_id == indicator_id))
    return {row.fiscal_year: (row.target, row.actual) for row in rows}


def form_for(indicator, **changes: str) -> dict[str, str]:
    """The form as the page shows it (current figures), with ``changes`` typed in."""
    current = {value.fiscal_year: value for value in indicator.values}
    data = {"version": str(indicator.version), "is_public": "y" if indicator.is_public else ""}
    for year in range(2022, 2026):
        value = current.get(year)
        data[f"target_{year}"] = "" if value is None or value.target is None else f"{value.target:g}"
        if indicator.is_entered:
            data[f"actual_{year}"] = "" if value is None or value.actual is None else f"{value.actual:g}"
    return {name: value for name, value in {**data, **changes}.items() if value != ""}


@pytest.fixture
def admin(login, make_user):
    user = make_user(Role.ADMIN)
    login(user)
    return user


def test_admin_changes_a_target_and_the_audit_keeps_both_figures(client, admin, strategy) -> None:
    participants = strategy["participants"]
    url = EDIT.format(id=participants.id)
    response = client.submit(url, form_for(participants, target_2025="１,２００", is_public="y"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard?cycle=2022")
    assert values_of(participants.id)[2025] == (1200, None)
    audit = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "indicator.updated"))
    assert audit.actor_id == admin.id
    assert audit.detail["changes"] == {"FY2025": {"target": [1000, 1200]}}


def test_admin_enters_a_survey_result_and_may_publish_it(client, admin, strategy) -> None:
    survey = strategy["survey_staff_ict"]
    response = client.submit(EDIT.format(id=survey.id), form_for(survey, actual_2023="41.2", is_public="y"))
    assert response.status_code == 302
    assert values_of(survey.id)[2023] == (None, 41.2)
    db.session.refresh(survey)
    assert survey.is_public


@pytest.mark.parametrize(
    ("key", "field", "typed", "message"),
    [
        ("participants", "target_2023", "たくさん", "数値を"),
        ("participants", "target_2023", "-5", "0以上"),
        ("participants", "target_2023", "12.5", "整数"),
        ("participants", "target_2023", "nan", "数値を"),
        ("survey_staff_ict", "actual_2024", "120", "0から100"),
        ("survey_staff_ict", "target_2025", "1e400", "数値を"),
    ],
)
def test_a_bad_number_is_refused_next_to_its_field_and_nothing_is_written(
    client, admin, strategy, key, field, typed, message
) -> None:
    indicator = strategy[key]
    before = values_of(indicator.id)
    response = client.submit(EDIT.format(id=indicator.id), form_for(indicator, target_2022="40", **{field: typed}))
    assert response.status_code == 400
    assert message in field_error(response.get_data(as_text=True), field)
    assert values_of(indicator.id) == before
    assert db.session.scalar(select(AuditRecord.id).where(AuditRecord.action == "indicator.updated")) is None


def test_an_edit_made_on_an_old_version_is_refused(client, admin, strategy) -> None:
    participants = strategy["participants"]
    stale = form_for(participants, target_2022="300")
    assert client.submit(EDIT.format(id=participants.id), form_for(participants, target_2023="600")).status_code == 302
    response = client.submit(EDIT.format(id=participants.id), stale)
    assert response.status_code == 409
    assert values_of(participants.id)[2022] == (250, None)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.STAFF, Role.MEMBER])
def test_only_admins_may_post_targets_or_cycles(client, login, make_user, strategy, role) -> None:
    login(make_user(role))
    participants = strategy["participants"]
    edit = client.submit(EDIT.format(id=participants.id), form_for(participants, target_2022="1"))
    cycle = client.submit("/dashboard/cycles/new", {"first_fiscal_year": "2026"})
    assert (edit.status_code, cycle.status_code) == (403, 403)
    assert values_of(participants.id)[2022] == (250, None)
    assert db.session.scalars(select(IndicatorCycle.first_fiscal_year)).all() == [2022]


def test_public_visitors_are_sent_to_sign_in_for_edits(client, strategy) -> None:
    response = client.submit(EDIT.format(id=strategy["participants"].id), {"target_2022": "1"})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_admin_adds_the_next_cycle_and_then_its_targets(client, admin, strategy) -> None:
    page = client.get("/dashboard/cycles/new").get_data(as_text=True)
    assert 'value="2026"' in page  # the year after the last cycle, suggested
    every = [str(indicator.id) for indicator in strategy.values()]
    response = client.submit("/dashboard/cycles/new", {"first_fiscal_year": "２０２６", "continuing": every})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard?cycle=2026")
    participants = strategy["participants"]
    data = {"version": str(participants.version), "is_public": "y", "target_2029": "2000"}
    assert client.submit(f"/dashboard/indicators/{participants.id}?cycle=2026", data).status_code == 302
    assert values_of(participants.id)[2029] == (2000, None)
    assert "2,000" in client.get("/dashboard?cycle=2026").get_data(as_text=True)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2024", "重なります"),
        ("2019", "重なります"),
        ("1999", "2000から2100"),
        ("令和8", "数字で"),
        ("", "入力してください"),
    ],
)
def test_a_cycle_that_overlaps_or_is_no_year_is_refused(client, admin, strategy, typed, message) -> None:
    response = client.submit("/dashboard/cycles/new", {"first_fiscal_year": typed})
    assert response.status_code == 400
    assert message in field_error(response.get_data(as_text=True), "first_fiscal_year")
    assert db.session.scalars(select(IndicatorCycle.first_fiscal_year)).all() == [2022]


def test_an_unknown_cycle_is_not_found(client, admin, strategy) -> None:
    assert client.get("/dashboard?cycle=2030").status_code == 404
    assert client.get("/programme?cycle=2030").status_code == 404


def test_admin_defines_a_cycle_with_its_indicators_targets_and_note(client, admin, strategy) -> None:
    page = client.get("/dashboard/cycles/new").get_data(as_text=True)
    assert f'name="target_{strategy["participants"].id}_3"' in page
    kept = [str(indicator.id) for key, indicator in strategy.items() if key != "startups"]
    participants, survey = strategy["participants"], strategy["survey_staff_ict"]
    data = {"first_fiscal_year": "2026", "note": "例示の目標値", "continuing": kept,
            f"target_{participants.id}_0": "1,250", f"target_{participants.id}_3": "２０００",
            f"target_{survey.id}_3": "80"}  # fmt: skip
    assert client.submit("/dashboard/cycles/new", data).status_code == 302
    cycle = db.session.scalar(select(IndicatorCycle).where(IndicatorCycle.first_fiscal_year == 2026))
    assert cycle.note == "例示の目標値"
    assert [indicator.key for indicator in cycle.omitted] == ["startups"]
    assert values_of(participants.id)[2026] == (1250, None)
    assert values_of(participants.id)[2029] == (2000, None)
    assert values_of(survey.id)[2029] == (80, None)
    body = client.get("/dashboard?cycle=2026").get_data(as_text=True)
    assert "例示の目標値" in body
    assert "参加組織数（うちスタートアップ）" not in body
    assert "参加組織数（うちスタートアップ）" in client.get("/dashboard?cycle=2022").get_data(as_text=True)
    record = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "indicator_cycle.created"))
    assert record.detail["omitted"] == ["startups"]
    assert record.detail["targets_set"] == 3


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [({"continuing": []}, "continuing", "1つ以上"), ({"target_{id}_1": "-5"}, "target_{id}_1", "0以上")],
)
def test_a_cycle_without_indicators_or_with_a_bad_target_is_refused(client, admin, strategy, changes, field,
                                                                      message) -> None:  # fmt: skip
    key = str(strategy["participants"].id)
    data = {"first_fiscal_year": "2026", "continuing": [key],
            **{name.format(id=key): value for name, value in changes.items()}}  # fmt: skip
    response = client.submit("/dashboard/cycles/new", data)
    assert response.status_code == 400
    assert message in field_error(response.get_data(as_text=True), field.format(id=key))
    assert db.session.scalars(select(IndicatorCycle.first_fiscal_year)).all() == [2022]
