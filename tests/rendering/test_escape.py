"""User text echoed back shows literally and never pings."""

from __future__ import annotations

from bot.rendering.escape import ZWSP, defuse_mentions, escape_markdown, user_text


def test_markup_is_escaped_where_it_has_meaning() -> None:
    assert escape_markdown("**bold** _it_ ~~s~~ `c` ||sp|| [l](u)") == (
        "\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\`c\\` \\|\\|sp\\|\\| \\[l\\](u)"
    )
    assert escape_markdown("# h\n> q\n- item\n12. one\nmid-word: fine") == (
        "\\# h\n\\> q\n\\- item\n12\\. one\nmid-word: fine"
    )


def test_mentions_are_broken_but_readable() -> None:
    text = defuse_mentions("@everyone @here <@123> <@!4> <@&5> <#6> mail@example.com")
    assert "@everyone" not in text and "@here" not in text
    assert "<@123>" not in text and "<@&5>" not in text and "<#6>" not in text
    assert text.replace(ZWSP, "") == "@everyone @here <@123> <@!4> <@&5> <#6> mail@example.com"


def test_user_text_is_single_line_and_inert() -> None:
    assert user_text("  @everyone\n**hi**  ") == f"@{ZWSP}everyone \\*\\*hi\\*\\*"


def test_user_text_can_always_be_sent_as_utf8() -> None:
    """A lone surrogate (a stray "\\ud800" escape in JSON) would fail the request's encoding."""
    echoed = user_text("find \ud800 this")
    assert echoed.encode() == "find \ufffd this".encode()
