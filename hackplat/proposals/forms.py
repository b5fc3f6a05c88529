"""Proposal forms: the proposal itself (with the seed to start from), the reason for declining."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField

from hackplat.forms import BaseForm, VersionedForm, choices, max_length, optional, required, strip_filter
from hackplat.models import Seed
from hackplat.proposals.queries import seed_summary
from hackplat.proposals.services import MAX_LENGTHS, ProposalContent
from hackplat.startups.forms import MentoringFields

#: The button that loads a seed's text into the form instead of saving it.
LOAD_SEED = "load_seed"


def _text(label: str, name: str, *, needed: bool = False) -> TextAreaField:
    validators = [required() if needed else optional(), max_length(MAX_LENGTHS[name])]
    return TextAreaField(label, validators=validators, filters=[strip_filter])


class ProposalForm(MentoringFields, VersionedForm, BaseForm):
    #: The seed the proposal starts from (0: none); the service checks it is one's own.
    seed_id = SelectField(_l("元にするシーズ"), coerce=int, choices=[], default=0, validate_choice=False)
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

    def offer(self, seeds: list[Seed], none_label: str) -> None:
        self.seed_id.choices = choices([(0, none_label), *((seed.id, seed.title) for seed in seeds)])

    def load(self, seed: Seed | None) -> None:
        """Put the seed's text in the summary if it is still empty: loading a seed never
        erases what was typed."""
        if seed is not None and not (self.summary.data or "").strip():
            self.summary.data = seed_summary(seed)


class DeclineForm(BaseForm):
    reason = TextAreaField(
        _l("見送りの理由（提案者に伝わります）"), validators=[required(), max_length(1000)], filters=[strip_filter]
    )
