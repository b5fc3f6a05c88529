"""Attaching, reading and deleting per parent kind, and files following their rows."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from hackplat.attachments import services, storage
from hackplat.attachments.parents import KINDS
from hackplat.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from hackplat.extensions import db
from hackplat.models import Attachment, AuditRecord, CaseStatus, ProposalStatus
from hackplat.proposals.services import delete_draft
from tests.attachments import samples
from tests.attachments.conftest import World, attach

ACTORS = ("public", "member", "colleague", "other_member", "staff", "other_staff", "coordinator", "admin")
#: Who sees each kind's files (its parent's readers) and who may add or delete them (its editors).
READERS = {
    "need": set(ACTORS),  # an open need is public
    "proposal": {"member", "colleague"},  # a draft is the organisation's own
    "seed": {"member", "colleague", "coordinator", "admin"},  # a private seed
    "record": {"member", "colleague", "staff", "coordinator", "admin"},  # the group's members, department, office
    "case": {"coordinator", "admin"},  # a draft case
}
EDITORS = {
    "need": {"staff", "coordinator", "admin"},
    "proposal": {"member", "colleague"},
    "seed": {"member", "colleague"},
    "record": {"member", "coordinator", "admin"},  # the record's author and the office
    "case": {"coordinator", "admin"},
}
UPLOADER = {"need": "staff", "proposal": "member", "seed": "member", "record": "member", "case": "coordinator"}


def count(model: type = Attachment) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_is_read_by_its_parent_s_readers_and_changed_by_its_editors(world: World, kind: str) -> None:
    parent = world.parents[kind]
    attachment = attach(kind, parent, world.cast.actor(UPLOADER[kind]))
    for name in ACTORS:
        actor = world.cast.actor(name)
        if name in READERS[kind]:
            assert services.visible_attachment(attachment.id, actor=actor)[0] == attachment, name
        else:
            with pytest.raises(NotFound):
                services.visible_attachment(attachment.id, actor=actor)
        assert KINDS[kind].can_edit(actor, parent) is (name in EDITORS[kind]), name
        if name not in EDITORS[kind] and name != "public":
            with pytest.raises(PermissionDenied):
                services.attach(KINDS[kind], parent, io.BytesIO(samples.PDF), "x.pdf", actor=actor)
            with pytest.raises(PermissionDenied):
                services.delete(attachment, KINDS[kind], parent, actor=actor)
            db.session.rollback()
    assert count() == 1


def test_upload_keeps_the_file_under_a_random_key_and_audits(world: World) -> None:
    member = world.cast.member
    attachment = attach("proposal", world.parents["proposal"], member, samples.PDF, "../提案書\x00.pdf")
    assert attachment.filename == "提案書.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(samples.PDF)
    path = storage.path_of(attachment.storage_key)
    assert path.read_bytes() == samples.PDF
    assert "提案書" not in str(path)
    record = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "attachment.added"))
    assert record.actor_id == member.id
    assert record.detail["kind"] == "proposal"
    assert record.detail["filename"] == "提案書.pdf"
    assert not list((storage.root() / "tmp").iterdir()), "no temporary file left"


@pytest.mark.parametrize(
    ("content", "name", "error"),
    [
        (samples.PNG, "提案書.pdf", InvalidInput),
        (samples.EXE, "提案書.pdf", InvalidInput),
        (samples.PLAIN_ZIP, "提案書.docx", InvalidInput),
        (b"", "空.pdf", InvalidInput),
    ],
)
def test_refused_content_writes_nothing(world: World, content: bytes, name: str, error: type) -> None:
    with pytest.raises(error):
        attach("proposal", world.parents["proposal"], world.cast.member, content, name)
    db.session.rollback()
    assert count() == 0
    assert count(AuditRecord) == 0
    assert not list((storage.root() / "tmp").iterdir())


def test_oversize_stops_at_the_limit_and_says_it(app, world: World) -> None:
    app.config["ATTACHMENT_MAX_BYTES"] = 1000
    try:
        with pytest.raises(services.UploadTooLarge, match="1ファイル"):
            attach("proposal", world.parents["proposal"], world.cast.member, samples.PDF + b"0" * 1000)
        attach("proposal", world.parents["proposal"], world.cast.member, samples.PDF + b"0" * 100)
    finally:
        app.config["ATTACHMENT_MAX_BYTES"] = 10 * 1024 * 1024
    assert count() == 1


def test_a_frozen_parent_takes_no_file(world: World) -> None:
    proposal, case = world.parents["proposal"], world.parents["case"]
    proposal.status = ProposalStatus.DECLINED
    case.status = CaseStatus.PUBLISHED
    db.session.commit()
    with pytest.raises(Conflict, match="提案を編集できる間だけ"):
        attach("proposal", proposal, world.cast.member)
    with pytest.raises(Conflict, match="下書きの事例だけ"):
        attach("case", case, world.cast.coordinator)


def test_delete_removes_the_file_after_commit_only(world: World) -> None:
    member, proposal = world.cast.member, world.parents["proposal"]
    attachment = attach("proposal", proposal, member)
    path = storage.path_of(attachment.storage_key)
    services.delete(attachment, KINDS["proposal"], proposal, actor=member)
    assert path.exists(), "not before the commit"
    db.session.rollback()
    assert path.exists(), "a rolled-back delete keeps the file"
    assert count() == 1
    attachment = db.session.get(Attachment, attachment.id)
    services.delete(attachment, KINDS["proposal"], proposal, actor=member)
    db.session.commit()
    assert not path.exists()
    assert count() == 0
    assert db.session.scalar(select(AuditRecord.action).where(AuditRecord.action == "attachment.deleted"))


def test_a_rolled_back_upload_leaves_no_file(world: World) -> None:
    attachment = services.attach(
        KINDS["seed"], world.parents["seed"], io.BytesIO(samples.PNG), "図.png", actor=world.cast.member
    )
    path = storage.path_of(attachment.storage_key)
    assert path.exists()
    db.session.rollback()
    assert not path.exists()


def test_deleting_a_draft_proposal_deletes_its_files(world: World) -> None:
    member, proposal = world.cast.member, world.parents["proposal"]
    paths = [storage.path_of(attach("proposal", proposal, member, name=f"{n}.pdf").storage_key) for n in "ab"]
    kept = storage.path_of(attach("seed", world.parents["seed"], member).storage_key)
    delete_draft(proposal, actor=member)
    db.session.commit()
    assert count() == 1
    assert not any(path.exists() for path in paths)
    assert kept.exists()


@pytest.mark.parametrize("kind", ["seed", "record", "case", "need"])
def test_the_database_cascades_from_every_parent_and_the_files_go(world: World, kind: str) -> None:
    parent = world.parents[kind]
    if kind == "need":  # a need with nothing else hanging on it
        parent = world.cast._make_need(department=world.cast.department, title="単独の課題")
    attachment = attach(kind, parent, world.cast.actor(UPLOADER[kind]))
    path = storage.path_of(attachment.storage_key)
    db.session.delete(parent)
    db.session.commit()
    assert count() == 0
    assert not path.exists()
