"""Co-creation labs: the programme office creates and edits them (``can_edit_lab``), and
puts working groups and pilots in them; a need's lab is chosen on the need's own form
(``check_lab_choice``, called by needs/services.py). Every write is audited.

A lab is never deleted: needs, groups and pilots point at it. One that ended is made
inactive: it can no longer be chosen for anything new, and its page stays.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from hackplat import audit
from hackplat.concurrency import flush_or_conflict, flush_or_refuse, require_version
from hackplat.errors import Conflict, InvalidInput, NotFound
from hackplat.extensions import db
from hackplat.models import Lab, Pilot, User, WorkingGroup
from hackplat.organisations.services import checked_website
from hackplat.permissions import can_edit_lab, require
from hackplat.validation import checked_text

NAME_MAX = 100
NAME_EN_MAX = 200
DESCRIPTION_MAX = 4000
PARTNERS_MAX = 2000


@dataclass(frozen=True)
class LabFields:
    """What the lab form edits."""

    name: str
    name_en: str = ""
    description: str = ""
    partners: str = ""  # one a line
    url: str = ""
    active: bool = True


def _duplicate_name() -> InvalidInput:
    return InvalidInput(_("同じ名前のラボがすでにあります。"), field="name")


def _checked(data: LabFields, lab: Lab | None) -> dict[str, object]:
    """The values to store, or ``InvalidInput`` next to the first field in error."""
    name = checked_text(data.name, "name", NAME_MAX, needed=True, missing=_("ラボの名前を入力してください。"))
    same = db.session.scalar(select(Lab.id).where(Lab.name == name))
    if same is not None and (lab is None or same != lab.id):
        raise _duplicate_name()
    try:
        url = checked_website(data.url) or ""
    except InvalidInput as refusal:
        raise InvalidInput(refusal.message, field="url") from refusal
    return {
        "name": name,
        "name_en": checked_text(data.name_en, "name_en", NAME_EN_MAX) or None,
        "description": checked_text(data.description, "description", DESCRIPTION_MAX),
        "partners": checked_text(data.partners, "partners", PARTNERS_MAX),
        "url": url,
        "active": bool(data.active),
    }


def create_lab(data: LabFields, *, actor: User) -> Lab:
    require(can_edit_lab(actor))
    lab = Lab(created_by_id=actor.id, **_checked(data, None))
    db.session.add(lab)
    flush_or_refuse({"name": _duplicate_name()})
    audit.record("lab.created", "lab", lab.id, actor=actor, detail={"name": lab.name})
    return lab


def update_lab(lab: Lab, data: LabFields, *, expected_version: int | None, actor: User) -> Lab:
    """Save an edit made on the lab as it was at ``expected_version`` (a stale one: 409)."""
    require(can_edit_lab(actor))
    require_version(lab, expected_version)
    values = _checked(data, lab)
    changed = [name for name, value in values.items() if getattr(lab, name) != value]
    for name, value in values.items():
        setattr(lab, name, value)
    flush_or_conflict(Conflict(_("同じ名前のラボがすでにあります。")))
    audit.record("lab.updated", "lab", lab.id, actor=actor, detail={"changed": changed})
    return lab


def get_lab(lab_id: int) -> Lab:
    lab = db.session.get(Lab, lab_id)
    if lab is None:
        raise NotFound(_("お探しのラボは見つかりませんでした。"))
    return lab


def check_lab_choice(lab_id: int | None, current: int | None, field: str = "lab_id") -> None:
    """A lab chosen for a need, group or pilot must exist and be active; the lab it is
    already in may stay chosen after the lab ended."""
    if lab_id is None or lab_id == current:
        return
    lab = db.session.get(Lab, lab_id)
    if lab is None or not lab.active:
        raise InvalidInput(_("選べないラボです。活動中のラボを選んでください。"), field=field)


def choosable_labs(current: int | None = None) -> list[Lab]:
    """The labs a need, group or pilot may be put in: the active ones, and ``current``."""
    query = (
        select(Lab).where((Lab.active.is_(True)) | (Lab.id == current)) if current else select(Lab).where(Lab.active)
    )
    return list(db.session.scalars(query.order_by(Lab.name)))


def all_labs() -> list[Lab]:
    """Every lab, active ones first, each group by name (the list page and the filters)."""
    return list(db.session.scalars(select(Lab).order_by(Lab.active.desc(), Lab.name)))


def assign_lab(item: WorkingGroup | Pilot, lab_id: int | None, *, actor: User) -> bool:
    """Put a working group or a pilot in a lab (None: in none); returns whether anything
    changed (an unchanged choice writes no audit record)."""
    require(can_edit_lab(actor))
    if item.lab_id == lab_id:
        return False
    check_lab_choice(lab_id, item.lab_id)
    kind = "working_group" if isinstance(item, WorkingGroup) else "pilot"
    audit.record(f"{kind}.lab_changed", kind, item.id, actor=actor, detail={"from": item.lab_id, "to": lab_id})
    item.lab_id = lab_id
    flush_or_conflict()
    return True
