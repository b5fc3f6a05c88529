"""Integrity of the demo's story (working groups, evaluations, pilots, knowledge cases and
the dashboard's dates): pure data, no database."""

import itertools
from collections import Counter
from datetime import date, timedelta

import pytest

from hackplat.demo import data, story
from hackplat.demo.exchange import MORE_ORGANISATIONS, NEEDS, PROPOSALS, SEEDS
from hackplat.fiscal import fiscal_year_of
from hackplat.matching.core.analyser import Analyser
from hackplat.matching.core.index import MatchIndex
from hackplat.matching.core.synonyms_seed import SEED_SYNONYMS
from hackplat.matching.core.wordvectors import load_vectors
from hackplat.matching.store.texts import TEXT_FIELDS
from hackplat.matching.suggestions import MIN_SIMILARITY, MIN_SIMILARITY_BM25F
from hackplat.models import Need, OrganisationKind, PilotStage, Seed
from hackplat.pilots.kpis import meets_bottom_line, meets_smartphone_target, reduction

NEED = {need.title: need for need in NEEDS}
ORGANISATIONS = {row.name: row for row in [*data.ORGANISATIONS, *MORE_ORGANISATIONS]}
APPROVED = {name for name, row in ORGANISATIONS.items() if row.status == "approved"}
PROPOSAL = {(NEEDS[p.need].title, p.organisation): p for p in PROPOSALS}
SEED = {(seed.organisation, seed.title): seed for seed in SEEDS}
GROUP = {group.need_title: group for group in story.GROUPS}
PILOT = {pilot.need_title: pilot for pilot in story.PILOTS}
CASE = {case.need_title: case for case in story.CASES}
STAFF_DEPARTMENTS = {row.department for row in [*data.CITY_ACCOUNTS, *story.STAFF_ACCOUNTS] if row.role == "staff"}
TODAY = story.STORY_TODAY

#: The moves between a pilot's stages (DESIGN.md; the pilots service enforces the same table).
MOVES = {
    ("considered", "running"), ("running", "evaluated"), ("evaluated", "rolled_out"),
    ("considered", "stopped"), ("running", "stopped"), ("evaluated", "stopped"),
}  # fmt: skip
#: The stages of a pilot whose need has each status.
STAGES_BY_NEED_STATUS = {
    "piloting": {"considered", "running", "evaluated"},
    "resolved": {"evaluated", "rolled_out"},
    "closed": {"stopped"},
}
FINISHED = {"evaluated", "rolled_out"}


@pytest.fixture(autouse=True)
def app_context() -> None:
    """Overrides the suite's fixture of the same name: this module needs no app or database."""


def deadline(need_title: str) -> date:
    return TODAY + timedelta(days=NEED[need_title].deadline_in_days)


def stage_on(pilot: story.DemoPilot, stage: str) -> date | None:
    return next((row.on for row in pilot.stages if row.stage == stage), None)


def last_stage(pilot: story.DemoPilot) -> str:
    return pilot.stages[-1].stage


# --- references ---------------------------------------------------------------------------


def test_every_reference_resolves() -> None:
    titles = [*GROUP, *PILOT, *CASE, *story.NEED_PUBLISHED_ON, *(e.need_title for e in story.EVALUATIONS)]
    assert set(titles) <= set(NEED)
    organisations = [
        *(i.organisation for g in story.GROUPS for i in g.invitations),
        *(r.organisation for g in story.GROUPS for r in g.records if r.organisation),
        *(e.organisation_name for e in story.EVALUATIONS),
        *(p.organisation_name for p in story.PILOTS),
        *story.ORGANISATION_APPROVED_ON, *story.MEMBER_COUNTS,
    ]  # fmt: skip
    assert set(organisations) <= APPROVED
    for group in story.GROUPS:
        for invitation in group.invitations:
            assert invitation.seed is None or (invitation.organisation, invitation.seed) in SEED


def test_one_group_pilot_and_case_per_need_at_most() -> None:
    for items in (story.GROUPS, story.PILOTS, story.CASES):
        assert len({item.need_title for item in items}) == len(items)
    keys = [(e.need_title, e.organisation_name, e.evaluator) for e in story.EVALUATIONS]
    assert len(keys) == len(set(keys))


