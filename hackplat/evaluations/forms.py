"""Evaluation forms: the conflict-of-interest declaration, the rubric's scores (each
level with its short description) and the number of evaluators a need asks for."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, HiddenField, IntegerField, RadioField, TextAreaField
from wtforms.validators import InputRequired, ValidationError

from hackplat.errors import InvalidInput
from hackplat.evaluations.services import MAX_COMMENT_LENGTH, SCORE_VALUES, Scores, checked_score
from hackplat.forms import BaseForm, VersionedForm, choices, max_length, optional, strip_filter
from hackplat.labels import CRITERION_LABELS
from hackplat.models import CRITERIA

NO_CONFLICT, CONFLICT = "none", "conflict"

#: What each level of the rubric means, for every criterion (shown beside the radio buttons).
RUBRIC_LEVELS = {
    "1": _l("1 — 不十分（課題の解決にほとんどつながらない）"),
    "2": _l("2 — やや不十分（大きな不足や懸念がある）"),
    "3": _l("3 — 標準（おおむね期待どおり、いくつか懸念がある）"),
    "4": _l("4 — 良い（期待を上回り、懸念は小さい）"),
    "5": _l("5 — 非常に良い（十分な根拠があり、ほかの模範になる）"),
}


class ChoiceRequired:
    """A radio group must have one of its choices picked (the message says "choose")."""

    field_flags = {"required": True}

    def __call__(self, form: Any, field: RadioField) -> None:
        if field.data not in {value for value, *_ in field.iter_choices()}:
            raise ValidationError(_l("いずれかを選んでください。"))


class ScoreRequired:
    """One of 1–5, checked as the service checks it (so the message is the same)."""

    field_flags = {"required": True}

    def __call__(self, form: Any, field: Field) -> None:
        try:
            checked_score(field.name, field.data)
        except InvalidInput as refusal:
            raise ValidationError(refusal.message) from refusal


class DeclarationForm(BaseForm):
    conflict = RadioField(
        _l("利益相反の申告"),
        choices=choices(
            [
                (NO_CONFLICT, _l("この提案の提案者との間に利益相反はありません")),
                (CONFLICT, _l("利益相反があります（この提案の評価には加わりません）")),
            ]
        ),
        validators=[ChoiceRequired()],
        validate_choice=False,
    )

    def has_conflict(self) -> bool:
        return self.conflict.data == CONFLICT


class LateConflictForm(BaseForm):
    """Declaring a conflict found after declaring none: the declaration route, preset."""

    conflict = HiddenField(default=CONFLICT)


def _score_field(criterion: str) -> RadioField:
    return RadioField(
        CRITERION_LABELS[criterion],
        choices=choices((value, RUBRIC_LEVELS[value]) for value in SCORE_VALUES),
        validators=[ScoreRequired()],
        validate_choice=False,
    )


class ScoresForm(VersionedForm, BaseForm):
    fit = _score_field("fit")
    feasibility = _score_field("feasibility")
    cost_effectiveness = _score_field("cost_effectiveness")
    scalability = _score_field("scalability")
    comment = TextAreaField(
        _l("コメント（ほかの評価者にも表示されます）"),
        validators=[optional(), max_length(MAX_COMMENT_LENGTH)],
        filters=[strip_filter],
    )

    def scores(self) -> Scores:
        marks = {name: int(getattr(self, name).data) for name in CRITERIA}
        return Scores(**marks, comment=self.comment.data or "")


class MinEvaluatorsForm(BaseForm):
    #: InputRequired, not DataRequired: 0 is a number typed, refused by the service as out of 1–10.
    min_evaluators = IntegerField(
        _l("採択に必要な評価者の数（提案ごと）"), validators=[InputRequired(message=_l("入力してください。"))]
    )
