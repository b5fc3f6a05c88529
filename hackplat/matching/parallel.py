"""Worker processes for the two costly steps of a rebuild: tokenising and all-pairs.

MeCab and scipy's sparse kernels hold the GIL, so threads do not help; forked
processes do. Large read-only inputs are handed over by fork (``shared``), not by
pickling; only small results travel back. Texts to tokenise are the exception
(``analyse_stream``): a rebuild reads them from the database a chunk at a time, while
the workers tokenise the chunk before. Where fork is unavailable, or for one process,
everything runs in the calling process with the same results.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from hackplat.matching.analyzer import Analysed, Analyzer

__all__ = ["analyse_parallel", "analyse_stream", "fork_map", "default_processes", "gc_paused"]

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


def fork_map(fn: Callable[[Any, T], R], shared: Any, items: Sequence[T], processes: int | None = None) -> list[R]:
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


def _unpack(part: list[tuple[str, str, dict[str, str]]]) -> list[Analysed]:
    return [Analysed(_split(t), _split(b), s) for t, b, s in part]


def analyse_parallel(posts: Sequence[tuple[str, str]], processes: int) -> list[Analysed]:
    """Same result as ``[Analyzer().analyse(t, b) for t, b in posts]``."""
    size = max(1, len(posts) // (processes * 8) + 1)
    chunks = [posts[i : i + size] for i in range(0, len(posts), size)]
    with gc_paused():
        parts = fork_map(_analyse_chunk, None, chunks, processes)
        return [analysed for part in parts for analysed in _unpack(part)]


def analyse_stream(
    batches: Iterable[tuple[T, Sequence[tuple[str, str]]]], processes: int
) -> Iterator[tuple[T, list[Analysed]]]:
    """``(tag, [Analyzer().analyse(t, b) for t, b in posts])`` for each ``(tag, posts)``,
    in order, tokenised by one pool of forked workers.

    The calling thread pulls ``batches`` one ahead of the results it is given, so what
    it does between results (read the next batch, write these tokens) overlaps the
    workers' tokenising instead of leaving them idle; one pool for every batch spares a
    fork per batch, and each batch is split between the workers. Tags stay in this
    process. One process, or no fork: in order, here.
    """
    if processes <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        analyzer = Analyzer()
        for tag, posts in batches:
            yield tag, [analyzer.analyse(t, b) for t, b in posts]
        return
    waiting: deque[tuple[T, list[Any]]] = deque()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        for tag, posts in batches:
            size = max(1, -(-len(posts) // (2 * processes)))
            waiting.append(
                (
                    tag,
                    [pool.apply_async(_analyse_chunk, (None, posts[i : i + size])) for i in range(0, len(posts), size)],
                )
            )
            if len(waiting) > 1:
                yield _collect(*waiting.popleft())
        while waiting:
            yield _collect(*waiting.popleft())


def _collect(tag: T, pieces: list[Any]) -> tuple[T, list[Analysed]]:
    return tag, [analysed for piece in pieces for analysed in _unpack(piece.get())]