def test_staff_accounts_are_new_and_serve_real_departments() -> None:
    departments = set(data.BUREAUS) | set(data.WARDS) | {section.name for section in data.SECTIONS}
    city = [row.email for row in [*data.CITY_ACCOUNTS, *story.STAFF_ACCOUNTS]]
    emails = city + [row.member_email for row in ORGANISATIONS.values()]
    assert len(emails) == len(set(emails))
    assert all(row.email.endswith("@example.jp") and row.name for row in story.STAFF_ACCOUNTS)
    assert {row.department for row in story.STAFF_ACCOUNTS} <= departments
    assert {row.role for row in story.STAFF_ACCOUNTS} == {"staff"}


def test_the_needs_staff_exist_for_their_evaluations_and_records() -> None:
    staff_needs = {e.need_title for e in story.EVALUATIONS if e.evaluator == "staff"}
    staff_needs |= {g.need_title for g in story.GROUPS if any(r.author == "staff" for r in g.records)}
    staff_needs |= set(PILOT)  # the department co-runs its pilots
    for title in staff_needs:
        assert NEED[title].department in STAFF_DEPARTMENTS, title


# --- life cycles: needs, groups and pilots agree ---------------------------------------


@pytest.mark.parametrize("need", NEEDS, ids=lambda need: need.title)
def test_group_and_pilot_follow_the_need_status(need) -> None:
    group, pilot = GROUP.get(need.title), PILOT.get(need.title)
    if need.status in ("draft", "open"):
        assert group is None
        assert pilot is None
    elif need.status == "working_group":
        assert group is not None
        assert group.status in ("forming", "active")
        assert pilot is None
    elif need.status == "closed" and pilot is None:
        assert group is None
        assert not any(p.need == NEEDS.index(need) for p in PROPOSALS)
    else:
        assert pilot is not None
        assert last_stage(pilot) in STAGES_BY_NEED_STATUS[need.status]
        assert group is None or group.status == "concluded"


def test_every_selected_proposal_has_its_pilot() -> None:
    selected = {key for key, proposal in PROPOSAL.items() if proposal.status == "selected"}
    assert selected == {(pilot.need_title, pilot.organisation_name) for pilot in story.PILOTS}


def test_every_state_appears_and_a_few_pilots_had_no_group() -> None:
    assert {group.status for group in story.GROUPS} == {"forming", "active", "concluded"}
    assert {last_stage(pilot) for pilot in story.PILOTS} == {stage.value for stage in PilotStage}
    assert sum(last_stage(pilot) in FINISHED for pilot in story.PILOTS) >= 8
    assert 1 <= sum(pilot.need_title not in GROUP for pilot in story.PILOTS) <= 2


# --- working groups -----------------------------------------------------------------------


@pytest.mark.parametrize("group", story.GROUPS, ids=lambda group: group.name)
def test_group_dates_follow_its_status(group) -> None:
    assert group.name
    assert len(group.name) <= 200
    assert group.purpose
    assert (group.activated_on is None) == (group.status == "forming")
    assert (group.concluded_on is not None) == (group.status == "concluded")
    assert bool(group.outcome) == (group.status == "concluded")
    days = [day for day in (group.formed_on, group.activated_on, group.concluded_on) if day]
    assert days == sorted(days)
    assert len(set(days)) == len(days)
    assert days[-1] <= TODAY
    assert story.NEED_PUBLISHED_ON[group.need_title] < deadline(group.need_title) <= group.formed_on


@pytest.mark.parametrize("group", story.GROUPS, ids=lambda group: group.name)
def test_group_invitations(group) -> None:
    names = [invitation.organisation for invitation in group.invitations]
    assert len(names) == len(set(names))
    for invitation in group.invitations:
        assert invitation.response in ("invited", "accepted", "declined")
        assert story.ORGANISATION_APPROVED_ON[invitation.organisation] <= group.formed_on
        proposal = PROPOSAL.get((group.need_title, invitation.organisation))
        if invitation.source == "proposal":
            assert invitation.seed is None
            assert proposal is not None
            assert proposal.status in ("submitted", "shortlisted", "selected")
        else:
            assert invitation.source == "suggestion"
            assert proposal is None
            assert SEED[(invitation.organisation, invitation.seed)].is_public
    responses = Counter(invitation.response for invitation in group.invitations)
    assert group.status == "forming" or responses["accepted"] >= 1
    assert group.status != "concluded" or responses["invited"] == 0


