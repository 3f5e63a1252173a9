"""Vocabulary look-ups: typos within budget, first-letter typos, stems, prefixes."""

from __future__ import annotations

import pytest

from bot.engine.vocabulary import Vocabulary, typo_budget

TERMS = [
    ("intelligence", 5),
    ("instruction", 3),
    ("destruction", 2),
    ("diplomacy", 4),
    ("gathering", 6),
    ("gathered", 1),
    ("readfile", 9),
    ("readable", 2),
]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("inteligence", "intelligence"),  # a letter dropped inside
        ("ntelligence", "intelligence"),  # the first letter dropped
        ("untelligence", "intelligence"),  # the first letter replaced
        ("aintelligence", "intelligence"),  # a letter added before the first
        ("nitelligence", "intelligence"),  # the first two letters swapped
        ("iplomacy", "diplomacy"),
        ("xdiplomacy", "diplomacy"),
    ],
)
def test_a_typo_anywhere_finds_the_word(typed: str, meant: str) -> None:
    found = Vocabulary(TERMS).near(typed, typo_budget(typed))
    assert found and found[0][0] == meant


def test_the_closest_and_then_the_most_frequent_come_first() -> None:
    found = Vocabulary(TERMS).near("gatherin", 2)
    assert [term for term, _ in found] == ["gathering", "gathered"]
    assert [distance for _, distance in found] == [1, 2]


def test_no_typo_budget_for_short_words_and_nothing_beyond_it() -> None:
    vocabulary = Vocabulary(TERMS)
    assert vocabulary.near("redfile", 0) == []
    assert vocabulary.near("xyzdiplomacy", 1) == []
    assert vocabulary.near("ntelligence", 1, widen=False) == []


def test_prefix_completions_are_the_most_frequent() -> None:
    vocabulary = Vocabulary(TERMS)
    assert vocabulary.with_prefix("rea", limit=1) == ["readfile"]
    assert vocabulary.with_prefix("readfile") == []


def test_a_misspelled_word_means_its_closest_terms_only() -> None:
    vocabulary = Vocabulary([*TERMS, ("exception", 9), ("extension", 1), ("files", 4), ("file", 7)])
    assert vocabulary.misspelled("extention") == [("extension", 1)]
    assert vocabulary.misspelled("fils") == [("files", 1)]  # a letter left out, not "file"
    assert vocabulary.misspelled("fiel") == [("file", 1)]  # two letters swapped
    assert vocabulary.misspelled("fale") == []  # four letters: no other typo


def test_of_equally_close_corrections_a_preferred_one_wins() -> None:
    vocab = Vocabulary([("point", 40), ("pointer", 3), ("pointers", 2)])
    assert vocab.best_correction("pointr", 1) == "point"
    assert vocab.best_correction("pointr", 1, prefer={"pointer", "smart"}) == "pointer"
    # A preferred word further away does not beat a closer one.
    assert vocab.best_correction("pointr", 2, prefer={"pointers"}) == "point"
