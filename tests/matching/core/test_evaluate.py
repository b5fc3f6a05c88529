"""Evaluation: metrics as the dev README defines them, loaders, CLI, dev-set score."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from hackplat.matching.core import evaluate as ev
from hackplat.matching.core.wordvectors import load_vectors

DEV = ev.eval_set()  # $HACKPLAT_EVAL_SET, else shared/matching/dev beside the repository
PLAIN_WORD_TFIDF_NDCG = 0.81  # README-style baseline: fugashi words, TfidfVectorizer


def test_ndcg_by_hand() -> None:
    grades = {"a": 3, "c": 1, "d": 2}
    dcg = 3 / math.log2(2) + 1 / math.log2(4)
    idcg = 3 / math.log2(2) + 2 / math.log2(3) + 1 / math.log2(4)
    assert ev.ndcg_at_k(["a", "b", "c"], grades, k=3) == pytest.approx(dcg / idcg)
    assert ev.ndcg_at_k(["a", "d", "c"], grades, k=3) == pytest.approx(1.0)
    assert ev.ndcg_at_k(["x", "y"], grades, k=2) == 0.0
    assert ev.ndcg_at_k(["a"], {}, k=10) == 0.0


def test_recall_by_hand() -> None:
    grades = {"a": 3, "c": 1, "d": 2, "e": 0}
    assert ev.recall_at_k(["a", "b", "c"], grades, k=2) == pytest.approx(1 / 3)
    assert ev.recall_at_k(["a", "b", "c", "d"], grades, k=10) == 1.0


def test_ties_are_broken_by_seed_id() -> None:
    index = ev.build_index(
        [{"id": "N1", "title": "保育所", "body": ""}],
        [
            {"id": i, "title": t, "body": ""}
            for i, t in (("S3", "保育所"), ("S1", "保育所"), ("S2", "道路"), ("S0", "公園"))
        ],
        None,
    )
    assert ev.rank_seeds(index, "N1", ["S3", "S1", "S2", "S0"]) == ["S1", "S3", "S0", "S2"]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ('{"id": "N1", "title": "t", "body": "b"}\n\n{"id": "N2", "title": "t"\n', 3, "invalid JSON"),
        ('{"id": "N1", "title": "t", "body": "b"}\n["not", "an", "object"]\n', 2, "JSON object"),
        ('{"id": "N1", "title": "t"}\n', 1, "'body'"),
        ('{"id": "N1", "title": "t", "body": "b"}\n{"id": "N1", "title": "u", "body": "c"}\n', 2, "duplicate id"),
    ],
)
def test_malformed_posts_name_file_and_line(tmp_path: Path, text: str, line: int, problem: str) -> None:
    path = write(tmp_path, "needs.jsonl", text)
    with pytest.raises(ev.EvalFileError) as caught:
        ev.load_needs(path)
    assert caught.value.line == line
    assert f"needs.jsonl:{line}:" in str(caught.value)
    assert problem in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("need_id\tseed_id\tgrade\nN1\tS1\t3\nN1\tS2\n", 3, "3 tab-separated fields"),
        ("need_id\tseed_id\tgrade\nN1\tS1\thigh\n", 2, "not an integer"),
        ("need_id\tseed_id\tgrade\nN1\tS1\t7\n", 2, "outside 0..3"),
        ("need\tseed\tgrade\nN1\tS1\t3\n", 1, "header"),
    ],
)
def test_malformed_qrels_name_file_and_line(tmp_path: Path, text: str, line: int, problem: str) -> None:
    path = write(tmp_path, "qrels.tsv", text)
    with pytest.raises(ev.EvalFileError) as caught:
        ev.load_qrels(path)
    assert caught.value.line == line
    assert f"qrels.tsv:{line}:" in str(caught.value)
    assert problem in str(caught.value)


def test_missing_file_is_an_eval_file_error(tmp_path: Path) -> None:
    with pytest.raises(ev.EvalFileError, match="cannot read"):
        ev.load_seeds(tmp_path / "nope.jsonl")


def test_qrels_must_refer_to_known_ids(tmp_path: Path) -> None:
    needs = write(tmp_path, "n.jsonl", '{"id": "N1", "title": "保育", "body": ""}\n')
    seeds = write(tmp_path, "s.jsonl", '{"id": "S1", "title": "保育", "body": ""}\n')
    qrels = write(tmp_path, "q.tsv", "need_id\tseed_id\tgrade\nN1\tS9\t3\n")
    with pytest.raises(ev.EvalFileError, match="unknown seed id 'S9'"):
        ev.evaluate_files(needs, seeds, qrels)


def test_a_missing_evaluation_set_says_where_it_was_looked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ev.EVAL_SET_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(ev.EvalFileError) as caught:
        ev.eval_set()
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'nowhere'}: no evaluation set here")
    assert "needs.jsonl, seeds.jsonl, qrels.tsv not found" in message
    assert "set HACKPLAT_EVAL_SET" in message


def test_the_evaluation_set_defaults_to_the_shared_folder_beside_the_repository(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ev.EVAL_SET_ENV, raising=False)
    repository = Path(__file__).resolve().parents[3]
    assert ev.eval_set().needs == repository.parent / "shared" / "matching" / "dev" / "needs.jsonl"


def test_files_given_are_used_and_the_others_come_from_the_set(tmp_path: Path) -> None:
    needs = write(tmp_path, "mine.jsonl", "")
    assert ev.files_or_eval_set(needs) == ev.EvalSet(needs, DEV.seeds, DEV.qrels)


@pytest.fixture(scope="module")
def dev_result() -> dict[str, float | int]:
    return ev.evaluate_files(DEV.needs, DEV.seeds, DEV.qrels, vectors=load_vectors("auto"))  # as the CLI's default


def test_dev_set_beats_plain_word_tfidf(dev_result: dict[str, float | int]) -> None:
    assert set(dev_result) == {"ndcg@10", "recall@10", "needs", "seeds"}
    assert dev_result["needs"] == 36
    assert dev_result["seeds"] == 180
    assert dev_result["ndcg@10"] > PLAIN_WORD_TFIDF_NDCG
    assert 0.8 < dev_result["recall@10"] <= 1.0


def test_key_names_follow_k(tmp_path: Path) -> None:
    result = ev.evaluate_files(DEV.needs, DEV.seeds, DEV.qrels, k=5, synonyms=None)
    assert set(result) == {"ndcg@5", "recall@5", "needs", "seeds"}


def test_cli_prints_the_result_as_the_last_json_line(
    capsys: pytest.CaptureFixture[str], dev_result: dict[str, float | int]
) -> None:
    assert ev.main([]) == 0  # the evaluation set's files
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == dev_result


def test_cli_reports_malformed_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, "needs.jsonl", "{oops\n")
    assert ev.main(["--needs", str(bad), "--seeds", str(bad), "--qrels", str(bad)]) == 2
    assert "needs.jsonl:1:" in capsys.readouterr().err
