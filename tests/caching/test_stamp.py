"""The content's version (hackplat/caching/stamp.py): one new row per committed
transaction that wrote what a page may show, none for private tables or rollbacks."""

from __future__ import annotations

from sqlalchemy import func, select, update

from hackplat.caching import stamp
from hackplat.caching.stamp import content_version
from hackplat.extensions import db
from hackplat.models import AuditRecord, ContentChange, Need


def test_a_committed_write_moves_the_version_once_per_transaction(make_need, make_department) -> None:
    before = content_version()
    need = make_need(title="最初の題")
    after_need = content_version()
    assert after_need > before
    need.title = "次の題"
    make_department(name="二つ目の部署")  # its commit carries the title too: one transaction
    assert content_version() == after_need + 1


def test_a_statement_through_the_session_moves_it_too(make_need) -> None:
    need = make_need()
    before = content_version()
    db.session.execute(update(Need).where(Need.id == need.id).values(title="一括で変えた題"))
    db.session.commit()
    assert content_version() == before + 1


def test_private_tables_rollbacks_and_reads_leave_it(make_need) -> None:
    need = make_need()
    before = content_version()
    db.session.add(AuditRecord(action="test.read", object_type="need", object_id=str(need.id)))
    db.session.commit()
    need.title = "取り消される題"
    db.session.flush()
    db.session.rollback()
    db.session.scalar(select(Need.title))
    db.session.commit()  # a new transaction that wrote nothing: the rolled-back mark is not its own
    assert content_version() == before


def test_old_rows_are_pruned_and_the_version_keeps_rising(make_need, monkeypatch) -> None:
    monkeypatch.setattr(stamp, "KEEP_ROWS", 3)
    versions = []
    for n in range(7):
        make_need(title=f"題{n}")
        versions.append(content_version())
    assert versions == sorted(set(versions))
    assert db.session.scalar(select(func.count(ContentChange.id))) < 2 * 3  # pruned at every third id
