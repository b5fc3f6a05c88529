"""What of a need or seed the matcher reads, and writing its analysis when it is saved.

Tokenising is the costly step, so each text is analysed once, when it is written, and
the tokens are kept in the row's ``analysis`` column (see DESIGN.md, "The matcher").
"""

from __future__ import annotations

from typing import Any

from hackplat.extensions import db
from hackplat.matching.core.analyser import Analysed, Analyser
from hackplat.models import Need, Seed

Item = type[Need] | type[Seed]

_analyser = Analyser()


#: The fields the matcher reads: the title, then the body's parts.
TEXT_FIELDS: dict[Item, tuple[str, ...]] = {
    Need: ("title", "background", "problem", "desired_outcome", "expected_effect"),
    Seed: ("title", "summary", "description", "track_record", "tags"),
}


def text_columns(model: Item) -> list[Any]:
    return [getattr(model, name) for name in TEXT_FIELDS[model]]


def text_of(item: object, model: Item) -> tuple[str, str]:
    """(title, body) of a ``model`` (a need or seed), or of a row selected with ``text_columns``."""
    title, *body = (getattr(item, name) or "" for name in TEXT_FIELDS[model])
    return title, "\n".join(body)


def analyse(item: Need | Seed) -> Analysed:
    """Analyse the item's current text and keep the tokens on the row."""
    analysed = _analyser.analyse(*text_of(item, type(item)))
    item.analysis = analysed.to_json()
    return analysed


def load_item(side: str, item_id: int, *, populate_existing: bool = False) -> Need | Seed | None:
    """The need (``side`` "need") or seed with this id, None if it is gone."""
    if side == "need":
        return db.session.get(Need, item_id, populate_existing=populate_existing)
    return db.session.get(Seed, item_id, populate_existing=populate_existing)


def stored_analysis(item: Need | Seed) -> Analysed:
    """The kept tokens, analysing afresh if there are none or the analyser changed."""
    if item.analysis:
        analysed = Analysed.from_json(item.analysis)
        if analysed.is_current():
            return analysed
    return analyse(item)
