"""Seeds: an organisation's solutions and technologies, written by its members.

Private seeds are the organisation's own business: only its members and the programme
office see them, and to everyone else they do not exist (404, never 403, so that a
guessed id does not even confirm that a seed is there).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from hackplat import audit
from hackplat.concurrency import require_version
from hackplat.errors import InvalidInput, NotFound, PermissionDenied
from hackplat.extensions import db
from hackplat.listing import listed
from hackplat.matching.search_query import keyword_search
from hackplat.matching.store.live import reindex
from hackplat.models import Organisation, OrganisationKind, Seed, Theme, User
from hackplat.permissions import can_create_seed, can_edit_seed, can_view_seed, is_member_of, require, visible_seeds

#: Longest text per field (the columns' sizes, and a sane cap on the free-text ones).
MAX_LENGTHS = {"title": 200, "summary": 500, "description": 5000, "track_record": 5000}
MAX_TAGS = 10
MAX_TAG_LENGTH = 30  # 10 tags of 30 characters joined by ", " fit the 500 of the column
_TAG_SEPARATORS = re.compile(r"[,、]")  # after NFKC, which turns ，and ､ into these


@dataclass(frozen=True)
class SeedData:
    """What a member enters for a seed; ``tags`` as typed (comma- or 、-separated)."""

    title: str
    summary: str = ""
    description: str = ""
    track_record: str = ""
    tags: str = ""
    theme: Theme | None = None
    is_public: bool = False


@dataclass(frozen=True)
class SeedFilters:
    """The public catalogue's filters; ``None`` or empty means "any"."""

    q: str = ""
    theme_id: int | None = None
    kind: OrganisationKind | None = None
    startup_only: bool = False


def normalise_tags(typed: str) -> str:
    """``"ＡＩ、 IoT ,AI"`` → ``"AI, IoT"``: NFKC, trimmed, empty and repeated tags dropped."""
    tags: list[str] = []
    for part in _TAG_SEPARATORS.split(unicodedata.normalize("NFKC", typed or "")):
        tag = " ".join(part.split())
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise InvalidInput(_("タグは%(n)d個までにしてください。", n=MAX_TAGS), field="tags")
    if any(len(tag) > MAX_TAG_LENGTH for tag in tags):
        raise InvalidInput(_("タグは1つ%(n)d文字以内にしてください。", n=MAX_TAG_LENGTH), field="tags")
    return ", ".join(tags)


def _checked(data: SeedData) -> dict[str, object]:
    """The seed's new column values, or ``InvalidInput`` for the first bad field."""
    values: dict[str, object] = {name: (getattr(data, name) or "").strip() for name in MAX_LENGTHS}
    if not values["title"]:
        raise InvalidInput(_("タイトルを入力してください。"), field="title")
    for name, limit in MAX_LENGTHS.items():
        if len(str(values[name])) > limit:
            raise InvalidInput(_("%(max)d文字以内で入力してください。", max=limit), field=name)
    values.update(tags=normalise_tags(data.tags), theme=data.theme, is_public=data.is_public)
    return values


def create_seed(organisation: Organisation, data: SeedData, *, actor: User) -> Seed:
    require(can_create_seed(actor) and is_member_of(actor, organisation.id))
    seed = Seed(organisation=organisation, **_checked(data))
    seed.refresh_search_text()
    db.session.add(seed)
    reindex(seed)
    detail = {"title": seed.title, "public": seed.is_public}
    audit.record("seed.created", "seed", seed.id, actor=actor, detail=detail)
    return seed


def update_seed(seed: Seed, data: SeedData, *, actor: User, version: int | None) -> Seed:
    """Save an edit made on the form loaded at ``version``; refused (409) if the seed
    changed since, so that the second of two people editing at once overwrites nothing."""
    require(can_edit_seed(actor, seed))
    require_version(seed, version)
    values = _checked(data)
    changed = sorted(name for name, value in values.items() if getattr(seed, name) != value)
    for name, value in values.items():
        setattr(seed, name, value)
    seed.refresh_search_text()
    detail = {"changed": changed, "public": seed.is_public}
    audit.record("seed.updated", "seed", seed.id, actor=actor, detail=detail)
    reindex(seed)
    return seed


def visible_seed(seed_id: int, user: object) -> Seed:
    """The seed, if ``user`` may see it; otherwise it does not exist for them (404)."""
    seed = db.session.get(Seed, seed_id, options=[joinedload(Seed.organisation), joinedload(Seed.theme)])
    if seed is None or not can_view_seed(user, seed):
        raise NotFound(_("お探しのシーズは見つかりませんでした。"))
    return seed


def editable_seed(seed_id: int, user: object) -> Seed:
    """The seed, if ``user`` may edit it: 404 when they may not even see it, 403 when
    they see it but it is not theirs."""
    seed = visible_seed(seed_id, user)
    if not can_edit_seed(user, seed):
        raise PermissionDenied(_("このシーズを編集できるのは、登録した組織のメンバーだけです。"))
    return seed


def public_seeds_query(filters: SeedFilters) -> Select[Seed]:
    """Public seeds, newest update first (served by the (is_public, updated_at) index): the
    catalogue is what anyone may see, whoever asks. Organisations are joined only to
    filter by them: the count and a page's ids then read the index alone."""
    organisation = joinedload(Seed.organisation, innerjoin=True)
    load = select(Seed).options(organisation, joinedload(Seed.theme))
    query = load.where(visible_seeds(None))
    if filters.theme_id:
        query = query.where(Seed.theme_id == filters.theme_id)
    if filters.kind or filters.startup_only:
        query = query.join(Seed.organisation)
    if filters.kind:
        query = query.where(Organisation.kind == filters.kind)
    if filters.startup_only:
        query = query.where(Organisation.is_startup.is_(True))
    unfiltered = not (filters.theme_id or filters.kind or filters.startup_only)  # the index holds the rest
    query = keyword_search(
        query, "seed", filters.q, id_column=Seed.id, text_column=Seed.search_text, load=load, hashable=unfiltered
    )
    query = query.order_by(Seed.updated_at.desc(), Seed.id.desc())  # a search: best match first, then these
    return listed(query, load, Seed.id)  # a page's ids by index, then its rows (hackplat/listing.py)


def organisation_seeds_query(organisation_id: int) -> Select[Seed]:
    """All of one organisation's seeds, public and private, newest update first."""
    return (
        select(Seed)
        .options(joinedload(Seed.theme))
        .where(Seed.organisation_id == organisation_id)
        .order_by(Seed.updated_at.desc(), Seed.id.desc())
    )


def themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.position, Theme.id)))
