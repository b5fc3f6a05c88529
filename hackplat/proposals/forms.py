"""Proposal forms: the proposal itself, the seed to start from, the reason for declining."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.widgets import HiddenInput

from hackplat.forms import BaseForm, QueryForm, VersionedForm, max_length, optional, required, strip_filter
from hackplat.proposals.services import MAX_LENGTHS, ProposalContent


def _text(label: str, name: str, *, needed: bool = False) -> TextAreaField:
    validators = [required() if needed else optional(), max_length(MAX_LENGTHS[name])]
    return TextAreaField(label, validators=validators, filters=[strip_filter])


class ProposalForm(VersionedForm, BaseForm):
    #: The seed chosen with ``SeedChoiceForm`` (0: none); the service checks it is one's own.
    seed_id = IntegerField(widget=HiddenInput(), default=0, validators=[optional()])
    summary = _text(_l("提案の概要"), "summary", needed=True)
    approach = _text(_l("実施方法"), "approach")
    schedule = _text(_l("スケジュール"), "schedule")
    cost_estimate = StringField(
        _l("概算費用"), validators=[optional(), max_length(MAX_LENGTHS["cost_estimate"])], filters=[strip_filter]
    )
    city_support = _text(_l("市に求める協力"), "city_support")

    def content(self) -> ProposalContent:
        return ProposalContent(
            summary=self.summary.data or "",
            approach=self.approach.data or "",
            schedule=self.schedule.data or "",
            cost_estimate=self.cost_estimate.data or "",
            city_support=self.city_support.data or "",
            seed_id=self.seed_id.data or None,
        )


class SeedChoiceForm(QueryForm):
    """A GET form: reloads the new-proposal page with the summary taken from a seed."""

    need = HiddenField()
    seed = SelectField(_l("元にするシーズ"), coerce=int, choices=[])


class DeclineForm(BaseForm):
    reason = TextAreaField(
        _l("見送りの理由（提案者に伝わります）"), validators=[required(), max_length(1000)], filters=[strip_filter]
    )
