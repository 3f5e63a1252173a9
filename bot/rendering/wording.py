"""Counts in words, as every message and the console write them."""

from __future__ import annotations


def counted(count: int, noun: str, *, mark: str = "") -> str:
    """The count and the noun, plural unless the count is one ("1 passage", "12 passages");
    `mark` goes around the number ("**" to bold it)."""
    return f"{mark}{count}{mark} {noun if count == 1 else noun + 's'}"