@pytest.mark.parametrize("group", story.GROUPS, ids=lambda group: group.name)
def test_group_records(group) -> None:
    records = group.records
    accepted = {i.organisation for i in group.invitations if i.response == "accepted"}
    assert records
    assert [r.on for r in records] == sorted(r.on for r in records)
    assert group.formed_on <= records[0].on
    assert records[-1].on <= (group.concluded_on or TODAY)
    for record in records:
        assert record.kind in ("meeting", "decision", "next_step")
        assert record.body == record.body.strip() != ""
        assert record.author in ("coordinator", "staff", "member")
        assert (record.organisation is not None) == (record.author == "member")
        assert record.organisation is None or record.organisation in accepted
        if record.kind == "meeting":
            assert "出席" in record.body
            assert "議題" in record.body
    if group.status != "forming":
        assert {"meeting", "decision", "next_step"} <= {record.kind for record in records}


@pytest.fixture(scope="module", params=["off", "auto"], ids=["bm25f", "with-vectors"])
def demo_matcher(request: pytest.FixtureRequest) -> tuple[MatchIndex, float]:
    """The matcher fitted on the demo's needs and seeds, as the demo load ranks them
    (BM25F alone, and with the word vectors when installed), with its floor."""
    vectors = load_vectors(request.param)
    assert request.param == "off" or vectors is not None, (
        "the word vectors are missing: `make test` installs requirements/vectors.txt"
    )
    analyzer = Analyser()

    def analysed(item: object, model: type) -> object:
        title, *body = (getattr(item, name) for name in TEXT_FIELDS[model])
        return analyzer.analyse(title, "\n".join(", ".join(part) if isinstance(part, tuple) else part for part in body))

    needs = [(need.title, analysed(need, Need)) for need in NEEDS]
    seeds = [((seed.organisation, seed.title), analysed(seed, Seed)) for seed in SEEDS]
    index = MatchIndex.fit(needs, seeds, SEED_SYNONYMS, vectors=vectors, processes=1)
    return index, MIN_SIMILARITY if vectors is not None else MIN_SIMILARITY_BM25F


def test_suggested_organisations_were_among_the_matchers_ten_best_seeds(
    demo_matcher: tuple[MatchIndex, float],
) -> None:
    """A coordinator invites from the need's suggestions (the ten best seeds shown)."""
    index, floor = demo_matcher
    for group in story.GROUPS:
        best = {m.seed_key: m.similarity for m in index.top_seeds(group.need_title, k=10)}
        for invitation in group.invitations:
            if invitation.source == "suggestion":
                key = (invitation.organisation, invitation.seed)
                assert best.get(key, 0) >= floor, (group.need_title, key)


# --- evaluations --------------------------------------------------------------------------


@pytest.mark.parametrize("evaluation", story.EVALUATIONS, ids=lambda e: f"{e.need_title}-{e.evaluator}")
def test_evaluation_fields(evaluation) -> None:
    assert evaluation.evaluator in ("staff", "coordinator")
    assert evaluation.comment
    assert (evaluation.scores is None) == evaluation.has_conflict
    assert evaluation.scores is None or (len(evaluation.scores) == 4 and all(1 <= s <= 5 for s in evaluation.scores))
    proposal = PROPOSAL[(evaluation.need_title, evaluation.organisation_name)]
    assert proposal.status in ("shortlisted", "selected")
    group, pilot = GROUP.get(evaluation.need_title), PILOT.get(evaluation.need_title)
    assert (group.activated_on if group else deadline(evaluation.need_title)) <= evaluation.on <= TODAY
    assert pilot is None or evaluation.on < pilot.stages[0].on


