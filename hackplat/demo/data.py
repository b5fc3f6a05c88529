"""The demo's city (content/city.toml): departments, the city's accounts and the
organisations that registered first. Fictional people and bodies; the bureaus and wards
are the City of Yokohama's.

The demo's data is kept as TOML in content/ (shipped with the package) and read once, on
import, into the frozen dataclasses below and in exchange.py and story.py. Each table
of a TOML file has exactly the keys of its dataclass (a missing or misspelt key fails
the import), except where a loader says otherwise.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any, TypeVar

from hackplat.models import OrganisationKind

#: One password for every demo account: local use only, listed in the README.
DEMO_PASSWORD = "Minatomirai-demo-2026"
#: The TOTP secret of the demo's coordinator and admin (the second factor is required of
#: them): local use only, listed in the README and printed by ``demo load``, so that a
#: person trying the demo adds it to an authenticator app (or computes the code with
#: pyotp) instead of the demo switching the requirement off.
DEMO_TOTP_SECRET = "HACKPLATDEMOTOTPSECRETLOCALONLY2"

#: A TOML table as tomllib reads it.
Table = dict[str, Any]
T = TypeVar("T")


def read(name: str) -> Table:
    """One of the TOML files in content/."""
    text = (resources.files("hackplat.demo") / "content" / name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def present(value: T | None, what: str) -> T:
    """``value``, which the demo's data promises (a named row, a reference between rows);
    if it is missing, the data and the database disagree: fail and say what is missing."""
    if value is None:
        raise LookupError(f"demo: {what} is missing")
    return value


@dataclass(frozen=True, kw_only=True)
class DemoSection:
    name: str
    belongs_to: str  # the bureau or ward


@dataclass(frozen=True, kw_only=True)
class DemoAccount:
    email: str
    name: str
    role: str  # a Role value
    department: str  # a bureau's, ward's or section's name


@dataclass(frozen=True, kw_only=True)
class DemoOrganisation:
    name: str
    kind: OrganisationKind
    is_startup: bool
    founded_year: int | None = None  # required of startups (#17 item 3)
    #: The 12 base digits of its 法人番号 (the loader adds the check digit); None: it has none.
    corporate_number_base: str | None = None
    member_email: str  # its demo member account, who registers it
    member_name: str
    status: str  # "approved", "pending" or "rejected" by the coordinator
    profile: str


def accounts(rows: list[Table]) -> list[DemoAccount]:
    return [DemoAccount(**row) for row in rows]


def organisations(rows: list[Table]) -> list[DemoOrganisation]:
    return [DemoOrganisation(**{**row, "kind": OrganisationKind(row["kind"])}) for row in rows]


_CITY = read("city.toml")
BUREAUS: list[str] = _CITY["bureaus"]
WARDS: list[str] = _CITY["wards"]
SECTIONS = [DemoSection(**row) for row in _CITY["section"]]
CITY_ACCOUNTS = accounts(_CITY["account"])
ORGANISATIONS = organisations(_CITY["organisation"])
