"""Fixtures of the seed tests: people in every position towards one organisation."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hackplat.models import Organisation, Role, User


@pytest.fixture
def organisation(make_organisation: Callable[..., Organisation]) -> Organisation:
    return make_organisation(name="株式会社みなとテック")


@pytest.fixture
def actor(make_user: Callable[..., User], organisation: Organisation) -> Callable[[str], User]:
    """``actor("own_member")`` and so on: a user in that position towards ``organisation``."""

    def make(kind: str) -> User:
        if kind == "own_member":
            return make_user(Role.MEMBER, organisation=organisation)
        if kind == "other_member":
            return make_user(Role.MEMBER)
        return make_user(Role(kind))

    return make
