"""Offline evaluation of the matcher on a labelled set (format of shared/matching/dev).

Builds a fresh index from the given files only (no database, writes nothing) and
reports mean nDCG@k and Recall@k exactly as the dev set's README defines them:
every need ranks all seeds, ties broken by seed id, gain = grade, log2 discount,
macro average over the needs that have at least one judged seed.

    python -m hackplat.matching.core.evaluate [--needs F] [--seeds F] [--qrels F] [--k 10]

A file not given is taken from the shared evaluation set (see :func:`eval_set`): the
folder named by the environment variable ``HACKPLAT_EVAL_SET``, else
``shared/matching/dev`` beside the repository.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hackplat.matching.core.analyser import Analyser
from hackplat.matching.core.index import MatchIndex
from hackplat.matching.core.synonyms_seed import SEED_SYNONYMS
from hackplat.matching.core.wordvectors import WordVectors, load_vectors

__all__ = [
    "EVAL_SET_ENV",
    "EvalFileError",
    "EvalSet",
    "eval_set",
    "files_or_eval_set",
    "Post",
    "load_needs",
    "load_seeds",
    "load_qrels",
    "ndcg_at_k",
    "recall_at_k",
    "rank_seeds",
    "evaluate_files",
    "main",
]

#: Environment variable: the folder of the labelled evaluation set.
EVAL_SET_ENV = "HACKPLAT_EVAL_SET"
#: Without it: ``shared/matching/dev`` beside the repository (this file is
#: <repository>/hackplat/matching/core/evaluate.py).
DEFAULT_EVAL_SET = Path(__file__).resolve().parents[4] / "shared" / "matching" / "dev"

Post = dict[str, Any]  # one JSON object of needs.jsonl / seeds.jsonl
Qrels = dict[str, dict[str, int]]  # need id → seed id → grade


class EvalFileError(ValueError):
    """A malformed evaluation file; the message names the file and 1-based line."""

    def __init__(self, path: str | Path, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")
        self.path, self.line, self.problem = str(path), line, problem


@dataclass(frozen=True)
class EvalSet:
    """The three files of a labelled set."""

    needs: Path
    seeds: Path
    qrels: Path


def eval_set(directory: str | Path | None = None) -> EvalSet:
    """The labelled set in ``directory``, else in $HACKPLAT_EVAL_SET, else in
    DEFAULT_EVAL_SET. The one place that knows where the set lives; a missing file is
    an EvalFileError that says where it was looked for and how to point elsewhere."""
    root = Path(directory or os.environ.get(EVAL_SET_ENV) or DEFAULT_EVAL_SET)
    found = EvalSet(root / "needs.jsonl", root / "seeds.jsonl", root / "qrels.tsv")
    missing = [p.name for p in (found.needs, found.seeds, found.qrels) if not p.is_file()]
    if missing:
        raise EvalFileError(
            root,
            None,
            f"no evaluation set here ({', '.join(missing)} not found); set {EVAL_SET_ENV} to the folder"
            " that holds needs.jsonl, seeds.jsonl and qrels.tsv",
        )
    return found


def files_or_eval_set(
    needs: str | Path | None = None, seeds: str | Path | None = None, qrels: str | Path | None = None
) -> EvalSet:
    """The files given, and the evaluation set's (see :func:`eval_set`) for those not given."""
    if needs is not None and seeds is not None and qrels is not None:
        return EvalSet(Path(needs), Path(seeds), Path(qrels))
    default = eval_set()
    return EvalSet(Path(needs or default.needs), Path(seeds or default.seeds), Path(qrels or default.qrels))


