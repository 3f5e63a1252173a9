"""Markdown tables show as lists in Discord, which has no tables."""

from __future__ import annotations

from bot.engine.library import Library
from bot.rendering import answers
from bot.rendering.tables import tables_as_lists
from tests.conftest import WriteCorpus

TABLE = (
    "| Symbol      | Explanation                  |\n"
    "| ----------- | ---------------------------- |\n"
    "| `'ident`    | Named lifetime or loop label |\n"
    "| `a \\| b`   | Either, escaped              |\n"
    "|             |                              |\n"
    '| `r"..."`   | Raw string literal           |'
)


def test_a_table_becomes_a_list_with_its_header_in_bold() -> None:
    assert tables_as_lists("Table B-2:\n\n" + TABLE + "\n\nAfter.") == (
        "Table B-2:\n\n"
        "- **Symbol** — **Explanation**\n"
        "- `'ident` — Named lifetime or loop label\n"
        "- `a | b` — Either, escaped\n"
        '- `r"..."` — Raw string literal\n'
        "\nAfter."
    )


def test_a_table_without_outer_pipes_is_a_table_too() -> None:
    assert tables_as_lists("a | b\n--|:-:\n1 | 2") == "- **a** — **b**\n- 1 — 2"


def test_what_is_no_table_stays_as_written() -> None:
    for text in (
        "```\n" + TABLE + "\n```",  # in a code block
        "> | a | b |\n> |---|---|\n> | 1 | 2 |",  # in a block quote
        "| a | b |\n|---|\n| 1 | 2 |",  # header and delimiter differ
        "x | y is not a table\n\nnor is --- this",
        "| a | b |\nno delimiter row",
    ):
        assert tables_as_lists(text) == text


def test_an_excerpt_shows_a_table_as_a_list(write_corpus: WriteCorpus) -> None:
    library = Library.load(write_corpus({"s.md": "# Syntax\n\nSymbols:\n\n" + TABLE + "\n"}))
    [embed] = answers.cite(library, "s/intro/1").embeds
    assert embed.description is not None
    assert "- `'ident` — Named lifetime or loop label" in embed.description
    assert "| ---" not in embed.description
