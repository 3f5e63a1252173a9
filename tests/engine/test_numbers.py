"""Numbers as headings write them: digits, Roman numerals, words, ordinals."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.engine.library import Library
from bot.engine.numbers import MAX_NUMBER, roman, spellings, value
from tests.conftest import WriteCorpus


def test_each_spelling_of_a_number_names_the_others() -> None:
    assert spellings("5") == ["v", "five", "fifth"]
    assert spellings("xix") == ["19", "nineteen", "nineteenth"]
    assert spellings("twelfth") == ["12", "xii", "twelve"]
    assert spellings("48") == ["xlviii"]


def test_words_and_large_numbers_are_no_chapter_numbers() -> None:
    for token in ("civil", "mix", "ill", "vx", "iiii", "2024", "0", "", "lc", "chapter"):
        assert value(token) is None, token
        assert spellings(token) == []


@given(st.integers(min_value=1, max_value=MAX_NUMBER))
def test_roman_numerals_read_back(number: int) -> None:
    assert value(roman(number)) == number
    assert value(str(number)) == number
    assert all(value(form) == number for form in spellings(str(number)))


def test_a_chapter_is_found_by_its_number_however_it_is_written(
    write_corpus: WriteCorpus,
) -> None:
    library = Library.load(
        write_corpus(
            {
                "meditations.md": "# Meditations\n\n## Book Five\n\nIn the morning.\n\n"
                "## Book Twelve\n\nAll those things.\n",
                "enchiridion.md": "# Enchiridion\n\n## XIX\n\nYou may be unconquerable.\n\n"
                "## XLVIII\n\nThe condition of a vulgar person.\n",
            }
        )
    )
    found = {
        q: library.topic(q, limit=1)[0].topic.name
        for q in (
            "book 5",
            "book v",
            "meditations book 12",
            "enchiridion 19",
            "enchiridion 48",
            "enchiridion nineteen",
        )
    }
    assert found == {
        "book 5": "Book Five",
        "book v": "Book Five",
        "meditations book 12": "Book Twelve",
        "enchiridion 19": "XIX",
        "enchiridion 48": "XLVIII",
        "enchiridion nineteen": "XIX",
    }
