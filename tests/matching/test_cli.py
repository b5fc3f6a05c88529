"""``flask match evaluate`` on the labelled dev set: format, better than the baseline, and
where the set is looked for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hackplat.extensions import db
from hackplat.matching.core.evaluate import EVAL_SET_ENV, eval_set
from hackplat.models import MatchVersion, Need

DEV = eval_set()
#: A plain fugashi word TF-IDF reaches about 0.81 nDCG@10 on the dev set (issue 4).
PLAIN_WORD_TFIDF_NDCG = 0.81


def evaluate(runner, needs: Path, seeds: Path, qrels: Path, *extra: str):
    return runner.invoke(args=["match", "evaluate", "--needs", str(needs), "--seeds", str(seeds),
                               "--qrels", str(qrels), *extra])  # fmt: skip


def test_evaluate_prints_one_json_line_last_and_beats_plain_tfidf(runner) -> None:
    result = runner.invoke(args=["match", "evaluate"])  # the evaluation set's files
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert set(figures) == {"ndcg@10", "recall@10", "needs", "seeds"}
    assert (figures["needs"], figures["seeds"]) == (36, 180)
    assert figures["ndcg@10"] > PLAIN_WORD_TFIDF_NDCG
    assert 0 < figures["recall@10"] <= 1


def test_evaluate_reads_no_database_and_writes_nothing(runner) -> None:
    evaluate(runner, DEV.needs, DEV.seeds, DEV.qrels, "--k", "5")
    assert db.session.scalar(select(func.count()).select_from(MatchVersion)) == 0
    assert db.session.scalar(select(func.count()).select_from(Need)) == 0


def test_a_malformed_line_is_reported_with_file_and_line(runner, tmp_path) -> None:
    needs = tmp_path / "needs.jsonl"
    lines = DEV.needs.read_text(encoding="utf-8").splitlines()
    needs.write_text("\n".join([lines[0], "{not json", *lines[2:]]) + "\n", encoding="utf-8")
    result = evaluate(runner, needs, DEV.seeds, DEV.qrels)
    assert result.exit_code != 0
    assert f"{needs}:2: invalid JSON" in result.output


def test_a_missing_evaluation_set_is_reported_with_where_it_was_looked_for(
    runner, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(EVAL_SET_ENV, str(tmp_path))
    result = runner.invoke(args=["match", "evaluate"])
    assert result.exit_code != 0
    assert f"{tmp_path}: no evaluation set here" in result.output
