"""Small files of each kind, made here (no fixtures on disk)."""

from __future__ import annotations

import io
import zipfile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode."
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60
HTML = b"<!doctype html><script>alert(1)</script>"

MAIN_PARTS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    "docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
}


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ooxml(kind: str, *, macro: bool = False) -> bytes:
    """A minimal Office Open XML package whose [Content_Types].xml names ``kind``'s main part."""
    part = {"docx": "/word/document.xml", "xlsx": "/xl/workbook.xml", "pptx": "/ppt/presentation.xml"}.get(
        kind, "/word/document.xml"
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="{part}" ContentType="{MAIN_PARTS[kind]}"/></Types>'
    )
    files = {"[Content_Types].xml": types.encode(), part.lstrip("/"): b"<document/>"}
    if macro:
        files["word/vbaProject.bin"] = b"\x00" * 16
    return zip_of(files)


PLAIN_ZIP = zip_of({"readme.txt": b"hello", "data.csv": b"a,b\n1,2\n"})
