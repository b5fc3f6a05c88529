"""Integrity of the demo exchange (needs, seeds, proposals): pure data, no database."""

import re
from collections import Counter

import pytest

from hackplat.accounts.corporate_number import is_valid_corporate_number, with_check_digit
from hackplat.demo import data
from hackplat.demo.data import DemoOrganisation
from hackplat.demo.exchange import MORE_ORGANISATIONS, NEEDS, PROPOSALS, SEEDS
from hackplat.models import NeedStatus, OrganisationKind, ProposalStatus
from hackplat.models.exchange import DEFAULT_THEMES

STAFF_DEPARTMENTS = {account.department for account in data.CITY_ACCOUNTS if account.role == "staff"}
DEPARTMENTS = set(data.BUREAUS) | set(data.WARDS) | {section.name for section in data.SECTIONS}
SECTIONS = {section.name for section in data.SECTIONS}
ALL_ORGANISATIONS = [*data.ORGANISATIONS, *MORE_ORGANISATIONS]
APPROVED = {row.name: row for row in ALL_ORGANISATIONS if row.status == "approved"}
SEED_TITLES = {(seed.organisation, seed.title) for seed in SEEDS}
CALLED = {NeedStatus.OPEN, NeedStatus.WORKING_GROUP, NeedStatus.PILOTING, NeedStatus.RESOLVED}
PAST_THE_CALL = {NeedStatus.WORKING_GROUP, NeedStatus.PILOTING, NeedStatus.RESOLVED}


@pytest.fixture(autouse=True)
def app_context() -> None:
    """Overrides the suite's fixture of the same name: this module needs no app or database."""


def category(row: DemoOrganisation) -> str:
    return "startup" if row.is_startup else str(row.kind)


def test_counts() -> None:
    assert len(MORE_ORGANISATIONS) == 15
    assert len(NEEDS) >= 44
    assert len(SEEDS) >= 160
    assert len(PROPOSALS) >= 40


def test_approved_organisations_are_25_five_of_every_type() -> None:
    assert len(APPROVED) == 25
    expected = {"startup": 5, **{str(kind): 5 for kind in OrganisationKind}}
    assert Counter(category(row) for row in APPROVED.values()) == expected


@pytest.mark.parametrize("row", MORE_ORGANISATIONS, ids=lambda row: row.name)
def test_more_organisations_are_well_formed(row: DemoOrganisation) -> None:
    base = row.corporate_number_base
    assert isinstance(row.kind, OrganisationKind)
    assert isinstance(row.is_startup, bool)
    assert not row.is_startup or row.kind is OrganisationKind.COMPANY
    assert base is None or (len(base) == 12 and base.isdigit())
    assert base is None or is_valid_corporate_number(with_check_digit(base))
    assert row.member_email.endswith("@example.jp")
    assert row.member_name
    assert row.profile
    assert row.status == "approved"
    assert 0 < len(row.name) <= 200


def test_names_emails_and_corporate_numbers_are_unique() -> None:
    names = [row.name for row in ALL_ORGANISATIONS]
    assert len(names) == len(set(names))
    emails = [row.member_email for row in ALL_ORGANISATIONS] + [account.email for account in data.CITY_ACCOUNTS]
    assert len(emails) == len(set(emails))
    numbers = [with_check_digit(row.corporate_number_base) for row in ALL_ORGANISATIONS if row.corporate_number_base]
    assert len(numbers) == len(set(numbers))


# --- needs ------------------------------------------------------------------------------


def test_needs_name_real_departments_and_themes() -> None:
    assert {need.department for need in NEEDS} <= DEPARTMENTS
    assert {need.theme for need in NEEDS} == set(DEFAULT_THEMES)


def test_needs_spread_over_sections_and_the_demo_staff_departments() -> None:
    departments = Counter(need.department for need in NEEDS)
    assert sum(departments[name] for name in SECTIONS) >= len(NEEDS) // 3
    assert sum(departments[name] for name in STAFF_DEPARTMENTS) >= 6
    assert all(departments[name] for name in STAFF_DEPARTMENTS)


def test_need_statuses() -> None:
    statuses = Counter(NeedStatus(need.status) for need in NEEDS)
    assert statuses[NeedStatus.DRAFT] >= 3
    assert all(statuses[status] >= 2 for status in [*PAST_THE_CALL, NeedStatus.CLOSED])
    assert statuses[NeedStatus.OPEN] >= 20


def test_about_fourteen_needs_selected_a_proposal_for_a_pilot() -> None:
    """One pilot per selected proposal: the story needs pilots at every stage, and at
    least 8 evaluated or rolled out ones for its knowledge cases."""
    selected = {proposal.need for proposal in PROPOSALS if proposal.status == "selected"}
    assert 13 <= len(selected) <= 15
    assert len(selected) == sum(proposal.status == "selected" for proposal in PROPOSALS)
    assert {NEEDS[index].status for index in selected} == {"piloting", "resolved", "closed"}


