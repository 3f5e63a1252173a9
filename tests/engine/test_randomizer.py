"""No-repeat random draws."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.engine.library import Library
from bot.engine.randomizer import NoRepeatDraws, Permutation


@given(n=st.integers(1, 5000), seed=st.integers(0, 2**64 - 1))
def test_permutation_is_a_bijection(n: int, seed: int) -> None:
    perm = Permutation(n, seed)
    assert sorted(perm[i] for i in range(n)) == list(range(n))


def test_permutation_rejects_empty_and_out_of_range() -> None:
    with pytest.raises(ValueError):
        Permutation(0, 1)
    with pytest.raises(IndexError):
        Permutation(3, 1)[3]


def test_no_repeat_until_every_candidate_was_shown() -> None:
    draws = NoRepeatDraws(seed=1)
    candidates = [range(10, 20), range(50, 53)]
    first_round = [draws.draw("chan", candidates) for _ in range(13)]
    assert sorted(first_round) == [*range(10, 20), 50, 51, 52]
    second_round = [draws.draw("chan", candidates) for _ in range(13)]
    assert sorted(second_round) == sorted(first_round)
    assert second_round[0] != first_round[-1]
    assert second_round != first_round


def test_keys_are_independent_and_a_new_candidate_set_restarts() -> None:
    draws = NoRepeatDraws(seed=2)
    a = [draws.draw("a", [range(5)]) for _ in range(5)]
    b = [draws.draw("b", [range(5)]) for _ in range(5)]
    assert sorted(a) == sorted(b) == list(range(5))
    assert draws.draw("a", [range(100, 101)]) == 100
    assert draws.draw("a", []) is None


def test_library_random_narrows_by_document_and_topic(bundled: Library) -> None:
    doc = bundled.document("interests")
    assert doc is not None
    picks = {
        bundled.random("k1", document="interests").passage.index  # type: ignore[union-attr]
        for _ in range(len(bundled.corpus.document_passages(doc)))
    }
    assert picks == set(bundled.corpus.document_passages(doc))
    pick = bundled.random("k2", topic="inteligence gathering").passage
    assert pick is not None and "Intelligence Gathering" in pick.text
    assert bundled.random("k3", document="nope-nothing").passage is None
    assert bundled.random("k4", topic="zzzzqqq").note
