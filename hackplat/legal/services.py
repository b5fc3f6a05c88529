"""The texts' versions and who accepted which.

A published version is never edited: an administrator's change is a new version, and
everyone signed in is asked to accept the current versions again (accounts/guards.py)
before going on. A database without any document asks nobody anything.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import Exists, SQLColumnExpression, and_, func, select
from sqlalchemy.dialects import postgresql, sqlite

from hackplat import audit
from hackplat.concurrency import flush_or_conflict
from hackplat.errors import Conflict, InvalidInput
from hackplat.extensions import db
from hackplat.legal.samples import SAMPLES
from hackplat.models import LegalAcceptance, LegalDocument, LegalKind, User, utcnow
from hackplat.permissions import can_manage_users, require


def current(kind: LegalKind) -> LegalDocument | None:
    return db.session.scalar(
        select(LegalDocument).where(LegalDocument.kind == kind).order_by(LegalDocument.version.desc()).limit(1)
    )


def current_documents() -> list[LegalDocument]:
    """The current version of each kind that has one (terms first)."""
    return [document for kind in LegalKind if (document := current(kind)) is not None]


def versions(kind: LegalKind) -> list[LegalDocument]:
    """Every version of ``kind``, newest first."""
    query = select(LegalDocument).where(LegalDocument.kind == kind).order_by(LegalDocument.version.desc())
    return list(db.session.scalars(query))


def version(kind: LegalKind, number: int) -> LegalDocument | None:
    return db.session.scalar(select(LegalDocument).where(LegalDocument.kind == kind, LegalDocument.version == number))


def pending_for(user: User) -> list[LegalDocument]:
    """The current versions ``user`` has not accepted."""
    documents = current_documents()
    if not documents:
        return []
    accepted = set(
        db.session.scalars(
            select(LegalAcceptance.document_id).where(
                LegalAcceptance.user_id == user.id,
                LegalAcceptance.document_id.in_([document.id for document in documents]),
            )
        )
    )
    return [document for document in documents if document.id not in accepted]


def pending_clause(user_id: SQLColumnExpression[int] | int) -> Exists:
    """EXISTS a current version not accepted by the user ``user_id`` (a value, or a column
    of an enclosing statement: accounts/sessions.py asks it with the sign-in session's row)."""
    latest = (
        select(LegalDocument.kind, func.max(LegalDocument.version).label("version"))
        .group_by(LegalDocument.kind)
        .subquery()
    )
    accepted = select(LegalAcceptance.id).where(
        LegalAcceptance.user_id == user_id, LegalAcceptance.document_id == LegalDocument.id
    )
    return (
        select(LegalDocument.id)
        .join(latest, and_(LegalDocument.kind == latest.c.kind, LegalDocument.version == latest.c.version))
        .where(~accepted.exists())
        .exists()
    )


def has_pending(user: User) -> bool:
    """Whether a current version awaits ``user``'s acceptance, for the guard that asks it
    on every signed-in request: as loaded with the sign-in session (one statement for
    both), else one query of ids (pending_for loads the texts)."""
    if user.legal_pending is not None:
        return user.legal_pending
    return bool(db.session.scalar(select(pending_clause(user.id))))


def record_acceptances(user: User, documents: Sequence[LegalDocument]) -> None:
    """``user`` accepts ``documents`` now, from this request's address. Idempotent: a
    version already accepted (a double click, a second tab, a parallel request that got
    there first) is left as it is, by INSERT … ON CONFLICT DO NOTHING, never an error
    (security review of #13, finding 8: a 500 before); only new rows are audited."""
    if not documents:
        return
    rows = [{"user_id": user.id, "document_id": document.id, "ip": audit.client_ip(), "accepted_at": utcnow()}
            for document in documents]  # fmt: skip
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(LegalAcceptance)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["user_id", "document_id"])
        .returning(LegalAcceptance.document_id)
    )
    added = set(db.session.scalars(statement))
    accepted = [document for document in documents if document.id in added]
    if accepted:
        detail = {"documents": [f"{document.kind.value} v{document.version}" for document in accepted]}
        audit.record("legal.accepted", "user", user.id, actor=user, detail=detail)


def accept_current(user: User, shown: set[int]) -> None:
    """Accept the current versions ``user`` was shown; refused when the texts changed
    since the page was opened (they must read the new one)."""
    pending = pending_for(user)
    if {document.id for document in pending} != shown:
        raise Conflict(_("表示した後に内容が更新されました。最新の内容を確認して、もう一度同意してください。"))
    record_acceptances(user, pending)


def publish(kind: LegalKind, title: str, body: str, *, based_on: int, actor: User | None) -> LegalDocument:
    """A new version of ``kind``; ``based_on`` is the version the editor started from
    (0: none), so that two administrators' edits cannot silently replace each other."""
    if actor is not None:
        require(can_manage_users(actor))
    latest = db.session.scalar(select(func.max(LegalDocument.version)).where(LegalDocument.kind == kind)) or 0
    if based_on != latest:
        raise Conflict(_("他の人が先に新しい版を公開しました。最新の版を確認してから、もう一度編集してください。"))
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise InvalidInput(_("入力してください。"), field="body" if title else "title")
    document = LegalDocument(kind=kind, version=latest + 1, title=title, body=body, created_by_id=actor_id(actor))
    db.session.add(document)
    flush_or_conflict(
        Conflict(_("他の人が先に新しい版を公開しました。最新の版を確認してから、もう一度編集してください。"))
    )
    audit.record("legal.published", "legal_document", document.id, actor=actor,
                 detail={"kind": kind.value, "version": document.version})  # fmt: skip
    return document


def actor_id(actor: User | None) -> int | None:
    return actor.id if actor is not None else None


def publish_samples() -> int:
    """Version 1 of each kind that has none, from the sample texts (samples.py); for a
    new installation and the demo. Returns how many were published."""
    published = 0
    for kind, (title, body) in SAMPLES.items():
        if current(kind) is None:
            publish(kind, title, body, based_on=0, actor=None)
            published += 1
    return published
