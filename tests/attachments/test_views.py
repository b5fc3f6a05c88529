"""The routes: upload (multipart, its own size limit), download headers, delete, refusals
shown on the page with the right status."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from hackplat.attachments import storage
from hackplat.extensions import db
from hackplat.models import Attachment, AuditRecord
from tests.attachments import samples
from tests.attachments.conftest import World


def upload(client, url: str, content: bytes, name: str, token: str | None = None):
    token = token or client.csrf_token(url)
    data = {"csrf_token": token, "file": (io.BytesIO(content), name)}
    return client.post(url, data=data, content_type="multipart/form-data")


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Attachment))


@pytest.fixture
def proposal_url(world: World, login) -> str:
    login(world.cast.member)
    return f"/attachments/proposal/{world.parents['proposal'].id}/new"


def test_a_file_over_the_form_limit_is_uploaded_shown_and_downloaded(client, world: World, proposal_url) -> None:
    proposal = world.parents["proposal"]
    content = samples.PDF + b"0" * (3 * 1024 * 1024)  # over the 2 MB every form keeps
    response = upload(client, proposal_url, content, "提案書 (最終).pdf")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}")
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    attachment = db.session.scalar(select(Attachment))
    assert f"/attachments/{attachment.id}" in page
    assert "提案書 (最終).pdf" in page
    download = client.get(f"/attachments/{attachment.id}")
    assert download.status_code == 200
    assert download.data == content
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('提案書 (最終).pdf')}" in disposition


@pytest.mark.parametrize(
    ("content", "name", "says"),
    [
        (samples.PNG, "提案書.pdf", "中身（PNG）と拡張子（.pdf）が一致しません"),
        (samples.EXE, "提案書.pdf", "添付できるのは"),
        (samples.PLAIN_ZIP, "資料.docx", "ZIP形式"),
        (b"", "空.pdf", "ファイルが空です"),
    ],
)
def test_refused_files_are_said_on_the_upload_page(client, world, proposal_url, content, name, says) -> None:
    response = upload(client, proposal_url, content, name)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert says in page
    assert 'type="file"' in page
    assert 'aria-invalid="true"' in page
    assert count() == 0


def test_no_file_chosen(client, world, proposal_url) -> None:
    response = client.submit(proposal_url, {})
    assert response.status_code == 400
    assert "添付するファイルを選んでください" in response.get_data(as_text=True)


def test_too_large_is_a_japanese_page_with_the_limit(app, client, world, proposal_url) -> None:
    app.config["ATTACHMENT_MAX_BYTES"] = 1000
    try:
        token = client.csrf_token(proposal_url)
        slightly = upload(client, proposal_url, samples.PDF + b"0" * 2000, "a.pdf", token)
        far = upload(client, proposal_url, samples.PDF + b"0" * 200_000, "a.pdf", token)
    finally:
        app.config["ATTACHMENT_MAX_BYTES"] = 10 * 1024 * 1024
    for response in (slightly, far):
        assert response.status_code == 413
        page = response.get_data(as_text=True)
        assert "1ファイル 0.000953674 MB まで" in page or "ファイルが大きすぎます" in page
        assert 'type="file"' in page
    assert count() == 0


def test_other_forms_keep_the_small_limit(client) -> None:
    token = client.csrf_token()
    response = client.post("/login", data={"csrf_token": token, "email": "a@example.jp", "password": "x" * 3_000_000})
    assert response.status_code == 413


def test_another_organisation_gets_404_and_an_editor_deletes(client, world: World, login, proposal_url) -> None:
    assert upload(client, proposal_url, samples.PDF, "提案書.pdf").status_code == 302
    attachment = db.session.scalar(select(Attachment))
    client.post("/logout", data={"csrf_token": client.csrf_token("/me")})
    login(world.cast.other_member)
    assert client.get(f"/attachments/{attachment.id}").status_code == 404
    assert client.get(proposal_url).status_code == 404
    assert client.submit(f"/attachments/{attachment.id}/delete").status_code == 404
    client.post("/logout", data={"csrf_token": client.csrf_token("/me")})
    assert client.get(f"/attachments/{attachment.id}").status_code == 302  # to sign in
    login(world.cast.member)
    path = storage.path_of(attachment.storage_key)
    confirm = client.get(f"/attachments/{attachment.id}/delete")  # the delete link asks first
    assert confirm.status_code == 200
    assert "提案書.pdf" in confirm.get_data(as_text=True)
    assert count() == 1
    assert path.exists()
    response = client.submit(f"/attachments/{attachment.id}/delete")
    assert response.status_code == 302
    assert count() == 0
    assert not path.exists()


def test_a_frozen_parent_says_why_with_409(client, world: World, login) -> None:
    login(world.cast.coordinator)
    case = world.parents["case"]
    case.status = case.status.PUBLISHED
    db.session.commit()
    url = f"/attachments/case/{case.id}/new"
    assert "下書きの事例だけ" in client.get(url).get_data(as_text=True)
    response = upload(client, url, samples.PNG, "写真.png")
    assert response.status_code == 409
    assert "下書きの事例だけ" in response.get_data(as_text=True)


def test_english_messages(client, world, proposal_url, english_catalogue) -> None:
    client.get("/language/en")
    response = upload(client, proposal_url, samples.OLE, "old.doc")
    assert response.status_code == 400
    assert "Legacy Office files" in response.get_data(as_text=True)


NAMES = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["../../x.pdf", "a\x00.pdf", "con.pdf", "\u202efdp.exe", "..", ".pdf", "x" * 1000 + ".pdf"]),
)
CONTENTS = st.one_of(
    st.sampled_from([samples.PDF, samples.PNG, samples.JPEG, samples.EXE, samples.OLE, samples.PLAIN_ZIP, b""]),
    st.binary(max_size=300),
)


def test_odd_multipart_uploads_never_give_a_500(client, world: World, proposal_url) -> None:
    token = client.csrf_token(proposal_url)

    @settings(max_examples=25, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
    @given(name=NAMES, content=CONTENTS)
    def probe(name: str, content: bytes) -> None:
        before = db.session.scalar(select(func.count()).select_from(AuditRecord))
        response = upload(client, proposal_url, content, name, token)
        assert response.status_code in {302, 400}, (name, content[:20])
        after = db.session.scalar(select(func.count()).select_from(AuditRecord))
        assert after == before + (response.status_code == 302)

    probe()


def test_a_case_s_pictures_show_on_its_page_inline_and_nothing_else_does(client, world: World, login) -> None:
    login(world.cast.coordinator)
    case = world.parents["case"]
    url = f"/attachments/case/{case.id}/new"
    assert upload(client, url, samples.PNG, "完成した窓口.png").status_code == 302
    assert upload(client, url, samples.PDF, "報告書.pdf").status_code == 302
    picture, report = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
    page = client.get(f"/knowledge/{case.id}").get_data(as_text=True)
    assert f'src="/attachments/{picture.id}/image" alt="完成した窓口"' in page
    assert f"/attachments/{report.id}/image" not in page
    shown = client.get(f"/attachments/{picture.id}/image")
    assert shown.status_code == 200
    assert shown.headers["Content-Type"] == "image/png"
    assert shown.headers["X-Content-Type-Options"] == "nosniff"
    assert shown.headers["Content-Disposition"].startswith("inline;")
    assert client.get(f"/attachments/{report.id}/image").status_code == 404