def test_selected_proposals_were_scored_by_staff_and_a_coordinator() -> None:
    scored = {(e.need_title, e.organisation_name, e.evaluator) for e in story.EVALUATIONS if e.scores}
    for pilot in story.PILOTS:
        for evaluator in ("staff", "coordinator"):
            assert (pilot.need_title, pilot.organisation_name, evaluator) in scored


def test_working_groups_score_shortlisted_proposals_and_one_conflict_is_declared() -> None:
    deciding = {e.need_title for e in story.EVALUATIONS if NEED[e.need_title].status == "working_group"}
    assert len(deciding) >= 2
    conflicts = [e for e in story.EVALUATIONS if e.has_conflict]
    assert len(conflicts) == 1
    assert NEED[conflicts[0].need_title].status == "working_group"


# --- pilots -------------------------------------------------------------------------------


@pytest.mark.parametrize("pilot", story.PILOTS, ids=lambda pilot: pilot.title)
def test_pilot_stages_follow_the_life_cycle(pilot) -> None:
    stages = [row.stage for row in pilot.stages]
    assert stages[0] == "considered"
    assert all(pair in MOVES for pair in itertools.pairwise(stages))
    days = [row.on for row in pilot.stages]
    assert days == sorted(days)
    assert len(set(days)) == len(days)
    assert days[-1] <= TODAY
    assert all(row.reason for row in pilot.stages if row.stage == "stopped")
    group = GROUP.get(pilot.need_title)
    assert days[0] >= (group.activated_on if group else deadline(pilot.need_title))
    assert pilot.title
    assert len(pilot.title) <= 200
    assert pilot.summary


@pytest.mark.parametrize("pilot", story.PILOTS, ids=lambda pilot: pilot.title)
def test_pilot_kpis_and_milestones(pilot) -> None:
    assert bool(pilot.kpis) == (stages_reached(pilot) > {"considered"})
    for kpi in pilot.kpis:
        assert kpi.procedure
        assert len(kpi.procedure) <= 200
        assert kpi.minutes_before > 0
        assert kpi.minutes_after >= 0
    years = [milestone.fiscal_year for milestone in pilot.milestones]
    assert years == sorted(set(years))
    assert set(years) <= set(story.CYCLE_YEARS)
    first = fiscal_year_of(pilot.stages[0].on)
    ended = last_stage(pilot) in ("stopped", "rolled_out")  # its years end there (measures.pilot_years)
    last = fiscal_year_of(pilot.stages[-1].on) if ended else max(story.CYCLE_YEARS)
    assert years == [year for year in story.CYCLE_YEARS if first <= year <= last]  # every year of its part of the cycle
    assert all(milestone.plan and milestone.result for milestone in pilot.milestones)


def stages_reached(pilot: story.DemoPilot) -> set[str]:
    return {row.stage for row in pilot.stages}


def test_kpis_are_honest_most_meet_the_lines_some_miss() -> None:
    kpis = [kpi for pilot in story.PILOTS for kpi in pilot.kpis]
    saved = [reduction(kpi.minutes_before, kpi.minutes_after) for kpi in kpis]
    on_phone = [share for share, kpi in zip(saved, kpis, strict=True) if kpi.is_smartphone]
    assert 0.8 * len(saved) <= sum(map(meets_bottom_line, saved)) < len(saved)
    assert 0.7 * len(on_phone) <= sum(map(meets_smartphone_target, on_phone)) < len(on_phone)


def test_the_pilot_funnel_builds_up_over_the_cycle() -> None:
    """Cumulative by the end of FY2025 against the strategy's 20 considered, 12 run and
    4 rolled out; each year of the cycle adds to the funnel."""
    by_stage = {
        stage: [fiscal_year_of(day) for pilot in story.PILOTS if (day := stage_on(pilot, stage))]
        for stage in ("considered", "running", "rolled_out")
    }
    within = {stage: sum(year <= 2025 for year in years) for stage, years in by_stage.items()}
    assert 0.5 <= within["considered"] / 20 < 1
    assert within["running"] <= 12
    assert within["rolled_out"] < 4
    assert set(story.CYCLE_YEARS) <= set(by_stage["considered"])
    assert max(by_stage["considered"]) == 2026  # the next cycle has begun


