"""The demo's terms of use and privacy policy: the sample texts (legal/samples.py) as
version 1, accepted by every demo person when they registered (so that signing in as
any of them goes straight to their pages; publishing a new version on /admin/legal then
shows how everyone is asked again)."""

from __future__ import annotations

from sqlalchemy import insert, literal, select

from hackplat.extensions import db
from hackplat.legal.services import current_documents, publish_samples
from hackplat.models import LegalAcceptance, User


def load_legal() -> int:
    """Publish the samples and record everyone's acceptance; how many documents."""
    publish_samples()
    documents = current_documents()
    for document in documents:
        people = select(User.id, literal(document.id), User.created_at)
        db.session.execute(insert(LegalAcceptance).from_select(["user_id", "document_id", "accepted_at"], people))
    return len(documents)
