"""The people around one open need: its department's staff, the proposing organisation's
members, and everyone who should stay out. Each person is created when first named,
which keeps the large transition table fast."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

import pytest

from hackplat.models import Department, Need, Organisation, Role, User


class Cast:
    def __init__(
        self,
        make_user: Callable[..., User],
        make_organisation: Callable[..., Organisation],
        make_department: Callable[..., Department],
        make_need: Callable[..., Need],
    ) -> None:
        self._make_user, self._make_organisation, self._make_department = make_user, make_organisation, make_department
        self.department = make_department("こども青少年局")
        self.organisation = make_organisation("株式会社提案")  # the proposer
        self.need = make_need(department=self.department, title="保育所入所手続のオンライン化")

    def actor(self, name: str) -> User | None:
        return None if name == "public" else getattr(self, name)

    @cached_property
    def member(self) -> User:
        return self._make_user(Role.MEMBER, organisation=self.organisation)

    @cached_property
    def colleague(self) -> User:
        """A second member of the proposing organisation."""
        return self._make_user(Role.MEMBER, organisation=self.organisation)

    @cached_property
    def other_member(self) -> User:
        return self._make_user(Role.MEMBER, organisation=self._make_organisation("他社"))

    @cached_property
    def staff(self) -> User:
        """Of the need's department."""
        return self._make_user(Role.STAFF, department=self.department)

    @cached_property
    def other_staff(self) -> User:
        return self._make_user(Role.STAFF, department=self._make_department("環境創造局"))

    @cached_property
    def coordinator(self) -> User:
        return self._make_user(Role.COORDINATOR)

    @cached_property
    def admin(self) -> User:
        return self._make_user(Role.ADMIN)


@pytest.fixture
def cast(make_user, make_organisation, make_department, make_need) -> Cast:
    return Cast(make_user, make_organisation, make_department, make_need)
