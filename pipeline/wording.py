"""How counts read in messages and outputs: '1 quote', '2 quotes', never '1 quotes'."""

from __future__ import annotations


def plural(n: int, noun: str, plural_noun: str | None = None) -> str:
    """'1 turn', '2 turns', '0 turns'; `plural_noun` for irregular nouns ('1 person', '2 people')."""
    return f"{n} {noun}" if n == 1 else f"{n} {plural_noun or noun + 's'}"
