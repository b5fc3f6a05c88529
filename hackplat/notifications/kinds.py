"""The kinds of notification a person chooses a frequency for.

A notification's own kind is finer (``proposal.shortlisted``, ``pilot.running``, ...);
``preference_kind`` maps it to one of these groups by its prefix, the first match
winning. A kind nobody can choose (``other``) is mailed at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from hackplat.models import Frequency, Role, User

CITY = (Role.STAFF, Role.COORDINATOR, Role.ADMIN)
OFFICE = (Role.COORDINATOR, Role.ADMIN)
EVERYONE = (Role.MEMBER, *CITY)
#: The reverse alerts come in digests only: "at once" is not offered for them.
DIGEST_ONLY = (Frequency.DAILY, Frequency.WEEKLY, Frequency.OFF)
ALL_FREQUENCIES = tuple(Frequency)
ALERTS = "alerts"
OTHER = "other"


@dataclass(frozen=True)
class Kind:
    name: str
    label: LazyString
    roles: tuple[Role, ...]
    default: Frequency = Frequency.IMMEDIATE
    choices: tuple[Frequency, ...] = ALL_FREQUENCIES


KINDS = (
    Kind("registration", _l("組織の参加登録の受付"), OFFICE),
    Kind("organisation", _l("参加登録の審査結果"), (Role.MEMBER,)),
    Kind("colleagues", _l("自組織への参加申請"), (Role.MEMBER,)),
    Kind("proposal_received", _l("提案の提出・取り下げ"), CITY),
    Kind("proposal_status", _l("自組織の提案の状態の変更"), (Role.MEMBER,)),
    Kind("evaluation", _l("提案の評価依頼"), CITY),
    Kind("questions", _l("質疑応答（質問と回答）"), EVERYONE),
    Kind("working_group", _l("ワーキンググループへの招待と回答"), EVERYONE),
    Kind("pilot", _l("試行プロジェクトの段階の変更"), EVERYONE),
    Kind("knowledge", _l("事例の公開"), EVERYONE),
    Kind("support", _l("業務支援の依頼（受付・振り分け・経過・完了）"), CITY),
    Kind(ALERTS, _l("自組織のシーズに合う新しい課題・自部署の課題に合う新しいシーズ"), (Role.MEMBER, Role.STAFF),
         default=Frequency.DAILY, choices=DIGEST_ONLY),
)  # fmt: skip
BY_NAME = {kind.name: kind for kind in KINDS}

#: Notification kind prefix → preference kind, the first match winning.
PREFIXES = (
    ("organisation.registered", "registration"),
    ("organisation.", "organisation"),
    ("colleague.", "colleagues"),
    ("proposal.submitted", "proposal_received"),
    ("proposal.withdrawn", "proposal_received"),
    ("proposal.", "proposal_status"),
    ("evaluation.", "evaluation"),
    ("question.", "questions"),
    ("working_group.", "working_group"),
    ("pilot.", "pilot"),
    ("case.", "knowledge"),
    ("support.", "support"),
    ("alert.", ALERTS),
)


def preference_kind(kind: str) -> str:
    return next((name for prefix, name in PREFIXES if kind.startswith(prefix)), OTHER)


def default_frequency(name: str) -> Frequency:
    kind = BY_NAME.get(name)
    return kind.default if kind is not None else Frequency.IMMEDIATE


def kinds_for(user: User) -> list[Kind]:
    """The kinds this person can receive, in the order of the settings page."""
    return [kind for kind in KINDS if user.role in kind.roles]
