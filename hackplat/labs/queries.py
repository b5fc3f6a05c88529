"""What a lab's page lists. Nothing beyond what its viewer may already see elsewhere:

- needs: the lab's open needs (``visible_needs(None)``: a draft never appears, whoever asks);
- cases: the lab's published cases (``visible_cases(None)``: drafts and cases awaiting
  consent stay out), each with its pilot's stage, which the consented case reports anyway;
- pilots: only those ``visible_pilots`` lets the viewer see (pilots are not public: the
  public sees a pilot only through its published case, as on the track record pages).

Each list is short (``SHORT``), with its total; the page links to the filtered lists
(/needs?lab=, /knowledge?lab=) for the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager, selectinload

from hackplat.extensions import db
from hackplat.models import Actor, KnowledgeCase, Lab, Need, NeedStatus, Pilot
from hackplat.permissions import visible_cases, visible_needs, visible_pilots

SHORT = 10


def open_needs_query(lab: Lab) -> Select[Need]:
    return (
        select(Need)
        .options(selectinload(Need.department))
        .where(Need.lab_id == lab.id, Need.status == NeedStatus.OPEN, visible_needs(None))
        .order_by(Need.published_at.desc(), Need.id.desc())
    )


def published_cases_query(lab: Lab) -> Select[KnowledgeCase]:
    return (
        select(KnowledgeCase)
        .join(Pilot, KnowledgeCase.pilot_id == Pilot.id)
        .options(contains_eager(KnowledgeCase.pilot), selectinload(KnowledgeCase.department))
        .where(Pilot.lab_id == lab.id, visible_cases(None))
        .order_by(KnowledgeCase.published_at.desc(), KnowledgeCase.id.desc())
    )


def visible_pilots_query(lab: Lab, viewer: Actor) -> Select[Pilot]:
    return (
        select(Pilot)
        .options(selectinload(Pilot.department), selectinload(Pilot.organisation))
        .where(Pilot.lab_id == lab.id, visible_pilots(viewer))
        .order_by(Pilot.created_at.desc(), Pilot.id.desc())
    )


@dataclass(frozen=True)
class LabPage:
    needs: Pagination
    cases: Pagination
    pilots: Pagination


def lab_page(lab: Lab, viewer: Actor) -> LabPage:
    def first(query: Select[Any]) -> Pagination:
        return db.paginate(query, page=1, per_page=SHORT, error_out=False)

    return LabPage(
        needs=first(open_needs_query(lab)),
        cases=first(published_cases_query(lab)),
        pilots=first(visible_pilots_query(lab, viewer)),
    )
