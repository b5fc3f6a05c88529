import pytest
from sqlalchemy import select

from hackplat import audit
from hackplat.extensions import db
from hackplat.models import AuditRecord
from hackplat.models.audit import AuditTrailIsAppendOnly


def test_audit_records_cannot_be_edited_or_deleted(make_user) -> None:
    actor = make_user("admin")
    audit.record("test.done", "user", actor.id, actor=actor, detail={"k": "v"})
    db.session.commit()
    entry = db.session.scalar(select(AuditRecord))
    assert entry.actor_id == actor.id
    assert entry.detail == {"k": "v"}
    assert entry.created_at.tzinfo is not None
    entry.action = "test.rewritten"
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(AuditRecord)))
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.flush()
