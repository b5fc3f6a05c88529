from pathlib import Path

import pytest

from hackplat.accounts.passwords import hash_password, password_problem, verify_password
from hackplat.config import build_config


@pytest.mark.parametrize(
    "password",
    ["short-1A", "password1234", "passwordpassword", "123456789012", "qwertyuiop123", "x" * 129],
)
def test_weak_short_or_long_passwords_are_refused(password: str) -> None:
    assert password_problem(password) is not None


def test_a_password_built_from_the_users_email_is_refused() -> None:
    assert password_problem("yamada.taro@example.jp", user_inputs=["yamada.taro@example.jp"]) is not None


@pytest.mark.parametrize("password", ["Correct-Horse-Battery-42", "みなとみらいの夜景がきれい2026", "x7#Lq9!vR2@mZp"])
def test_strong_passwords_are_accepted(password: str) -> None:
    assert password_problem(password) is None


def test_hash_is_salted_and_verifies() -> None:
    first, second = hash_password("Correct-Horse-Battery-42"), hash_password("Correct-Horse-Battery-42")
    assert first != second
    assert first.startswith("scrypt:")
    assert verify_password(first, "Correct-Horse-Battery-42")
    assert not verify_password(first, "Correct-Horse-Battery-43")


def test_production_default_is_full_strength_scrypt(app) -> None:
    assert build_config(Path(app.instance_path))["PASSWORD_HASH_METHOD"] == "scrypt"
