"""The list pages' filter ``<select>``s with their options' HTML kept per process (#16).

A filter form offers ~60 options (themes, departments grouped by bureau and ward, labs,
statuses); WTForms makes each ``<option>`` anew on every request (``html_params``,
escaping, a ``Markup`` each). :class:`KeptSelect` renders them exactly as WTForms'
``Select`` does, but makes the options' HTML once for the same choices (values, labels
in the request's language, groups) with none selected, and marks the chosen one on each
request. Choices carrying their own attributes (``render_kw``) are rendered by WTForms.
"""

from __future__ import annotations

import threading
from typing import Any

from markupsafe import Markup, escape
from wtforms.widgets import Select, html_params

__all__ = ["KeptSelect"]

#: Different option lists kept (each a few kB); past it they are all dropped.
MAX_KEPT = 256

Key = tuple[tuple[str | None, tuple[tuple[Any, str], ...]], ...]
_kept: dict[Key, str] = {}
_lock = threading.Lock()


def _groups(field: Any) -> list[tuple[Any, list[Any]]]:
    if field.has_groups():
        return list(field._iter_groups_normalized())
    return [(None, list(field._iter_choices_normalized()))]


def _value(choice: Any) -> Any:
    return str(choice.value) if isinstance(choice.value, bool) else choice.value


def _options_html(groups: list[tuple[Any, list[Any]]]) -> str:
    """The options as WTForms' ``Select`` writes them, none selected."""
    html: list[str] = []
    for optgroup, choices in groups:
        if optgroup is not None:
            html.append(f"<optgroup {html_params(label=optgroup)}>")
        html += [f"<option {html_params(value=_value(c))}>{escape(c.label or c.value)}</option>" for c in choices]
        if optgroup is not None:
            html.append("</optgroup>")
    return "".join(html)


class KeptSelect(Select):
    """WTForms' single ``Select``, its options' HTML kept for the same choices."""

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        groups = _groups(field)
        if self.multiple or any(c.render_kw for _, choices in groups for c in choices):
            return Markup(super().__call__(field, **kwargs))
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for name in dir(flags):
            if name in self.validation_attrs and name not in kwargs:
                kwargs[name] = getattr(flags, name)
        key: Key = tuple(
            (None if optgroup is None else str(optgroup), tuple((_value(c), str(c.label)) for c in choices))
            for optgroup, choices in groups
        )
        options = _kept.get(key)
        if options is None:
            options = _options_html(groups)
            with _lock:
                if len(_kept) >= MAX_KEPT:
                    _kept.clear()
                _kept[key] = options
        for choice in (c for _, choices in groups for c in choices if c.selected):
            value = _value(choice)
            unmarked = f"<option {html_params(value=value)}>"
            options = options.replace(unmarked, f"<option {html_params(selected=True, value=value)}>", 1)
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")
