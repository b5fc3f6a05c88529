"""The content's version (hackplat/caching/stamp.py): one new row per transaction that
wrote what a page may show, none for private tables or rollbacks; the version (newest
id, rows) changes at every such commit, also one that commits an older id."""

from __future__ import annotations

from sqlalchemy import func, insert, select, update

from hackplat.caching import stamp
from hackplat.caching.stamp import content_version
from hackplat.extensions import db
from hackplat.home import items
from hackplat.models import (
    AuditRecord,
    ContentChange,
    Need,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Role,
)


def rows() -> int:
    return int(db.session.scalar(select(func.count(ContentChange.id))) or 0)


def test_a_committed_write_adds_one_row_per_transaction(make_need, make_department) -> None:
    before = content_version()
    need = make_need(title="最初の題")
    assert content_version() > before
    written = rows()
    need.title = "次の題"
    make_department(name="二つ目の部署")  # its commit carries the title too: one transaction
    assert rows() == written + 1


def test_a_statement_through_the_session_moves_it_too(make_need) -> None:
    need = make_need()
    before = content_version()
    db.session.execute(update(Need).where(Need.id == need.id).values(title="一括で変えた題"))
    db.session.commit()
    assert content_version() != before


def test_a_request_reads_the_version_again_after_its_own_write(app, make_need) -> None:
    """Read once per request (kept on g), but a write of the request's own moves it on:
    what is kept per version and read after that write sees it."""
    need = make_need()
    with app.test_request_context():
        before = content_version()
        db.session.execute(insert(ContentChange))  # another process's write: not seen
        db.session.commit()
        assert content_version() == before
        need.title = "この要求で変えた題"
        db.session.commit()
        assert content_version() > before


def test_nothing_read_by_a_transaction_that_wrote_content_is_kept(app, make_user, make_organisation) -> None:
    """Such a transaction sees its own writes (more may follow, or a rollback; on SQLite
    the next commit may take the same id): its reads get a version of their own, never
    kept, and the next request counts what was committed."""
    coordinator = make_user(Role.COORDINATOR)
    make_organisation(name="承認待ち", status=OrganisationStatus.PENDING)

    def pending(name: str) -> Organisation:
        return Organisation(name=name, kind=OrganisationKind.COMPANY, status=OrganisationStatus.PENDING)

    with app.app_context(), app.test_request_context():
        db.session.add(pending("二つ目"))
        db.session.flush()
        assert not stamp.keepable(content_version())
        assert items.todo_count(coordinator) == 2  # its own write, seen
        db.session.add(pending("三つ目"))
        db.session.commit()
    with app.app_context(), app.test_request_context():
        assert stamp.keepable(content_version())
        assert items.todo_count(coordinator) == 3
        db.session.add(pending("消える"))
        db.session.flush()
        assert items.todo_count(coordinator) == 3
        db.session.rollback()
    make_organisation(name="四つ目", status=OrganisationStatus.APPROVED)  # the next commit
    with app.app_context(), app.test_request_context():
        assert items.todo_count(coordinator) == 3


def test_private_tables_rollbacks_and_reads_leave_it(make_need) -> None:
    need = make_need()
    before = content_version()
    db.session.add(AuditRecord(action="test.read", object_type="need", object_id=str(need.id)))
    db.session.commit()
    need.title = "取り消される題"
    db.session.flush()
    db.session.rollback()
    db.session.scalar(select(Need.title))
    db.session.commit()
    assert content_version() == before


def test_an_older_id_committed_late_still_changes_the_version(make_need, make_department) -> None:
    """On PostgreSQL a transaction may take id n, another n + 1 and commit first: the
    newest id stays n + 1 when the first commits, but the count of rows moves on."""
    make_department(name="先の部署")
    make_need()
    newest, _ = content_version()
    late = db.session.get(ContentChange, newest - 1)
    assert late is not None
    db.session.delete(late)  # not yet committed, as it were
    db.session.commit()
    seen = content_version()
    assert seen[0] == newest
    db.session.execute(insert(ContentChange).values(id=newest - 1))  # its commit comes late
    db.session.commit()
    assert content_version() != seen


def test_old_rows_are_pruned_and_the_newest_id_keeps_rising(make_need, monkeypatch) -> None:
    monkeypatch.setattr(stamp, "KEEP_ROWS", 3)
    newest = []
    for n in range(7):
        make_need(title=f"題{n}")
        newest.append(content_version()[0])
    assert newest == sorted(set(newest))
    assert rows() < 2 * 3  # pruned at every third id