# --- knowledge cases ----------------------------------------------------------------------


@pytest.mark.parametrize("case", story.CASES, ids=lambda case: case.title)
def test_case_comes_from_a_finished_pilot(case) -> None:
    pilot = PILOT[case.need_title]
    assert last_stage(pilot) in FINISHED
    assert stage_on(pilot, "evaluated") <= case.drafted_on
    assert (case.published_on is not None) == case.publish
    assert case.published_on is None or case.drafted_on <= case.published_on <= TODAY
    assert case.title
    assert len(case.title) <= 200
    assert "横展開のポイント" in case.lessons
    assert case.lessons.count("\n") >= 2


def test_at_least_eight_published_cases_and_a_draft() -> None:
    assert sum(case.publish for case in story.CASES) >= 8
    assert any(not case.publish for case in story.CASES)


# --- the dashboard's dates ----------------------------------------------------------------


def test_every_approved_organisation_has_an_approval_date_over_the_years() -> None:
    assert set(story.ORGANISATION_APPROVED_ON) == APPROVED
    assert set(story.MEMBER_COUNTS) == APPROVED
    years = Counter(fiscal_year_of(day) for day in story.ORGANISATION_APPROVED_ON.values())
    assert set(years) == {2022, 2023, 2024, 2025, 2026}
    assert max(story.ORGANISATION_APPROVED_ON.values()) <= TODAY


@pytest.mark.parametrize("name", sorted(APPROVED))
def test_member_counts_are_realistic_for_the_kind(name) -> None:
    kind = ORGANISATIONS[name].kind
    low, high = {OrganisationKind.UNIVERSITY: (10, 60), OrganisationKind.NPO: (3, 15)}.get(kind, (5, 40))
    if kind is OrganisationKind.OTHER:
        low, high = 5, 60  # associations, foundations, a cooperative of 20 firms
    assert low <= story.MEMBER_COUNTS[name] <= high


def test_participants_approach_the_targets_with_a_shortfall() -> None:
    """Each approved organisation brings its demo member account plus MEMBER_COUNTS."""
    targets = {2022: 250, 2023: 500, 2024: 750, 2025: 1000}
    for year, target in targets.items():
        people = sum(
            story.MEMBER_COUNTS[name] + 1
            for name, day in story.ORGANISATION_APPROVED_ON.items()
            if fiscal_year_of(day) <= year
        )
        assert 0.8 * target <= people < 0.95 * target, (year, people)


def test_proposers_were_approved_before_the_call_closed() -> None:
    for title in {*GROUP, *PILOT}:
        for (need_title, organisation), _ in PROPOSAL.items():
            if need_title == title:
                assert story.ORGANISATION_APPROVED_ON[organisation] < deadline(title), (title, organisation)


def test_needs_are_published_before_their_deadline_and_the_story() -> None:
    published = {need.title for need in NEEDS if need.status != "draft"}
    assert set(story.NEED_PUBLISHED_ON) == published
    for title, day in story.NEED_PUBLISHED_ON.items():
        assert 30 <= (deadline(title) - day).days <= 450, title
        assert day < TODAY
    years = Counter(fiscal_year_of(day) for day in story.NEED_PUBLISHED_ON.values())
    assert set(years) == {2022, 2023, 2024, 2025, 2026}


def test_every_story_date_is_on_or_before_the_day_it_is_told() -> None:
    days = [
        *(day for g in story.GROUPS for day in (g.formed_on, g.activated_on, g.concluded_on) if day),
        *(r.on for g in story.GROUPS for r in g.records),
        *(e.on for e in story.EVALUATIONS),
        *(row.on for p in story.PILOTS for row in p.stages),
        *(c.drafted_on for c in story.CASES),
        *story.ORGANISATION_APPROVED_ON.values(), *story.NEED_PUBLISHED_ON.values(),
    ]  # fmt: skip
    assert max(days) <= TODAY == date(2026, 11, 26)
    assert min(days) >= date(2022, 4, 1)  # the cycle's first fiscal year
