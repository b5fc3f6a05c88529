"""Japanese analyser: text → content-word lemmas, computed once per text.

MeCab (fugashi) with UniDic-lite reads ~500k characters a second per core here,
SudachiPy about a third of that; tokenising is therefore the one costly step of
matching, and its result (:class:`Analysed`) is stored with each need and seed.
The stored tokens are *pre-synonym* lemmas, so that editing the synonym table never
invalidates them: synonyms are applied when an index is fitted (see ``synonyms``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hackplat.matching.core.normalise import katakana_key, normalise
from hackplat.matching.core.stopwords import STOP_WORDS

__all__ = [
    "ANALYSER_VERSION",
    "COMPOUND",
    "MARK",
    "Analysed",
    "Analyser",
    "analyse",
    "content_words",
    "nominal_form",
    "tokenise",
    "STOP_WORDS",
]

# Bump whenever tokens for the same text may change: stored values with another
# version must be re-analysed (see Analysed.is_current).
# 2: verbs keyed by their nominal (連用形) form; posting boilerplate stop words.
# 3: compounds of a noun with its suffix or prefix (図書館, 再発行), see ``_compounds``.
ANALYSER_VERSION = 3

_KEEP_POS1 = frozenset({"名詞", "動詞", "形容詞", "形状詞"})
_AFFIX_POS = frozenset({"接頭辞", "接尾辞"})
# Prefix of a token kept only as context for multi-word synonyms, never indexed.
MARK = "_"
# Prefix of a compound key (図書 + 館 → +図書館): indexed at a lower weight (see
# ``weighting``) and listed after the field's words, so that it never splits the
# token sequence that multi-word synonyms match.
COMPOUND = "+"
# Honorific prefixes (お/ご/御 are all lemma 御): politeness, not meaning.
_HONORIFIC = frozenset({"御"})
# Numbers, pronouns, auxiliary-like verbs/adjectives (する, ある, ない), counters.
_DROP_POS2 = frozenset({"数詞", "代名詞", "非自立可能", "助動詞語幹"})
_DROP_POS3 = frozenset({"助数詞可能", "助数詞"})
_ONE_KANA = re.compile(r"^[ぁ-んァ-ヶー]$")
# 連用形 ending of a godan verb, by the dictionary form's last kana (読み取る → 読み取り).
_I_ROW = dict(zip("うくぐすつぬぶむる", "いきぎしちにびみり", strict=True))
_HAS_LETTER = re.compile(r"[a-zぁ-んァ-ヶ一-鿿々]")


@dataclass(frozen=True, slots=True)
class Analysed:
    """Tokens of one post: store ``to_json()`` in a DB column, rebuild with ``from_json``.

    ``title`` and ``body`` hold content-word lemmas in text order (order matters for
    multi-word synonyms); ``surfaces`` maps a lemma to how the text wrote it, where the
    two differ (塵 → ごみ), so that explanations can quote the post itself.
    """

    title: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    surfaces: dict[str, str] = field(default_factory=dict)
    version: int = ANALYSER_VERSION

    @property
    def is_empty(self) -> bool:
        """True when the post has no content word, so that it cannot be matched."""
        return all(k[0] == MARK for k in self.title) and all(k[0] == MARK for k in self.body)

    def is_current(self) -> bool:
        """False when the analyser changed since this value was stored."""
        return self.version == ANALYSER_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {"v": self.version, "t": list(self.title), "b": list(self.body), "s": self.surfaces}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysed:
        """Tokens interned: a rebuild holds every post's tokens, 11 M strings at 110,000
        posts, which as decoded (one object per occurrence) took ~0.6 GB instead of ~0.15."""
        return cls(
            tuple(map(sys.intern, data.get("t", ()))),
            tuple(map(sys.intern, data.get("b", ()))),
            dict(data.get("s", {})),
            int(data.get("v", 0)),
        )

    @classmethod
    def from_json(cls, text: str) -> Analysed:
        return cls.from_dict(json.loads(text))


_log = logging.getLogger(__name__)
_lock = threading.Lock()
_tagger: Any = None


def _get_tagger() -> Any:
    """One MeCab tagger per process, created on first use (loading takes ~0.1 s)."""
    global _tagger
    if _tagger is None:
        import fugashi  # local import: only processes that tokenise pay for it

        _tagger = fugashi.Tagger()
    return _tagger


def _after_fork_in_child() -> None:
    """A forked worker gets its own lock and tagger: the parent's lock may have been
    held by another thread at the moment of the fork."""
    global _lock, _tagger
    _lock, _tagger = threading.Lock(), None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _parse(text: str) -> str:
    """MeCab output in UniDic's default format, one token a line:
    surface, pron, lForm, lemma, pos1-pos2-pos3-pos4, cType, cForm, aType."""
    with _lock:  # a MeCab tagger must not be used by two threads at once
        return _get_tagger().parse(text)


def _key_of(surface: str, lemma: str, pos: list[str], conjugation: str = "") -> str | None:
    """The token's key: its content-word lemma (a verb's in its nominal form, see
    ``nominal_form``), ``MARK + lemma`` for a word that is kept only so that
    multi-word synonyms can match (affixes, light verbs, numbers), or None for
    particles, auxiliaries, adverbs and symbols."""
    if pos[0] not in _KEEP_POS1 and pos[0] not in _AFFIX_POS:
        return None
    # Loanword lemmas carry their origin: サーバー-server; keep the Japanese head.
    key = lemma.split("-", 1)[0] if lemma and lemma != "*" else surface
    key = key.lower() if key.isascii() else unicodedata.normalize("NFKC", key).casefold()
    key = katakana_key(key.strip().lstrip(MARK))
    if not key:
        return None
    if not _HAS_LETTER.search(key):
        return MARK + key if pos[1:2] == ["数詞"] else None
    if _is_content(key, pos):
        return nominal_form(key, conjugation) if pos[0] == "動詞" else key
    return MARK + key


def nominal_form(lemma: str, conjugation: str) -> str:
    """A verb's 連用形, which Japanese uses as its noun: 見守る → 見守り, 申し込む →
    申し込み, 受け付ける → 受け付け. MeCab tags the same written word now as a noun,
    now as a verb (見守りサービス / 見守りを行う, 帳票の読取り / 帳票を読取り), and
    posts say the same thing either way (申し込む / 申込み, 支払う / 支払い), so both
    must give one key. ``conjugation`` is UniDic's cType (五段-ラ行, 下一段-カ行, ...);
    irregular and classical verbs keep their lemma."""
    if conjugation.startswith("五段") and lemma[-1:] in _I_ROW:
        return lemma[:-1] + _I_ROW[lemma[-1]]
    if conjugation.startswith(("上一段", "下一段")) and len(lemma) > 1 and lemma.endswith("る"):
        return lemma[:-1]
    return lemma


def _is_content(key: str, pos: list[str]) -> bool:
    if pos[0] in _AFFIX_POS or key in STOP_WORDS or _ONE_KANA.match(key):
        return False
    if (len(pos) > 1 and pos[1] in _DROP_POS2) or (len(pos) > 2 and pos[2] in _DROP_POS3):
        return False
    return not (key.isascii() and len(key) < 2)


# MeCab output line → (key, surface to remember or None, role for compounds). Words
# repeat so much that this cache makes the per-token Python work ~5× cheaper; it is
# bounded by clearing.
_line_cache: dict[str, tuple[str | None, str | None, str, str]] = {}
_CACHE_LIMIT = 400_000
# Roles of a token in compounds: a content noun, a noun suffix (接尾辞-名詞的: 館, 料,
# 所, 金, 書, 化, 者), a prefix (接頭辞 but the honorific), anything else.
NOUN, SUFFIX, PREFIX, OTHER = "n", "s", "p", ""


def _line_key(line: str) -> tuple[str | None, str | None, str, str]:
    """(key, surface to remember, role, surface as written) of one MeCab line."""
    cols = line.split("\t")
    if len(cols) < 5:
        return None, None, OTHER, ""  # EOS or empty line
    pos = cols[4].split("-")
    key = _key_of(cols[0], cols[3], pos, cols[5] if len(cols) > 5 else "")
    # Only uninflected words: a verb's surface (使わ) reads worse than its key (使い).
    keep = key is not None and key != cols[0] and pos[0] == "名詞" and key[0] != MARK
    role = OTHER
    if key is not None and pos[0] == "名詞" and key[0] != MARK:
        role = NOUN
    elif key is not None and pos[0] == "接尾辞" and pos[1:2] == ["名詞的"]:
        role = SUFFIX
    elif key is not None and pos[0] == "接頭辞" and key.lstrip(MARK) not in _HONORIFIC:
        role = PREFIX
    return key, cols[0] if keep else None, role, cols[0]


def _compounds(tokens: list[tuple[str, str, str]], surfaces: dict[str, str]) -> list[str]:
    """Compound keys of (key, role, surface) tokens in text order, for ``surfaces`` too.

    A noun suffix joins the noun before it (図書 + 館, 手数 + 料, 保育 + 所 + 長 gives
    保育所 and 保育所長) and a prefix the noun after it (再 + 発行); the parts stay
    indexed, so 図書館 still meets 図書室 on 図書. MeCab splits such words however the
    text spells them, and the whole word is often what a post is about: on the two
    evaluation sets compounds raised nDCG@10 on LocalgovFAQ by 0.02 (README, "The
    matcher"). Honorific prefixes (ご利用) make no compound."""
    out: list[str] = []
    prev: tuple[str, str] | None = None  # (key, surface) of a noun or compound just read
    prefix: tuple[str, str] | None = None  # (key, surface) of a prefix just read
    for key, role, surface in tokens:
        plain = key.lstrip(MARK)
        joined: tuple[str, str] | None = None
        if role == SUFFIX and prev is not None:
            joined = (prev[0] + plain, prev[1] + surface)
        elif role == NOUN and prefix is not None:
            joined = (prefix[0] + plain, prefix[1] + surface)
        if joined is not None:
            out.append(COMPOUND + joined[0])
            surfaces.setdefault(COMPOUND + joined[0], joined[1])
        # a noun may take a suffix; a suffix continues its compound (保育所 + 長); anything else ends it
        prev = (plain, surface) if role == NOUN else joined if role == SUFFIX else None
        prefix = (plain, surface) if role == PREFIX else None
    return out


def tokenise(text: str, compounds: bool = True) -> tuple[list[str], dict[str, str]]:
    """Keys of ``text`` in order (see ``_key_of``), then its compound keys (see
    ``_compounds``; not for ``compounds=False``), and key → surface where they differ."""
    keys: list[str] = []
    surfaces: dict[str, str] = {}
    roles: list[tuple[str, str, str]] = []
    cache = _line_cache
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    for line in _parse(text).split("\n"):
        hit = cache.get(line)
        if hit is None:
            hit = cache[line] = _line_key(line)
        key, surface, role, written = hit
        if key is None:
            roles.append(("", OTHER, ""))  # a particle or symbol ends a compound
            continue
        keys.append(key)
        roles.append((key, role, written))
        if surface is not None and key not in surfaces:
            surfaces[key] = surface
    if compounds:
        keys.extend(_compounds(roles, surfaces))
    return keys, surfaces


def content_words(keys: Iterable[str]) -> list[str]:
    """The indexed keys: ``keys`` without the marked (synonym-context-only) ones."""
    return [k for k in keys if k[0] != MARK]


class Analyser:
    """Turns a post's title and body into an :class:`Analysed`; never raises.

    A post must never fail to save because of the matcher, so a failing tokeniser
    gives an empty analysis (the post is then not matched) and logs the exception with
    its traceback: a broken MeCab must not silently make every post unmatchable."""

    def analyse(self, title: str, body: str) -> Analysed:
        try:
            t_keys, t_surf = tokenise(normalise(title))
            b_keys, b_surf = tokenise(normalise(body))
        except Exception:
            _log.exception("matcher: cannot analyse a post; it stays unmatched until it is saved again")
            return Analysed()
        b_surf.update(t_surf)
        return Analysed(tuple(t_keys), tuple(b_keys), b_surf)

    def phrase(self, text: str) -> list[str]:
        """Keys of a short phrase (a synonym-table entry), title and body alike."""
        try:
            return tokenise(normalise(text), compounds=False)[0]
        except Exception:
            _log.exception("matcher: cannot analyse the synonym entry %r; it matches nothing", text)
            return []


_default = Analyser()


def analyse(title: str, body: str) -> Analysed:
    """Module-level shortcut for ``Analyser().analyse``."""
    return _default.analyse(title, body)
