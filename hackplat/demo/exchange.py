"""The demo's exchange (content/exchange.toml): more organisations, the city's needs, the
seeds and the proposals, as the demo loader reads them. The TOML file's head says what
the data is meant to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from hackplat.demo.data import Table, organisations, read


@dataclass(frozen=True, kw_only=True)
class DemoNeed:
    department: str  # a department's name from city.toml
    theme: str  # one of DEFAULT_THEMES
    title: str
    background: str  # 現状
    problem: str  # 課題
    desired_outcome: str  # 求める解決策
    expected_effect: str  # 想定する効果
    #: Relative to the day the demo is loaded. Past calls end where the story's dates need
    #: them when counted from story.STORY_TODAY.
    deadline_in_days: int
    startup_support: bool
    status: str  # a NeedStatus value


@dataclass(frozen=True, kw_only=True)
class DemoSeed:
    organisation: str  # an approved organisation's name
    title: str
    summary: str
    description: str
    track_record: str
    tags: tuple[str, ...]
    theme: str | None = None
    is_public: bool


@dataclass(frozen=True, kw_only=True)
class DemoProposal:
    #: Index into NEEDS. The TOML names the need by its title, so that reordering the
    #: needs cannot misdirect a proposal.
    need: int
    organisation: str
    seed: str | None = None  # the title of one of the organisation's seeds; None: from scratch
    summary: str
    approach: str
    schedule: str
    cost_estimate: str
    city_support: str
    status: str  # a ProposalStatus value
    decision_reason: str | None = None


def _proposals(rows: list[Table], needs: list[DemoNeed]) -> list[DemoProposal]:
    index = {need.title: n for n, need in enumerate(needs)}
    unknown = {row["need"] for row in rows} - set(index)
    if unknown:
        raise LookupError(f"demo proposals name needs that exchange.toml lacks: {sorted(unknown)}")
    return [DemoProposal(**{**row, "need": index[row["need"]]}) for row in rows]


_EXCHANGE = read("exchange.toml")
#: All approved; with city.toml's ten approved ones they make 25.
MORE_ORGANISATIONS = organisations(_EXCHANGE["organisation"])
NEEDS = [DemoNeed(**row) for row in _EXCHANGE["need"]]
SEEDS = [DemoSeed(**{**row, "tags": tuple(row["tags"])}) for row in _EXCHANGE["seed"]]
PROPOSALS = _proposals(_EXCHANGE["proposal"], NEEDS)
