"""What an uploaded file is, told by its content, and the name it is kept under.

The allowed types are few (PDF, PNG, JPEG and the Office Open XML documents .docx, .xlsx,
.pptx), so they are recognised here with the standard library instead of a detection
library: ``filetype`` (pure Python, last release 2022) guesses OOXML from the first 8 KB
and would let a macro-enabled .docm through as a Word document; libmagic (python-magic)
needs a system package on every host. An OOXML file is a ZIP archive whose
``[Content_Types].xml`` names the main part of a Word document, an Excel workbook or a
PowerPoint presentation; a ZIP without it (or with a macro project) is refused.

Legacy binary Office files (.doc, .xls, .ppt: OLE compound files, ``D0 CF 11 E0``) are
refused with their own message: they are where Office macros and exploits usually
travel, and one container format holds all three (and Outlook messages), so telling
them apart would mean parsing the compound file. Every Office version since 2007 saves
.docx/.xlsx/.pptx, and PDF is the usual format for a proposal.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from flask_babel import gettext as _


@dataclass(frozen=True)
class FileType:
    label: str  # shown in messages
    mimetype: str
    extensions: tuple[str, ...]  # the first is added to a name without one


PDF = FileType("PDF", "application/pdf", (".pdf",))
PNG = FileType("PNG", "image/png", (".png",))
JPEG = FileType("JPEG", "image/jpeg", (".jpg", ".jpeg"))
DOCX = FileType("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = FileType("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
PPTX = FileType("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",))
ALLOWED = (PDF, PNG, JPEG, DOCX, XLSX, PPTX)
BY_MIMETYPE = {kind.mimetype: kind for kind in ALLOWED}

#: The content type of each OOXML document's main part, as [Content_Types].xml names it
#: (macro-enabled and template variants have other names and so are not recognised).
OOXML_MAIN_PARTS = {DOCX: b".document.main+xml", XLSX: b".sheet.main+xml", PPTX: b".presentation.main+xml"}
OOXML_PREFIX = b"application/vnd.openxmlformats-officedocument."
#: [Content_Types].xml is a few KB; a larger one is not read (a ZIP bomb would be huge).
CONTENT_TYPES_MAX = 1024 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class RefusedFile(ValueError):
    """The file is not one that may be attached; the message says why (in the UI language)."""


def allowed_types_text() -> str:
    return _("PDF、画像（PNG・JPEG）、Word（.docx）、Excel（.xlsx）、PowerPoint（.pptx）")


def detect(handle: IO[bytes]) -> FileType:
    """The type of the file open in ``handle`` (seekable), by its content; RefusedFile otherwise."""
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    if not head:
        raise RefusedFile(_("ファイルが空です。"))
    if head.startswith(b"%PDF-"):
        return PDF
    if head == b"\x89PNG\r\n\x1a\n":
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _ooxml(handle)
    if head == OLE_SIGNATURE:
        raise RefusedFile(
            _(
                "古い形式のOfficeファイル（.doc・.xls・.ppt）は添付できません。.docx・.xlsx・.pptx か PDF で保存し直してください。"
            )
        )
    raise RefusedFile(_("添付できるのは %(types)s のファイルです。", types=allowed_types_text()))


def _ooxml(handle: IO[bytes]) -> FileType:
    not_office = RefusedFile(
        _("ZIP形式のファイルは、Word・Excel・PowerPoint の文書（.docx・.xlsx・.pptx）だけ添付できます。")
    )
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            info = archive.getinfo("[Content_Types].xml") if "[Content_Types].xml" in names else None
            if info is None or info.file_size > CONTENT_TYPES_MAX:
                raise not_office
            content_types = archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError):
        raise not_office from None
    finally:
        handle.seek(0)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise RefusedFile(_("マクロを含むOfficeファイルは添付できません。マクロなしの形式で保存し直してください。"))
    for kind, suffix in OOXML_MAIN_PARTS.items():
        if re.search(
            rb'ContentType="' + re.escape(OOXML_PREFIX) + rb"[a-z]+ml" + re.escape(suffix) + rb'"', content_types
        ):
            return kind
    raise not_office


# --- names ---

#: Characters Windows does not allow in a file name (and the path separators).
FORBIDDEN_IN_NAMES = re.compile(r'[<>:"/\\|?*]')
MAX_NAME_LENGTH = 120


def sanitise_name(raw: str | None) -> str:
    """The name a file is shown and downloaded under: the last path component only, NFC
    (a Mac sends Japanese names decomposed), no control or invisible formatting characters
    (a right-to-left override could disguise the extension), no characters Windows refuses,
    no leading dots, at most MAX_NAME_LENGTH characters with the extension kept. Japanese
    and other letters stay as they are. May return "" (nothing usable was given)."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
    name = FORBIDDEN_IN_NAMES.sub("_", name)
    name = " ".join(name.split()).strip(". ")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: MAX_NAME_LENGTH - len(extension) - 1].rstrip(". ") + "." + extension
        else:
            name = name[:MAX_NAME_LENGTH].rstrip(". ")
    return name


def name_for(raw: str | None, kind: FileType) -> str:
    """The sanitised name, which must end in one of ``kind``'s extensions (added to a name
    without any); a name whose extension says another type is refused, so that nobody
    downloads "提案書.pdf" and gets an image."""
    name = sanitise_name(raw)
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        return (name or _("添付ファイル")) + kind.extensions[0]
    if "." + extension.lower() not in kind.extensions:
        raise RefusedFile(
            _(
                "ファイルの中身（%(label)s）と拡張子（.%(extension)s）が一致しません。正しい拡張子のファイルを選んでください。",
                label=kind.label,
                extension=extension,
            )
        )
    return name
