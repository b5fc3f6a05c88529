"""Demo attachments: a briefing PDF on the first need of 保育対策課 (the demo staff's
department) and a brochure PDF on a seed of 株式会社みなとテック (the demo member's),
uploaded through the service like any file. The PDFs are made here: one page of text
(ASCII, so that no Japanese font has to be embedded), valid enough for any viewer."""

from __future__ import annotations

import io

from sqlalchemy import select

from hackplat.attachments import services
from hackplat.attachments.parents import KINDS
from hackplat.extensions import db
from hackplat.models import Need, Seed, User

#: (the parent's title, the file's name, the lines on its page).
NEED_MATERIAL = ("保育所等の入所申請をスマホで完結させたい", "入所申請の流れと現状の課題（説明資料）.pdf",
                 ["Nursery admission: current procedure", "About 20,000 applications a year (FY2024)",
                  "30% returned for missing or wrong documents"])  # fmt: skip
SEED_BROCHURE = ("来庁者の申請書作成を支援するタブレット受付システム", "タブレット受付システム_製品パンフレット.pdf",
                 ["Tablet reception system", "Minatotech Co., Ltd.", "Fills several forms at once"])  # fmt: skip


def pdf_with_text(lines: list[str]) -> bytes:
    """A one-page PDF showing ``lines`` (ASCII) in Helvetica, with a correct xref table."""
    text = "".join(f"({line}) Tj 0 -24 Td " for line in lines)
    stream = f"BT /F1 18 Tf 72 760 Td {text}ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def load_attachments(coordinator: User) -> int:
    """Attach the demo files (the caller commits); returns how many."""
    loaded = 0
    need = db.session.scalar(select(Need).where(Need.title == NEED_MATERIAL[0]))
    if need is not None:
        _attach("need", need, NEED_MATERIAL, coordinator)
        loaded += 1
    seed = db.session.scalar(select(Seed).where(Seed.title == SEED_BROCHURE[0]))
    if seed is not None:
        member = db.session.scalars(
            select(User).where(User.organisation_id == seed.organisation_id).order_by(User.id)
        ).first()
        if member is not None:
            _attach("seed", seed, SEED_BROCHURE, member)
            loaded += 1
    return loaded


def _attach(kind: str, parent: object, item: tuple[str, str, list[str]], actor: User) -> None:
    _title, name, lines = item
    services.attach(KINDS[kind], parent, io.BytesIO(pdf_with_text(lines)), name, actor=actor)
