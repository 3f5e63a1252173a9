"""The offline console: slash commands as text, numbered buttons, the same answers."""

from __future__ import annotations

import io

from bot.config import Settings
from bot.console import Console, parse_command
from bot.engine.library import Library


def run(library: Library, lines: list[str]) -> str:
    out = io.StringIO()
    Console(library, Settings(), out).run(io.StringIO("\n".join(lines) + "\n"))
    return out.getvalue()


def test_parse_command_options() -> None:
    assert parse_command("/search cyber security document:interests public:true") == (
        "search",
        "cyber security",
        {"document": "interests", "public": "true"},
    )
    assert parse_command("random topic:intelligence gathering") == (
        "random",
        "",
        {"topic": "intelligence gathering"},
    )


def test_search_then_press_a_result_and_next(bundled: Library) -> None:
    text = run(bundled, ["/search inteligence gathering", "1", "2", "/quit"])
    assert "Showing results for **intelligence gathering**" in text
    assert "cite: interests/islamic-nation-protects/3" in text
    assert "cite: interests/islamic-nation-protects/4" in text  # [2] is ▶️ Next
    assert "private" in text


def test_commands_and_unknown_ones(bundled: Library) -> None:
    text = run(bundled, ["/topic umma", "/documents", "/help", "/cite nope/x/1", "/frobnicate"])
    assert "Solidifying the Islamic Ummah" in text
    assert "`interests`" in text and "Cited excerpts: commands" in text
    assert "No document has the id `nope`" in text
    assert "Unknown command /frobnicate" in text


def test_a_number_without_buttons_says_so(bundled: Library) -> None:
    assert "No button with that number" in run(bundled, ["7"])


def test_each_block_of_an_embed_is_set_apart_by_one_blank_line(bundled: Library) -> None:
    text = run(bundled, ["/search unified global response", "/search inteligence gathering"])
    assert "│\n│\n" not in text
    assert "│ Search: unified global response\n│\n│ ▸ 1. " in text
    assert "│ Search: inteligence gathering\n│\n│ Showing results for" in text
