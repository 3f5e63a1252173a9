"""Making text inert before Discord renders it: no markup from user input, no mentions."""

from __future__ import annotations

import re

from bot.engine.text import well_formed

ZWSP = "\u200b"
_MARKUP = re.compile(r"([\\*_~`|<\[\]])|^(\s*)([>#-]|\d+(?=\.))", re.MULTILINE)
_MENTION = re.compile(r"@(everyone|here)|<(@[!&]?|#)(\d+)>")


def escape_markdown(text: str) -> str:
    """Show `text` literally: every markup character is backslash-escaped."""
    return _MARKUP.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    marker = match.group(3)
    if marker.isdigit():
        # "1." starts a list: escape the dot, since a backslash before a digit shows as is.
        return f"{match.group(2)}{marker}\\"
    return f"{match.group(2)}\\{marker}"


def defuse_mentions(text: str) -> str:
    """Break mention syntax with a zero-width space so it shows as text and never pings."""

    def breaker(match: re.Match[str]) -> str:
        if match.group(1):
            return f"@{ZWSP}{match.group(1)}"
        return f"<{match.group(2)}{ZWSP}{match.group(3)}>"

    return _MENTION.sub(breaker, text)


def user_text(text: str) -> str:
    """Text a user typed, echoed back: literal, single-line, inert."""
    return defuse_mentions(escape_markdown(" ".join(well_formed(text).split())))
