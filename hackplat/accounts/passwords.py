"""Password policy and hashing.

Hashing is Werkzeug's salted scrypt (memory-hard and slow by design); the method is a
setting only so that the test suite can use cheaper parameters. Common and guessable
passwords are refused using zxcvbn's frequency lists and score.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable: moderate protection from offline attacks"
#: zxcvbn refuses (ValueError) a password longer than this; only this prefix is scored.
#: A longer password is at least as strong as its first 72 characters, so scoring the
#: prefix never accepts a weaker one (security review of #13, finding 1: a 500 before).
SCORED_LENGTH = 72


def password_problem(password: str, *, user_inputs: list[str] | None = None) -> str | None:
    """Why ``password`` is not acceptable, or None when it is."""
    if len(password) < MIN_LENGTH:
        return _("パスワードは%(n)d文字以上にしてください。", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("パスワードは%(n)d文字以内にしてください。", n=MAX_LENGTH)
    inputs = [value for value in (user_inputs or []) if value]
    if zxcvbn(password[:SCORED_LENGTH], user_inputs=inputs)["score"] < MIN_SCORE:
        return _(
            "よく使われるパスワードや推測されやすいパスワードは使えません。"
            "単語を組み合わせるなど、より長く推測しにくいものにしてください。"
        )
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)
