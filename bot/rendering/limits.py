"""Limits Discord enforces on what a bot sends (see shared/docs/DISCORD.md).

Lengths are measured in UTF-16 code units, which is never less than the number of code
points, so text that fits here fits however Discord counts.
"""

from __future__ import annotations

CONTENT = 2000
EMBEDS = 10
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FOOTER = 2048
EMBED_AUTHOR = 256
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
EMBED_TOTAL = 6000
ACTION_ROWS = 5
ROW_BUTTONS = 5
CUSTOM_ID = 100
BUTTON_LABEL = 80
SELECT_OPTIONS = 25
SELECT_TEXT = 100
SELECT_PLACEHOLDER = 150
CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100
PINS_PER_CHANNEL = 250


def size(text: str) -> int:
    """Length as Discord may count it (UTF-16 code units)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def clip(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut to at most `limit` UTF-16 units, at a word when one is near, with an ellipsis."""
    if size(text) <= limit:
        return text
    room = limit - size(ellipsis)
    head = prefix_within(text, room)
    space = head.rfind(" ")
    if space >= len(head) * 2 // 3:
        head = head[:space]
    return head.rstrip() + ellipsis


def prefix_within(text: str, limit: int) -> str:
    """The longest prefix of `text` of at most `limit` UTF-16 units."""
    if limit <= 0:
        return ""
    if text.isascii():
        return text[:limit]
    used = 0
    for i, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return text[:i]
    return text
