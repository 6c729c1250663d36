"""Phrases the piece builds from counts and lists: "a, b and c", "three chief executives".

Separate from `compose` so that `speakers` (how the piece names people) and `compose` (the piece) share
them without importing each other.
"""

from __future__ import annotations

import re
from typing import Sequence

_NUMBER_WORDS = "no one two three four five six seven eight nine ten eleven twelve".split()


def _join(items: Sequence[str]) -> str:
    """"a, b and c"; with a serial comma when an item has its own "and" ("rents, and damp and mould")."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    last = ", and " if any(" and " in item for item in items) else " and "
    return ", ".join(items[:-1]) + last + items[-1]


def _count_phrase(n: int, noun: str, *, article: bool = False) -> str:
    """"three speakers"; with `article`, "a partnerships director" for one. Plurals of the last word."""
    if n == 1 and article:
        return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
    word = _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)
    return f"{word} {noun if n == 1 else _plural(noun)}"


def _plural(noun: str) -> str:
    """"chief executive" -> "chief executives", "head of service" -> "heads of service", "chair (host)" ->
    "chairs (host)"."""
    noun, bracket, note = noun.partition(" (")
    if bracket:
        return f"{_plural(noun)} ({note}"
    head, _, tail = noun.partition(" of ")
    words = head.split()
    last = words[-1] if words else head
    if re.search(r"(s|x|z|ch|sh)$", last):
        last += "es"
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    else:
        last += "s"
    head = " ".join(words[:-1] + [last])
    return f"{head} of {tail}" if tail else head

