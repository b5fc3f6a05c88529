"""The collector's settings for serving pages (hackplat/memory.py, wsgi.py)."""

from __future__ import annotations

import gc

from hackplat.memory import YOUNG_THRESHOLD, settle_collector


def test_a_worker_freezes_what_it_holds_and_collects_the_young_less_often() -> None:
    before = gc.get_threshold()
    try:
        settle_collector()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *before[1:])
        assert gc.get_threshold()[0] > before[0]
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
