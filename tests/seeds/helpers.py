"""Helpers of the seed tests."""

from __future__ import annotations

from typing import Any

#: Everyone who may ask for something, seen from one organisation ("own").
ACTORS = ("own_member", "other_member", "staff", "coordinator", "admin")


def seed_form(**overrides: Any) -> dict[str, Any]:
    """A valid seed form as a browser would post it."""
    return {
        "title": "AIチャットボットによる問い合わせ対応",
        "summary": "区役所への定型的な問い合わせに24時間答えます。",
        "description": "自然言語処理で質問の意図を読み取り、FAQから回答します。",
        "track_record": "3自治体で導入、問い合わせ電話を3割削減。",
        "tags": "AI、チャットボット, 行政手続",
        "theme_id": "0",
        "is_public": "y",
        **overrides,
    }
