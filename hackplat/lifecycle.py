"""One shape for every life cycle (needs, proposals, working groups, pilots, knowledge
cases): each entity declares its ``LifeCycle`` once, and its service moves an object in
two calls, with the move's input checks and the fields it stamps in between::

    step = LIFE_CYCLE.check(obj, to, actor=actor)   # refuses, or says the move is allowed
    obj.published_at = utcnow()                      # the entity's own input and fields
    LIFE_CYCLE.enter(obj, step, detail={...})        # status, audit record, flush

``check`` refuses in one order, for every entity:

1. ``PermissionDenied`` when the actor may make no move of the life cycle on this object
   (no declared move's ``who`` accepts them): an outsider learns nothing of its state;
2. ``Conflict`` ("「X」の…を「Y」にすることはできません") when there is no such move from
   the current status;
3. ``PermissionDenied`` when the move is someone else's to make (office-only, say);
4. the move's ``guard``: its own condition on the object (a domain error, 400 or 409).

``enter`` sets the status, adds the audit record ``<prefix>.<to>`` with
``{"from": <before>, **detail}``, then flushes. The record is added before the flush so
that the change and its record are written together, here: a lost race (stale version)
or any other error writing either is a 409 from the service, never a failure left for the
request's commit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

from sqlalchemy import inspect

from hackplat import audit
from hackplat.concurrency import flush_or_conflict
from hackplat.errors import Conflict
from hackplat.models import Actor, User
from hackplat.models.base import Base
from hackplat.permissions import require

S = TypeVar("S", bound=Enum)
E = TypeVar("E", bound=Base)


@dataclass(frozen=True)
class Move(Generic[E]):
    """One declared move: ``who`` may make it, and its ``guard`` (if any) raises a domain
    error when the object is not ready for it."""

    who: Callable[[Actor, E], bool]
    guard: Callable[[E], None] | None = None


@dataclass(frozen=True)
class Step(Generic[S]):
    """A move ``check`` allowed; ``enter`` takes one, so no move skips the checks."""

    before: S
    to: S
    actor: Actor


@dataclass(frozen=True, kw_only=True)
class LifeCycle(Generic[S, E]):
    """An entity's statuses and moves. ``refusal`` is a ``lazy_gettext`` message with
    ``%(before)s`` and ``%(after)s``, filled from ``labels``; ``attribute`` names the
    field that holds the status; audit records are ``<audit_prefix>.<to>`` on
    ``object_type``."""

    moves: Mapping[tuple[S, S], Move[E]]
    labels: Mapping[S, str]
    refusal: str
    audit_prefix: str
    object_type: str
    attribute: str = "status"

    def status_of(self, obj: E) -> S:
        status: S = getattr(obj, self.attribute)
        return status

    def may_act(self, actor: Actor, obj: E) -> bool:
        """Whether ``actor`` may make any move of this life cycle on ``obj``."""
        return any(move.who(actor, obj) for move in self.moves.values())

    def not_allowed(self, before: S, to: S) -> Conflict:
        return Conflict(str(self.refusal) % {"before": self.labels[before], "after": self.labels[to]})

    def check(self, obj: E, to: S, *, actor: Actor) -> Step[S]:
        """Refuse the move (see the module's docstring for the order) or allow it."""
        require(self.may_act(actor, obj))
        before = self.status_of(obj)
        move = self.moves.get((before, to))
        if move is None:
            raise self.not_allowed(before, to)
        require(move.who(actor, obj))
        if move.guard is not None:
            move.guard(obj)
        return Step(before, to, actor)

    def enter(self, obj: E, step: Step[S], *, detail: Mapping[str, object] | None = None) -> None:
        """Make the move ``check`` allowed: status, audit record, flush (409 if stale)."""
        setattr(obj, self.attribute, step.to)
        actor = step.actor if isinstance(step.actor, User) else None
        detail = {"from": step.before.value, **(detail or {})}
        action = f"{self.audit_prefix}.{step.to.value}"
        audit.record(action, self.object_type, _primary_key(obj), actor=actor, detail=detail)
        flush_or_conflict()

    def allowed(self, obj: E, actor: Actor) -> list[S]:
        """The statuses ``actor`` may move ``obj`` to now, in the status enum's order (for
        the buttons of a detail page; guards are left to the move itself)."""
        before = self.status_of(obj)
        return [
            to for to in type(before) if (move := self.moves.get((before, to))) is not None and move.who(actor, obj)
        ]


def _primary_key(obj: Base) -> object:
    """The object's ``id`` (read through the mapper: ``E`` is any mapped entity)."""
    identity = inspect(obj).identity
    return identity[0] if identity else None
