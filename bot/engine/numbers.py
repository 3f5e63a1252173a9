"""A number as books write it in their headings: 12, XII, twelve, twelfth.

A reader looks up "book 5" or "chapter 12" where the heading says "Book Five" or
"Chapter XII"; each spelling of a number stands for the others."""

from __future__ import annotations

import re

MAX_NUMBER = 399
"""Chapters and sections run this high at most; larger numbers are left as they are."""

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENS |= {"eighty": 80, "ninety": 90, "hundred": 100}
_ORDINALS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
_ROMAN = re.compile(r"c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")
_ROMAN_DIGITS = (
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)

_WORDS: dict[str, int] = {word: n for n, word in enumerate(_ONES)}
_WORDS |= _TENS
_WORDS |= {word: n for n, word in enumerate(_ORDINALS)}


def value(token: str) -> int | None:
    """The number a folded token spells (digits, a Roman numeral, a number word, an
    ordinal up to the twentieth), or None."""
    if token.isdigit():
        number = int(token) if len(token) <= 3 else None
    elif token in _WORDS:
        number = _WORDS[token]
    elif token and _ROMAN.fullmatch(token):
        number = _roman_value(token)
    else:
        return None
    return number if number is not None and 0 < number <= MAX_NUMBER else None


def spellings(token: str) -> list[str]:
    """The other ways of writing the number `token` spells ("5": "v", "five", "fifth");
    none for a token that is no number."""
    number = value(token)
    if number is None:
        return []
    forms = [str(number), roman(number)]
    if number < len(_ONES):
        forms.append(_ONES[number])
    forms += [word for word, n in _TENS.items() if n == number]
    if number < len(_ORDINALS):
        forms.append(_ORDINALS[number])
    return [form for form in dict.fromkeys(forms) if form != token]


def roman(number: int) -> str:
    out = []
    for amount, letters in _ROMAN_DIGITS:
        while number >= amount:
            out.append(letters)
            number -= amount
    return "".join(out)


def _roman_value(token: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for i, letter in enumerate(token):
        amount = values[letter]
        following = values[token[i + 1]] if i + 1 < len(token) else 0
        total += -amount if amount < following else amount
    return total
