"""Benchmark of the matcher core on a synthetic corpus (not collected by pytest).

    .venv/bin/python tests/bench/bench_matcher_core.py --needs 10000 --seeds 100000

Times: analysing every text (in --processes worker processes), fitting the index,
computing the top-k pairs both ways (with shared terms), and incremental adds of one
seed / one need (index update only; analysing one post takes ~1 ms more). Memory:
peak RSS of this process, and peak PSS of this process plus its forked workers
(shared pages counted once; the workers' own RSS would count them again). Prints
figures as it goes; the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_corpus import generate_needs, generate_seeds

from hackplat.matching.core.analyser import Analyser
from hackplat.matching.core.index import MatchIndex
from hackplat.matching.core.parallel import analyse_many
from hackplat.matching.core.synonyms_seed import SEED_SYNONYMS
from hackplat.matching.core.wordvectors import load_vectors


def _rss_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0  # Linux reports KiB


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return out


def _pss_mib(pid: int) -> float:
    """Proportional set size of a process tree: shared pages (fork) counted once."""
    total = 0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total / 1024.0


class PeakMemory(threading.Thread):
    """Samples the PSS of this process and its workers every 200 ms."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, _pss_mib(os.getpid()))
            time.sleep(0.2)


CPU: dict[str, float] = {}


def _cpu_s() -> float:
    """CPU seconds of this process and its finished workers (robust when the machine
    is shared: wall time then depends on other load, CPU time much less)."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _timed(label: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start, cpu = time.perf_counter(), _cpu_s()
    result = fn(*args, **kwargs)
    elapsed, CPU[label] = time.perf_counter() - start, _cpu_s() - cpu
    print(f"{label}: {elapsed:.2f} s wall, {CPU[label]:.2f} s CPU", flush=True)
    return result, elapsed


def _incremental_ms(index: MatchIndex, side: str, posts: list[dict[str, str]]) -> list[float]:
    analyser = Analyser()
    method = index.add_or_update_seed if side == "seed" else index.add_or_update_need
    times = []
    for post in posts:
        analysed = analyser.analyse(post["title"], post["body"])
        start = time.perf_counter()
        method("x" + post["id"], analysed)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--seeds", type=int, default=100_000)
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--incremental", type=int, default=20, help="adds timed per side")
    parser.add_argument("--vectors", default="off", help="word vectors: off (BM25F alone), auto, or a vocab folder")
    return parser.parse_args()


def _rebuild(args: argparse.Namespace) -> tuple[MatchIndex, dict[str, float]]:
    """Analyse, fit and list the top pairs, as a full rebuild does (minus the DB)."""
    needs, seeds = generate_needs(args.needs), generate_seeds(args.seeds)
    posts = [(p["title"], p["body"]) for p in needs + seeds]
    chars = sum(len(t) + len(b) for t, b in posts)
    print(f"corpus: {len(needs)} needs, {len(seeds)} seeds, {chars / len(posts):.0f} chars/post")
    memory = PeakMemory()
    memory.start()
    analysed, analyse_s = _timed("analyse", analyse_many, posts, args.processes)
    n_items = list(zip([p["id"] for p in needs], analysed[: len(needs)], strict=True))
    s_items = list(zip([p["id"] for p in seeds], analysed[len(needs) :], strict=True))
    vectors = load_vectors(args.vectors)
    index, fit_s = _timed(
        "fit", MatchIndex.fit, n_items, s_items, SEED_SYNONYMS, vectors=vectors, processes=args.processes
    )
    print(f"vocabulary: {len(index.weighting.terms)} terms, skipped: {len(index.skipped)}")
    n_pairs, pairs_s = _timed("top pairs", lambda: sum(1 for _ in index.iter_top_pairs(args.k)))
    memory.running = False
    print(f"pairs: {n_pairs}")
    return index, {
        "pairs": n_pairs,
        "word_vectors": vectors is not None,
        "analyse_s": round(analyse_s, 2),
        "fit_s": round(fit_s, 2),
        "top_pairs_s": round(pairs_s, 2),
        "total_s": round(analyse_s + fit_s + pairs_s, 2),
        "peak_rss_mib": round(_rss_mib(resource.RUSAGE_SELF), 1),
        "peak_tree_pss_mib": round(memory.peak, 1),
        "cpu_s": {k: round(v, 1) for k, v in CPU.items()},
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    args = _args()
    index, figures = _rebuild(args)
    add_seed = _incremental_ms(index, "seed", generate_seeds(args.incremental, seed=1))
    add_need = _incremental_ms(index, "need", generate_needs(args.incremental, seed=1))
    print(
        json.dumps(
            {
                "needs": args.needs,
                "seeds": args.seeds,
                **figures,
                "add_seed_ms_p50": round(statistics.median(add_seed), 2),
                "add_seed_ms_max": round(max(add_seed), 2),
                "add_need_ms_p50": round(statistics.median(add_need), 2),
                "add_need_ms_max": round(max(add_need), 2),
            }
        )
    )


if __name__ == "__main__":
    main()
