"""The seed services: who may write, what is checked, what is recorded."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select, text

from hackplat.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from hackplat.extensions import db
from hackplat.models import AuditRecord, Seed
from hackplat.seeds.services import (
    SeedData,
    create_seed,
    editable_seed,
    normalise_tags,
    update_seed,
    visible_seed,
)
from tests.seeds.helpers import ACTORS

VALID = SeedData(title="AI問い合わせ対応", summary="概要", tags="AI、チャットボット", is_public=True)


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


@pytest.mark.parametrize("kind", ACTORS)
def test_only_the_organisations_members_create_its_seeds(actor, organisation, kind) -> None:
    user = actor(kind)
    if kind == "own_member":
        seed = create_seed(organisation, VALID, actor=user)
        assert (seed.organisation_id, seed.title, seed.tags, seed.is_public) == (
            organisation.id,
            "AI問い合わせ対応",
            "AI, チャットボット",
            True,
        )
        assert "ai問い合わせ対応" in seed.search_text
        assert "ちゃっとぼっと" in seed.search_text
        assert _actions() == ["seed.created"]
    else:
        with pytest.raises(PermissionDenied):
            create_seed(organisation, VALID, actor=user)
        assert db.session.scalar(select(func.count(Seed.id))) == 0
        assert _actions() == []


@pytest.mark.parametrize("kind", ACTORS)
def test_only_the_organisations_members_edit_its_seeds(actor, organisation, make_seed, kind) -> None:
    seed = make_seed(organisation=organisation, is_public=True, title="元のタイトル")
    user = actor(kind)
    change = SeedData(title="防災アプリ", description="避難所の混雑を地図で表示", is_public=False)
    if kind == "own_member":
        update_seed(seed, change, actor=user, version=1)
        db.session.commit()
        assert (seed.title, seed.is_public, seed.version) == ("防災アプリ", False, 2)
        assert "避難所" in seed.search_text
        assert "元のタイトル" not in seed.search_text
        record = db.session.scalar(select(AuditRecord))
        assert record.action == "seed.updated"
        assert record.actor_id == user.id
        assert {"title", "description", "is_public"} <= set(record.detail["changed"])
    else:
        with pytest.raises(PermissionDenied):
            update_seed(seed, change, actor=user, version=1)
        assert seed.title == "元のタイトル"
        assert _actions() == []


def test_unpublishing_and_publishing_again(actor, organisation, make_seed) -> None:
    seed = make_seed(organisation=organisation, is_public=True)
    member = actor("own_member")
    update_seed(seed, SeedData(title=seed.title, is_public=False), actor=member, version=1)
    assert seed.is_public is False
    update_seed(seed, SeedData(title=seed.title, is_public=True), actor=member, version=seed.version)
    assert seed.is_public is True


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (SeedData(title=""), "title"),
        (SeedData(title="   "), "title"),
        (SeedData(title="あ" * 201), "title"),
        (SeedData(title="ok", summary="あ" * 501), "summary"),
        (SeedData(title="ok", description="あ" * 5001), "description"),
        (SeedData(title="ok", track_record="あ" * 5001), "track_record"),
        (SeedData(title="ok", tags=",".join(f"t{n}" for n in range(11))), "tags"),
        (SeedData(title="ok", tags="短い、" + "あ" * 31), "tags"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(actor, organisation, make_seed, data, field) -> None:
    member = actor("own_member")
    with pytest.raises(InvalidInput) as refusal:
        create_seed(organisation, data, actor=member)
    assert refusal.value.field == field
    seed = make_seed(organisation=organisation, title="元のまま")
    with pytest.raises(InvalidInput):
        update_seed(seed, data, actor=member, version=1)
    assert seed.title == "元のまま"
    assert _actions() == []


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("", ""),
        ("AI", "AI"),
        ("AI、IoT,防災", "AI, IoT, 防災"),
        (" ＡＩ ， ＩｏＴ､防災 ", "AI, IoT, 防災"),
        ("AI,,、 ,AI", "AI"),
        ("オープン  データ", "オープン データ"),
        (",".join(f"t{n}" for n in range(10)), ", ".join(f"t{n}" for n in range(10))),
        ("あ" * 30, "あ" * 30),
    ],
)
def test_tags_are_stored_normalised(typed, stored) -> None:
    assert normalise_tags(typed) == stored


def test_tags_at_the_limits_fit_the_column() -> None:
    stored = normalise_tags("、".join(f"{n}" + "あ" * 29 for n in range(10)))
    assert len(stored.split(", ")) == 10
    assert len(stored) <= 500


def test_an_edit_from_an_old_form_is_a_conflict(actor, organisation, make_seed) -> None:
    seed = make_seed(organisation=organisation, title="最初")
    member = actor("own_member")
    update_seed(seed, SeedData(title="一人目の変更"), actor=member, version=1)
    with pytest.raises(Conflict, match="他の人が先に更新しました"):
        update_seed(seed, SeedData(title="二人目の変更"), actor=member, version=1)
    assert seed.title == "一人目の変更"


def test_a_write_that_loses_the_race_is_a_conflict(actor, organisation, make_seed) -> None:
    """Both forms carried the same version; the other request saved between our check
    and our write (simulated by moving the version on behind the session's back)."""
    seed = make_seed(organisation=organisation, title="最初")
    member = actor("own_member")
    assert seed.version == 1
    db.session.connection().execute(text("UPDATE seeds SET version = version + 1 WHERE id = :id"), {"id": seed.id})
    assert seed.version == 1, "the session still holds the version the form was loaded at"
    with pytest.raises(Conflict):
        update_seed(seed, SeedData(title="負けた変更"), actor=member, version=1)


@pytest.mark.parametrize(
    ("kind", "private", "public"),
    [
        ("own_member", "ok", "ok"),
        ("other_member", NotFound, PermissionDenied),
        ("staff", NotFound, PermissionDenied),
        ("coordinator", PermissionDenied, PermissionDenied),
        ("admin", PermissionDenied, PermissionDenied),
    ],
)
def test_who_may_open_a_seed_for_editing(actor, organisation, make_seed, kind, private, public) -> None:
    user = actor(kind)
    for is_public, expected in ((False, private), (True, public)):
        seed = make_seed(organisation=organisation, is_public=is_public)
        if expected == "ok":
            assert editable_seed(seed.id, user) is seed
        else:
            with pytest.raises(expected):
                editable_seed(seed.id, user)


@pytest.mark.parametrize("kind", [*ACTORS, "public"])
def test_who_sees_a_private_seed(actor, organisation, make_seed, kind) -> None:
    seed = make_seed(organisation=organisation, is_public=False)
    user = AnonymousUserMixin() if kind == "public" else actor(kind)
    if kind in ("own_member", "coordinator", "admin"):
        assert visible_seed(seed.id, user) is seed
    else:
        with pytest.raises(NotFound):
            visible_seed(seed.id, user)
    with pytest.raises(NotFound):
        visible_seed(seed.id + 1000, user)
