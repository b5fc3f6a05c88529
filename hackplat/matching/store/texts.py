"""What of a need or seed the matcher reads, and writing its analysis when it is saved.

Tokenising is the costly step, so each text is analysed once, when it is written, and
the tokens are kept in the row's ``analysis`` column (see DESIGN.md, "The matcher").
"""

from __future__ import annotations

from hackplat.matching.core.analyser import Analysed, Analyser
from hackplat.models import Need, Seed

_analyser = Analyser()


#: The fields the matcher reads: the title, then the body's parts.
TEXT_FIELDS = {
    Need: ("title", "background", "problem", "desired_outcome", "expected_effect"),
    Seed: ("title", "summary", "description", "track_record", "tags"),
}


def text_columns(model: type[Need] | type[Seed]) -> list[object]:
    return [getattr(model, name) for name in TEXT_FIELDS[model]]


def text_of(item: object, model: type[Need] | type[Seed] | None = None) -> tuple[str, str]:
    """(title, body) of a need or seed, or of a row selected with ``text_columns``."""
    title, *body = (getattr(item, name) or "" for name in TEXT_FIELDS[model or type(item)])
    return title, "\n".join(body)


def analyse(item: Need | Seed) -> Analysed:
    """Analyse the item's current text and keep the tokens on the row."""
    analysed = _analyser.analyse(*text_of(item))
    item.analysis = analysed.to_json()
    return analysed


def stored_analysis(item: Need | Seed) -> Analysed:
    """The kept tokens, analysing afresh if there are none or the analyser changed."""
    if item.analysis:
        analysed = Analysed.from_json(item.analysis)
        if analysed.is_current():
            return analysed
    return analyse(item)