def _lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """Non-blank lines with their 1-based numbers; unreadable files are EvalFileErrors."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalFileError(path, None, f"cannot read: {exc}") from exc
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line


def _load_posts(path: str | Path) -> list[Post]:
    posts: list[Post] = []
    seen: set[str] = set()
    for number, line in _lines(path):
        try:
            post = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalFileError(path, number, f"invalid JSON: {exc.msg}") from exc
        if not isinstance(post, dict):
            raise EvalFileError(path, number, "expected a JSON object")
        for name in ("id", "title", "body"):
            if not isinstance(post.get(name), str):
                raise EvalFileError(path, number, f"field {name!r} missing or not a string")
        if post["id"] in seen:
            raise EvalFileError(path, number, f"duplicate id {post['id']!r}")
        seen.add(post["id"])
        posts.append(post)
    return posts


def load_needs(path: str | Path) -> list[Post]:
    """Needs as dicts with at least ``id``, ``title``, ``body``."""
    return _load_posts(path)


def load_seeds(path: str | Path) -> list[Post]:
    """Seeds as dicts with at least ``id``, ``title``, ``body``."""
    return _load_posts(path)


def load_qrels(path: str | Path) -> Qrels:
    """Graded judgements from a TSV with header ``need_id seed_id grade``."""
    qrels: Qrels = {}
    lines = _lines(path)
    header = next(lines, None)
    if header is None or header[1].split("\t") != ["need_id", "seed_id", "grade"]:
        raise EvalFileError(path, header[0] if header else 1, "expected the header 'need_id<TAB>seed_id<TAB>grade'")
    for number, line in lines:
        fields = line.split("\t")
        if len(fields) != 3 or not fields[0] or not fields[1]:
            raise EvalFileError(path, number, f"expected 3 tab-separated fields, got {len(fields)}")
        try:
            grade = int(fields[2])
        except ValueError:
            raise EvalFileError(path, number, f"grade {fields[2]!r} is not an integer") from None
        if not 0 <= grade <= 3:
            raise EvalFileError(path, number, f"grade {grade} is outside 0..3")
        qrels.setdefault(fields[0], {})[fields[1]] = grade
    return qrels


def ndcg_at_k(ranking: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    """DCG@k / IDCG@k with gain = grade and discount log2(rank + 1)."""
    dcg = sum(grades.get(s, 0) / math.log2(i + 2) for i, s in enumerate(ranking[:k]))
    ideal = sorted((g for g in grades.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def recall_at_k(ranking: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    """Share of the seeds graded ≥ 1 that appear in the top k."""
    relevant = {s for s, g in grades.items() if g >= 1}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def rank_seeds(index: MatchIndex, need_id: str, seed_ids: Sequence[str]) -> list[str]:
    """All seeds for a need: matched ones by score, then the rest, ties by seed id."""
    matched = [str(m.seed_key) for m in index.top_seeds(need_id, k=len(seed_ids))]  # ids are str (see _load_posts)
    chosen = set(matched)
    return matched + sorted(s for s in seed_ids if s not in chosen)


def build_index(
    needs: Sequence[Post],
    seeds: Sequence[Post],
    synonyms: Mapping[str, str] | None,
    vectors: WordVectors | None = None,
) -> MatchIndex:
    analyser = Analyser()
    return MatchIndex.fit(
        [(n["id"], analyser.analyse(n["title"], n["body"])) for n in needs],
        [(s["id"], analyser.analyse(s["title"], s["body"])) for s in seeds],
        synonyms,
        vectors=vectors,
    )


def evaluate_files(
    needs_path: str | Path,
    seeds_path: str | Path,
    qrels_path: str | Path,
    k: int = 10,
    synonyms: Mapping[str, str] | None = SEED_SYNONYMS,
    vectors: WordVectors | None = None,
) -> dict[str, float | int]:
    """``{"ndcg@k", "recall@k", "needs", "seeds"}`` for the matcher on these files
    (``vectors``: the dense view's word vectors, None for BM25F alone)."""
    needs, seeds = load_needs(needs_path), load_seeds(seeds_path)
    qrels = load_qrels(qrels_path)
    _check_ids(qrels_path, qrels, {n["id"] for n in needs}, {s["id"] for s in seeds})
    index = build_index(needs, seeds, synonyms, vectors)
    seed_ids = [s["id"] for s in seeds]
    judged = [n["id"] for n in needs if any(g > 0 for g in qrels.get(n["id"], {}).values())]
    rankings = {nid: rank_seeds(index, nid, seed_ids) for nid in judged}
    count = max(len(judged), 1)
    return {
        f"ndcg@{k}": sum(ndcg_at_k(rankings[n], qrels[n], k) for n in judged) / count,
        f"recall@{k}": sum(recall_at_k(rankings[n], qrels[n], k) for n in judged) / count,
        "needs": len(needs),
        "seeds": len(seeds),
    }


def _check_ids(path: str | Path, qrels: Qrels, need_ids: set[str], seed_ids: set[str]) -> None:
    for need_id, grades in qrels.items():
        if need_id not in need_ids:
            raise EvalFileError(path, None, f"unknown need id {need_id!r}")
        unknown = sorted(set(grades) - seed_ids)
        if unknown:
            raise EvalFileError(path, None, f"unknown seed id {unknown[0]!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hackplat.matching.core.evaluate", description="nDCG@k and Recall@k of the matcher"
    )
    parser.add_argument("--needs", help=f"default: needs.jsonl of the evaluation set (${EVAL_SET_ENV})")
    parser.add_argument("--seeds", help="default: seeds.jsonl of the evaluation set")
    parser.add_argument("--qrels", help="default: qrels.tsv of the evaluation set")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--no-synonyms", action="store_true", help="ablation: empty table")
    parser.add_argument(
        "--vectors", default="auto", help="word vectors: auto (ja-ginza if installed), off, or a folder"
    )
    args = parser.parse_args(argv)
    try:
        files = files_or_eval_set(args.needs, args.seeds, args.qrels)
        result = evaluate_files(
            files.needs,
            files.seeds,
            files.qrels,
            args.k,
            None if args.no_synonyms else SEED_SYNONYMS,
            load_vectors(args.vectors),
        )
    except EvalFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
