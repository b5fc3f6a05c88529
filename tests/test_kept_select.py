"""The filter selects' kept options (#16) are written exactly as WTForms writes them."""

from __future__ import annotations

from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.widgets import Select

from hackplat.kept_select import KeptSelect


class Filters(Form):
    plain = SelectField(
        choices=[SelectChoice("", "すべて"), SelectChoice("a&b", "<A & B>"), SelectChoice("c", "C")],
        widget=KeptSelect(),
    )
    grouped = SelectField(coerce=int, widget=KeptSelect())


GROUPED = [
    SelectChoice(0, "すべて"),
    SelectChoice(1, "局1", optgroup="局・本部"),
    SelectChoice(2, "\u3000課2", optgroup="局・本部"),
    SelectChoice(3, "区3", optgroup="区役所"),
]


def rendered(form: Filters, name: str) -> tuple[str, str]:
    field = form[name]
    return str(field(**{"aria-invalid": "true"})), str(Select()(field, **{"aria-invalid": "true"}))


def test_kept_options_are_what_wtforms_writes() -> None:
    for data in ({}, {"plain": "a&b", "grouped": 2}, {"plain": "c", "grouped": 3}, {"grouped": 9}):
        form = Filters(data=data)
        form.grouped.choices = GROUPED
        for name in ("plain", "grouped"):
            ours, theirs = rendered(form, name)
            assert ours == theirs
    form = Filters(data={"plain": "a&b", "grouped": 2})
    form.grouped.choices = GROUPED
    plain, grouped = rendered(form, "plain")[0], rendered(form, "grouped")[0]
    assert '<option selected value="a&amp;b">&lt;A &amp; B&gt;</option>' in plain
    assert plain.count("selected") == 1
    assert '<optgroup label="局・本部"><option value="1">局1</option><option selected value="2">' in grouped


def test_other_labels_are_kept_apart() -> None:
    form = Filters(data={"grouped": 1})
    form.grouped.choices = GROUPED
    japanese = str(form.grouped())
    form.grouped.choices = [SelectChoice(0, "All"), *GROUPED[1:]]
    assert str(form.grouped()) == japanese.replace(">すべて<", ">All<")
