"""Text normalisation before tokenising.

Japanese posts mix full-width and half-width letters (ＡＩ/AI), several dash
characters used as long-vowel marks (サ－ビス), era and western years, URLs and
stray control characters. All of that is unified here, before MeCab sees the text,
so that the same word always reaches the tokeniser in the same spelling.
Orthographic variants of words (子ども/子供/こども, 申込/申し込み) are unified later
by the UniDic lemma, which is more reliable than string rules.
"""

from __future__ import annotations

import re
import unicodedata

from hackplat.fiscal import ERAS

__all__ = ["normalise", "katakana_key"]

# Dash-like characters that writers use for the katakana long-vowel mark (not the
# wave dash 〜, which after a word usually means "to", as in 駅〜市役所).
_DASHES = "-‐‑‒–—―−－ｰ─━"
_LONG_VOWEL = re.compile(r"(?<=[ァ-ヶー])[" + re.escape(_DASHES) + r"]+")
_REPEATED_LONG = re.compile(r"ー{2,}")
_URL = re.compile(r"(?:https?|ftp)://[^\s　<>\"'）)」』]+|www\.[a-z0-9.-]+\.[a-z]{2,}[^\s　<>\"'）)」』]*")
_EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}")
# Control characters (NUL would truncate the C string MeCab reads) and lone
# surrogates (not encodable as UTF-8) are replaced by a space.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_ERA = re.compile("(" + "|".join(name for _, name in ERAS) + r")(元|\d{1,2})年")
_ERA_FIRST_YEAR = {name: first for first, name in ERAS}


def _era_to_western(match: re.Match[str]) -> str:
    """令和5年 → 2023年, so that 令和5年度 and 2023年度 are written alike."""
    year = 1 if match.group(2) == "元" else int(match.group(2))
    return f"{_ERA_FIRST_YEAR[match.group(1)] + year - 1}年"


def normalise(text: object) -> str:
    """Return the canonical spelling of ``text``; never raises.

    NFKC turns full-width letters and digits into ASCII and half-width katakana into
    full-width; ``casefold`` unifies AI/ai; dashes after katakana become ー; URLs and
    e-mail addresses are removed because host names are mostly placeholders or
    organisation names that make unrelated posts look alike.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = _CONTROL.sub(" ", text)
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _URL.sub(" ", text)
    text = _EMAIL.sub(" ", text)
    text = _LONG_VOWEL.sub("ー", text)
    text = _REPEATED_LONG.sub("ー", text)
    return _ERA.sub(_era_to_western, text)


def katakana_key(word: str) -> str:
    """Drop a trailing ー of a long katakana word (コンピューター → コンピュータ).

    Japanese writing standards (JIS Z 8301, government style guides) differ on the
    final long-vowel mark; UniDic unifies known words, this rule covers unknown ones.
    """
    if len(word) >= 4 and word.endswith("ー") and _is_katakana(word):
        return word[:-1]
    return word


def _is_katakana(word: str) -> bool:
    return all("ァ" <= ch <= "ヶ" or ch == "ー" for ch in word)
