"""What may be attached is told by the content, and names are made safe (no database)."""

from __future__ import annotations

import io

import pytest

from hackplat.attachments import filetypes
from hackplat.attachments.filetypes import RefusedFile, detect, name_for, sanitise_name
from tests.attachments import samples


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():  # the refusals are translated messages
        yield


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (samples.PDF, filetypes.PDF),
        (samples.PNG, filetypes.PNG),
        (samples.JPEG, filetypes.JPEG),
        (samples.ooxml("docx"), filetypes.DOCX),
        (samples.ooxml("xlsx"), filetypes.XLSX),
        (samples.ooxml("pptx"), filetypes.PPTX),
    ],
)
def test_allowed_types_are_recognised_by_content(content: bytes, expected: filetypes.FileType) -> None:
    assert detect(io.BytesIO(content)) is expected


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "空です"),
        (samples.EXE, "添付できるのは"),
        (samples.HTML, "添付できるのは"),
        (samples.PLAIN_ZIP, "ZIP形式"),
        (samples.ooxml("docm"), "ZIP形式"),  # a macro-enabled document is not a .docx
        (samples.ooxml("docx", macro=True), "マクロ"),
        (b"PK\x03\x04" + b"\x00" * 50, "ZIP形式"),  # a broken archive
        (samples.OLE, "古い形式"),
    ],
)
def test_other_content_is_refused_with_a_reason(content: bytes, says: str) -> None:
    with pytest.raises(RefusedFile, match=says):
        detect(io.BytesIO(content))


def test_a_png_named_pdf_is_refused_and_an_exe_named_pdf_too() -> None:
    with pytest.raises(RefusedFile, match=r"中身（PNG）と拡張子（\.pdf）"):
        name_for("提案書.pdf", detect(io.BytesIO(samples.PNG)))
    with pytest.raises(RefusedFile, match="添付できるのは"):
        detect(io.BytesIO(samples.EXE))


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("提案書.pdf", filetypes.PDF, "提案書.pdf"),
        ("写真.JPEG", filetypes.JPEG, "写真.JPEG"),
        ("写真.jpg", filetypes.JPEG, "写真.jpg"),
        ("議事録", filetypes.DOCX, "議事録.docx"),
        ("", filetypes.PDF, "添付ファイル.pdf"),
        (None, filetypes.PNG, "添付ファイル.png"),
    ],
)
def test_the_name_keeps_its_extension_or_gets_the_content_s(raw, kind, expected) -> None:
    assert name_for(raw, kind) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("C:\\Users\\山田\\Desktop\\提案書（最終版）.pdf", "提案書（最終版）.pdf"),
        ("../../etc/passwd", "passwd"),
        ("/var/www/資料.pdf", "資料.pdf"),
        ("..", ""),
        ("a\x00b\r\nc.pdf", "abc.pdf"),
        ("invoice\u202egpj.pdf", "invoicegpj.pdf"),  # a right-to-left override disguising the extension
        ("  .hidden.pdf  ", "hidden.pdf"),
        ('a<b>c:d"e|f?g*.pdf', "a_b_c_d_e_f_g_.pdf"),
        ("ﾌﾟﾛｸﾞﾗﾑ 説明   資料.pdf", "ﾌﾟﾛｸﾞﾗﾑ 説明 資料.pdf"),
        ("\u30d5\u309a\u30ed.pdf", "\u30d7\u30ed.pdf"),  # a Mac's decomposed プ becomes one character
    ],
)
def test_names_are_sanitised_keeping_japanese(raw: str, expected: str) -> None:
    assert sanitise_name(raw) == expected


def test_a_long_name_is_shortened_keeping_the_extension() -> None:
    name = sanitise_name("あ" * 300 + ".pptx")
    assert len(name) == filetypes.MAX_NAME_LENGTH
    assert name.endswith("あ.pptx")
