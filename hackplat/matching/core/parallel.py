"""Tokenising many posts in forked worker processes (see ``forking``).

Texts to tokenise travel to the workers by pickling, unlike the other steps' inputs:
a rebuild reads them from the database a chunk at a time (``analyse_stream``), while
the workers tokenise the chunk before. Results are the same as in one process.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from hackplat.matching.core.analyser import Analysed, Analyser
from hackplat.matching.core.forking import can_fork, fork_map, gc_paused

__all__ = ["analyse_many", "analyse_parallel", "analyse_stream"]

T = TypeVar("T")


def _analyse_chunk(_: Any, posts: Sequence[tuple[str, str]]) -> list[tuple[str, str, dict[str, str]]]:
    """Tokens travel back joined into one string per field: cheap to pickle."""
    analyser = Analyser()
    out = []
    for title, body in posts:
        a = analyser.analyse(title, body)
        out.append(("\x1f".join(a.title), "\x1f".join(a.body), a.surfaces))
    return out


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split("\x1f")) if text else ()


def _unpack(part: list[tuple[str, str, dict[str, str]]]) -> list[Analysed]:
    return [Analysed(_split(t), _split(b), s) for t, b, s in part]


def analyse_many(posts: Sequence[tuple[str, str]], processes: int = 1) -> list[Analysed]:
    """Analyse many (title, body) pairs, in worker processes when there are enough."""
    if processes <= 1 or len(posts) < 2000:
        analyser = Analyser()
        return [analyser.analyse(t, b) for t, b in posts]
    return analyse_parallel(posts, processes)


def analyse_parallel(posts: Sequence[tuple[str, str]], processes: int) -> list[Analysed]:
    """Same result as ``[Analyser().analyse(t, b) for t, b in posts]``."""
    size = max(1, len(posts) // (processes * 8) + 1)
    chunks = [posts[i : i + size] for i in range(0, len(posts), size)]
    with gc_paused():
        parts = fork_map(_analyse_chunk, None, chunks, processes)
        return [analysed for part in parts for analysed in _unpack(part)]


def analyse_stream(
    batches: Iterable[tuple[T, Sequence[tuple[str, str]]]], processes: int
) -> Iterator[tuple[T, list[Analysed]]]:
    """``(tag, [Analyser().analyse(t, b) for t, b in posts])`` for each ``(tag, posts)``,
    in order, tokenised by one pool of forked workers.

    The calling thread pulls ``batches`` one ahead of the results it is given, so what
    it does between results (read the next batch, write these tokens) overlaps the
    workers' tokenising instead of leaving them idle; one pool for every batch spares a
    fork per batch, and each batch is split between the workers. Tags stay in this
    process. One process, or no fork: in order, here.
    """
    if processes <= 1 or not can_fork():
        analyser = Analyser()
        for tag, posts in batches:
            yield tag, [analyser.analyse(t, b) for t, b in posts]
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
