"""The coordinators' tools for the matcher: the synonym table and the rebuild that
applies it.

A synonym edit changes nothing in the ranking by itself: the stored tokens are
pre-synonym lemmas, and the table is compiled afresh by the next full rebuild
(see core/synonyms.py). Hence the page that edits the table also offers the rebuild
(a job: hackplat/jobs/rebuild.py).
"""

from __future__ import annotations

import unicodedata

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select

from hackplat import audit
from hackplat.concurrency import flush_or_conflict
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.matching.core.normalise import normalise
from hackplat.matching.store.live import active_version_id
from hackplat.models import MatchVersion, Synonym, User
from hackplat.permissions import can_manage_matcher, require

MAX_WORD_LENGTH = 100


def synonyms_query(keyword: str = "") -> Select[Synonym]:
    """The table in the order of its unique index, narrowed to entries containing ``keyword``."""
    query = select(Synonym).order_by(Synonym.variant)
    word = _cleaned(keyword)
    if word:
        query = query.where(or_(Synonym.variant.contains(word, autoescape=True),
                                Synonym.canonical.contains(word, autoescape=True)))  # fmt: skip
    return query


def active_version() -> MatchVersion | None:
    """The ranking readers see now (None before the first rebuild)."""
    version_id = active_version_id()
    return None if version_id is None else db.session.get(MatchVersion, version_id)


def _cleaned(text: str | None) -> str:
    """NFKC (ＡＩ → AI), spaces trimmed and runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def _checked_word(text: str | None, field: str) -> str:
    word = _cleaned(text)
    if not word:
        raise InvalidInput(_("入力してください。"), field=field)
    if len(word) > MAX_WORD_LENGTH:
        raise InvalidInput(_("%(max)d文字以内で入力してください。", max=MAX_WORD_LENGTH), field=field)
    if not any(ch.isalnum() for ch in word):
        raise InvalidInput(_("記号だけの語は登録できません。"), field=field)
    return word


def _duplicate(variant: str) -> Conflict:
    return Conflict(_("「%(variant)s」はすでに登録されています。", variant=variant), field="variant")


def add_synonym(variant: str | None, canonical: str | None, *, actor: User) -> Synonym:
    """Add variant → canonical; the analyser compares words case-folded, so 「AI」 and
    「ai」 count as the same word. A missing word (None) is refused like a blank one."""
    require(can_manage_matcher(actor))
    variant, canonical = _checked_word(variant, "variant"), _checked_word(canonical, "canonical")
    if normalise(variant) == normalise(canonical):
        raise InvalidInput(_("置き換える語と統一する語が同じです。"), field="canonical")
    if db.session.scalar(select(Synonym.id).where(Synonym.variant == variant)) is not None:
        raise _duplicate(variant)
    synonym = Synonym(variant=variant, canonical=canonical, created_by_id=actor.id)
    db.session.add(synonym)
    flush_or_conflict(on_duplicate=_duplicate(variant))  # another coordinator added it meanwhile
    audit.record("synonym.created", "synonym", synonym.id, actor=actor,
                 detail={"variant": variant, "canonical": canonical})  # fmt: skip
    return synonym


def delete_synonym(synonym: Synonym, *, actor: User) -> None:
    require(can_manage_matcher(actor))
    detail = {"variant": synonym.variant, "canonical": synonym.canonical}
    db.session.delete(synonym)
    db.session.flush()
    audit.record("synonym.deleted", "synonym", synonym.id, actor=actor, detail=detail)
