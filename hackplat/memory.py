"""The garbage collector's settings for a process that serves pages (wsgi.py; the page
benchmark, tests/bench/bench_pages.py, settles the same way)."""

from __future__ import annotations

import gc

#: Container objects allocated (net) before the youngest generation is collected
#: (Python's default: 700).
YOUNG_THRESHOLD = 7_000


def settle_collector() -> None:
    """Once the app is made. What it holds from its start (mappers, the templates'
    environment, catalogues, the analyser's tables: ~200,000 objects) lives as long as
    the worker: frozen, the collector's full passes skip it (each took 150 ms). And the
    youngest generation is collected every 7,000 allocations instead of 700: the first
    search of a frequent word after a write allocates ~30,000 (the rows of its hits),
    which set off a full pass (17–33 ms, paid by that request) every two or three such
    searches; at 7,000 the page benchmark's whole run had none (#16)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
