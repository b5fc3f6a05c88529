"""Worker processes for the two costly steps of a rebuild: tokenising and all-pairs.

MeCab and scipy's sparse kernels hold the GIL, so threads do not help; forked
processes do. Large read-only inputs are handed over by fork (``shared``), not by
pickling; only small results travel back. Where fork is unavailable, or for one
process, everything runs in the calling process with the same results.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence, TypeVar

from hackplat.matching.analyzer import Analysed, Analyzer

__all__ = ["analyse_parallel", "fork_map", "default_processes", "gc_paused"]

T = TypeVar("T")
R = TypeVar("R")

_shared: Any = None  # set just before forking; read by the workers


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of small objects:
    otherwise every few thousand allocations it rescans all live objects (the whole
    corpus), which made a rebuild ~40 % slower. Nothing built here forms cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def default_processes() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def _call(item: Any) -> Any:
    fn, arg = item
    return fn(_shared, arg)


def fork_map(fn: Callable[[Any, T], R], shared: Any, items: Sequence[T],
             processes: int | None = None) -> list[R]:
    """``[fn(shared, item) for item in items]``, in forked processes when possible."""
    global _shared
    processes = processes or default_processes()
    if processes <= 1 or len(items) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [fn(shared, item) for item in items]
    _shared = shared
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return pool.map(_call, [(fn, item) for item in items], chunksize=1)
    finally:
        _shared = None


def _analyse_chunk(_: Any, posts: Sequence[tuple[str, str]]) -> list[tuple[str, str, dict[str, str]]]:
    """Tokens travel back joined into one string per field: cheap to pickle."""
    analyzer = Analyzer()
    out = []
    for title, body in posts:
        a = analyzer.analyse(title, body)
        out.append(("\x1f".join(a.title), "\x1f".join(a.body), a.surfaces))
    return out


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split("\x1f")) if text else ()


def analyse_parallel(posts: Sequence[tuple[str, str]], processes: int) -> list[Analysed]:
    """Same result as ``[Analyzer().analyse(t, b) for t, b in posts]``."""
    size = max(1, len(posts) // (processes * 8) + 1)
    chunks = [posts[i:i + size] for i in range(0, len(posts), size)]
    with gc_paused():
        parts = fork_map(_analyse_chunk, None, chunks, processes)
        return [Analysed(_split(t), _split(b), s) for part in parts for t, b, s in part]
