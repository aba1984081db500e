"""Text as users type it: NFC, diacritic folding, and finding a unit by code or by words of its name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

_SEPARATORS = re.compile(r"[\s_\-\u2010-\u2015\u2212.,;:/()]+")
# Control characters are never wanted in a name or a title; tab and newline are kept for notes.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC, without control or bidirectional-override characters, stripped."""
    if text.isascii() and text.isprintable():
        # Codes, e-mails, numbers: nothing to remove or normalise, and a 10,000-row import
        # cleans over 100,000 cells.
        return text.strip()
    return _CONTROL.sub("", nfc(text)).strip()


def printable(text: str, limit: int = 500) -> str:
    """``text`` safe to print on one terminal line: control, line-break and bidirectional
    characters shown as escapes (a pasted value can neither fake a second line nor move the
    cursor), and a very long text cut in the middle."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    if len(shown) > limit:
        half = limit // 2
        shown = f"{shown[:half]}…{shown[-half:]}"
    return shown


def fold(text: str) -> str:
    """Lower case, without Vietnamese diacritics, punctuation turned into single spaces.

    "Bệnh viện Đa khoa Bắc Kạn" -> "benh vien da khoa bac kan".
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", bare.casefold()).strip()


T = TypeVar("T")


@dataclass(frozen=True)
class Named(Generic[T]):
    """Something findable: its code, its name and the object itself (folded once, here)."""

    code: str
    name: str
    item: T
    folded_code: str = field(init=False, repr=False)
    folded_name: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded_code", fold(self.code))
        object.__setattr__(self, "folded_name", fold(self.name))


def _words_match(query: Sequence[str], words: Sequence[str], *, whole: bool) -> bool:
    """Each query word, in order, matches one name word (whole, or as a prefix unless ``whole``),
    or the initials of several consecutive name words ("bv" for "benh vien")."""
    if not query:
        return True
    head, rest = query[0], query[1:]
    for start in range(len(words)):
        word = words[start]
        if (word == head or (not whole and word.startswith(head))) and _words_match(
            rest, words[start + 1 :], whole=whole
        ):
            return True
        span = len(head)
        if span >= 2 and start + span <= len(words):
            initials = "".join(w[0] for w in words[start : start + span])
            if initials == head and _words_match(rest, words[start + span :], whole=whole):
                return True
    return False


def match_named(query: str, candidates: Iterable[Named[T]]) -> list[Named[T]]:
    """The candidates that ``query`` designates, best tier only.

    Tiers, first non-empty wins: the code (any case); the whole name; every word matching a whole
    word or initials; words matching as prefixes. More than one result means the query is ambiguous.
    """
    items = list(candidates)
    wanted = fold(query)
    if not wanted:
        return []
    exact = [c for c in items if c.code.casefold() == query.strip().casefold()]
    if exact:
        return exact
    by_code = [c for c in items if c.folded_code == wanted]
    if by_code:
        return by_code
    folded = [(c, c.folded_name) for c in items]
    by_name = [c for c, name in folded if name == wanted]
    if by_name:
        return by_name
    query_words = wanted.split()
    for whole in (True, False):
        found = [c for c, name in folded if _words_match(query_words, name.split(), whole=whole)]
        if found:
            return found
    return []