@pytest.mark.parametrize("need", NEEDS, ids=lambda need: need.title)
def test_need_fields(need) -> None:
    assert 0 < len(need.title) <= 60
    for text in (need.background, need.problem, need.desired_outcome, need.expected_effect):
        assert text
        assert text == text.strip()
    assert 2 <= need.background.count("。") <= 4
    assert 1 <= need.problem.count("。") <= 3
    assert isinstance(need.startup_support, bool)
    if need.status in ("open", "draft"):
        assert 20 <= need.deadline_in_days <= 120
    else:
        assert need.deadline_in_days < 0


def test_needs_have_unique_titles() -> None:
    titles = [need.title for need in NEEDS]
    assert len(titles) == len(set(titles))


def test_needs_vary_their_spelling() -> None:
    texts = " ".join(f"{n.title} {n.background} {n.problem} {n.desired_outcome}" for n in NEEDS)
    for variant in (
        "子ども",
        "子供",
        "こども",
        "スマホ",
        "スマートフォン",
        "ＡＩ",
        "AI",
        "ＩｏＴ",
        "令和6年度",
        "2024年度",
    ):
        assert variant in texts, variant


# --- seeds ------------------------------------------------------------------------------


def test_seeds_belong_to_approved_organisations_four_to_ten_each() -> None:
    per_organisation = Counter(seed.organisation for seed in SEEDS)
    assert set(per_organisation) == set(APPROVED)
    assert all(4 <= count <= 10 for count in per_organisation.values()), per_organisation


def test_seed_titles_are_unique_per_organisation() -> None:
    assert len(SEED_TITLES) == len(SEEDS)


def test_about_85_percent_of_seeds_are_public() -> None:
    share = sum(seed.is_public for seed in SEEDS) / len(SEEDS)
    assert 0.80 <= share <= 0.90


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.title)
def test_seed_fields(seed) -> None:
    assert 0 < len(seed.title) <= 60
    assert 0 < len(seed.summary) <= 200
    assert seed.summary.count("。") <= 2
    assert 3 <= seed.description.count("。") <= 6
    assert seed.track_record == "" or 1 <= seed.track_record.count("。") <= 2
    assert 2 <= len(seed.tags) <= 6
    assert len(set(seed.tags)) == len(seed.tags)
    assert all(tag and "," not in tag for tag in seed.tags)
    assert len(", ".join(seed.tags)) <= 500
    assert seed.theme is None or seed.theme in DEFAULT_THEMES


# --- proposals --------------------------------------------------------------------------


def test_proposals_target_needs_that_took_proposals() -> None:
    """A closed need took proposals only if its pilot was stopped (it had a selected one)."""
    stopped = {p.need for p in PROPOSALS if p.status == "selected" and NEEDS[p.need].status == "closed"}
    for proposal in PROPOSALS:
        assert 0 <= proposal.need < len(NEEDS)
        assert NeedStatus(NEEDS[proposal.need].status) in CALLED or proposal.need in stopped


def test_at_most_one_proposal_per_need_and_organisation() -> None:
    pairs = [(proposal.need, proposal.organisation) for proposal in PROPOSALS]
    assert len(pairs) == len(set(pairs))


def test_proposals_come_from_approved_organisations_with_their_own_seeds() -> None:
    for proposal in PROPOSALS:
        assert proposal.organisation in APPROVED
        assert proposal.seed is None or (proposal.organisation, proposal.seed) in SEED_TITLES


def test_every_proposal_status_appears_three_times() -> None:
    statuses = Counter(ProposalStatus(proposal.status) for proposal in PROPOSALS)
    assert all(statuses[status] >= 3 for status in ProposalStatus), statuses
    assert any(proposal.seed is None for proposal in PROPOSALS)


def test_only_declined_proposals_carry_a_reason() -> None:
    for proposal in PROPOSALS:
        assert bool(proposal.decision_reason) == (proposal.status == "declined")


def test_needs_past_the_call_have_a_chosen_proposal() -> None:
    for index, need in enumerate(NEEDS):
        statuses = {p.status for p in PROPOSALS if p.need == index}
        if NeedStatus(need.status) in PAST_THE_CALL:
            assert statuses & {"selected", "shortlisted"}, need.title
        if need.status in ("piloting", "resolved"):
            assert "selected" in statuses, need.title


def test_unfinished_proposals_are_on_open_needs() -> None:
    for proposal in PROPOSALS:
        if proposal.status in ("draft", "submitted"):
            assert NEEDS[proposal.need].status == "open"


@pytest.mark.parametrize("proposal", PROPOSALS, ids=lambda p: f"{p.need}-{p.organisation}")
def test_proposal_fields(proposal) -> None:
    for text in (proposal.summary, proposal.approach, proposal.schedule, proposal.city_support):
        assert text
        assert text == text.strip()
    assert 0 < len(proposal.cost_estimate) <= 200


def test_links_point_only_at_example_domains() -> None:
    texts = [repr(NEEDS), repr(SEEDS), repr(PROPOSALS), repr(MORE_ORGANISATIONS)]
    for url in re.findall(r"https?://[^\s'\"、。）]+", " ".join(texts)):
        assert re.match(r"https?://([\w-]+\.)*example\.(jp|com)(/|$)", url), url
