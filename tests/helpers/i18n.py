"""The English catalogue and reading English pages, for every test that renders one
(the ``english_catalogue`` fixture in tests/conftest.py compiles the catalogue)."""

from __future__ import annotations

import html
import os
import re
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from hackplat.config import REPO_ROOT

TRANSLATIONS = REPO_ROOT / "hackplat" / "translations"
PO_FILE = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO_FILE = PO_FILE.with_suffix(".mo")

#: Hiragana, katakana and CJK ideographs: text that an English page must not show.
#: (Full-width punctuation is left out: it is not words a reader cannot read.)
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def compile_catalogue(po_file: Path = PO_FILE, mo_file: Path = MO_FILE) -> bool:
    """Write ``mo_file`` from ``po_file`` when it is missing or older; True if written.

    Written to a temporary file and renamed, so that pytest-xdist workers doing the same
    at once never read a half-written catalogue."""
    if mo_file.exists() and mo_file.stat().st_mtime >= po_file.stat().st_mtime:
        return False
    with po_file.open("rb") as handle:
        catalogue = read_po(handle, locale="en")
    fd, temporary = tempfile.mkstemp(dir=mo_file.parent, prefix=".messages-", suffix=".mo")
    try:
        with os.fdopen(fd, "wb") as handle:
            write_mo(handle, catalogue)
        os.chmod(temporary, 0o644)  # as pybabel compile leaves it (mkstemp makes it 0600)
        os.replace(temporary, mo_file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def text_of(markup: str) -> str:
    """What a reader sees: no tags, entities decoded, the language switch left out (it
    names the other language in that language, on purpose)."""
    markup = re.sub(r'<p lang="(?:ja|en)">.*?</p>', "", markup, flags=re.S)
    markup = re.sub(r"<(script|style)\b.*?</\1>", "", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def japanese_in(markup: str) -> list[str]:
    return JAPANESE.findall(text_of(markup))
