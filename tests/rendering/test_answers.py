"""Answers that quote what the member typed: inert and short, whatever was typed."""

from __future__ import annotations

from bot.engine.library import Library
from bot.rendering import answers
from bot.rendering.escape import ZWSP


def description(message: answers.Message) -> str:
    [embed] = message.embeds
    assert embed.description is not None
    return embed.description


def test_random_quotes_an_unknown_document_or_topic_inertly(bundled: Library) -> None:
    for options in ({"document": "@everyone **now**"}, {"topic": "<@123> @here"}):
        text = description(answers.random(bundled, "key", **options))  # type: ignore[arg-type]
        assert "@everyone" not in text and "@here" not in text and "<@123>" not in text
        assert ZWSP in text
        assert "**now**" not in text


def test_random_and_cite_do_not_echo_6000_characters(bundled: Library) -> None:
    huge = "lighthouse " * 545 + "x"
    assert len(description(answers.random(bundled, "key", topic=huge))) < 700
    assert len(description(answers.random(bundled, "key", document=huge))) < 700
    assert len(description(answers.cite(bundled, huge))) < 700
