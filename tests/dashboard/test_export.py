"""The downloads (CSV with a BOM, JSON) and the ``report targets`` command."""

from __future__ import annotations

import csv
import io
import json

import pytest

#: The documented columns (README.md), written out: outside checks rely on them.
CSV_COLUMNS = (
    "指標キー", "指標", "指標（英語）", "単位", "集計", "基準値", "年度", "年度（和暦）", "期",
    "目標", "実績", "達成率（%）", "段階（%）",
)  # fmt: skip
from hackplat.models import Role
from tests.dashboard.conftest import IN_FY

JSON_KEYS = {"key", "name", "name_en", "unit", "source", "counting", "baseline", "public", "years"}
YEAR_KEYS = {"fiscal_year", "label", "label_ja", "quarter", "target", "actual", "percent", "step"}


@pytest.fixture
def coordinator_client(client, login, make_user, strategy, approved_organisation):
    approved_organisation(IN_FY[2022], members=130)
    login(make_user(Role.COORDINATOR))
    return client


def test_csv_opens_with_the_documented_columns_and_japanese_intact(coordinator_client) -> None:
    response = coordinator_client.get("/dashboard/targets.csv?cycle=2022")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # the charset once
    assert 'filename="programme-targets-FY2022.csv"' in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())  # the BOM: Excel then reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    first = rows[0]
    assert (first["指標キー"], first["指標"], first["単位"], first["年度"], first["年度（和暦）"], first["期"]) == (
        "participants",
        "参加者数",
        "人",
        "2022",
        "令和4年度",
        "1Q",
    )
    assert (first["目標"], first["実績"], first["達成率（%）"], first["段階（%）"]) == ("250", "130", "52.0", "50")
    survey = next(r for r in rows if r["指標キー"] == "survey_online_procedures" and r["年度"] == "2025")
    assert (survey["指標"], survey["基準値"], survey["目標"], survey["実績"]) == (
        "オンライン手続に満足している市民の割合",
        "8.6",
        "50",
        "",
    )
    assert len(rows) == 20 * 4  # every indicator × fiscal year


def test_json_download_is_the_commands_format(coordinator_client, runner) -> None:
    response = coordinator_client.get("/dashboard/targets.json?cycle=2022")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    downloaded = json.loads(response.get_data(as_text=True))
    printed = json.loads(runner.invoke(args=["report", "targets", "--format", "json", "--cycle", "2022"]).output)
    assert downloaded == printed


def test_report_command_prints_one_object_per_indicator(runner, strategy, approved_organisation) -> None:
    approved_organisation(IN_FY[2022], members=12)
    result = runner.invoke(args=["report", "targets", "--format", "json", "--cycle", "2022"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert [item["key"] for item in figures][:2] == ["participants", "organisations"]
    assert all(set(item) == JSON_KEYS for item in figures)
    participants = figures[0]
    assert (participants["name"], participants["unit"], participants["baseline"]) == ("参加者数", "人", None)
    assert set(participants["years"][0]) == YEAR_KEYS
    assert [(y["fiscal_year"], y["label"], y["target"], y["actual"]) for y in participants["years"]] == [
        (2022, "FY2022", 250, 12), (2023, "FY2023", 500, 12), (2024, "FY2024", 750, 12), (2025, "FY2025", 1000, 12),
    ]  # fmt: skip
    assert isinstance(participants["years"][0]["target"], int)


def test_report_command_prints_csv(runner, strategy) -> None:
    result = runner.invoke(args=["report", "targets", "--format", "csv", "--cycle", "2022"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + 20 * 4


def test_report_command_refuses_an_unknown_cycle(runner, strategy) -> None:
    result = runner.invoke(args=["report", "targets", "--cycle", "2030"])
    assert result.exit_code != 0
    assert "定義されていません" in result.output
    assert "/dashboard/cycles/new" in result.output
