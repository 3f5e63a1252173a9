"""Discord permission bits the stand-in and its actors care about.

Values are Discord's bit positions; payloads carry them as decimal strings.
"""

from __future__ import annotations

import enum


class Perm(enum.IntFlag):
    """A subset of Discord's permission flags (enough for messaging, threads and pins)."""

    CREATE_INSTANT_INVITE = 1 << 0
    ADMINISTRATOR = 1 << 3
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    USE_APPLICATION_COMMANDS = 1 << 31
    MANAGE_THREADS = 1 << 34
    CREATE_PUBLIC_THREADS = 1 << 35
    CREATE_PRIVATE_THREADS = 1 << 36
    SEND_MESSAGES_IN_THREADS = 1 << 38
    PIN_MESSAGES = 1 << 51


MEMBER_DEFAULT = (
    Perm.VIEW_CHANNEL
    | Perm.SEND_MESSAGES
    | Perm.EMBED_LINKS
    | Perm.ATTACH_FILES
    | Perm.ADD_REACTIONS
    | Perm.READ_MESSAGE_HISTORY
    | Perm.USE_EXTERNAL_EMOJIS
    | Perm.USE_APPLICATION_COMMANDS
    | Perm.CREATE_PUBLIC_THREADS
    | Perm.SEND_MESSAGES_IN_THREADS
)
"""What an ordinary member of a community server can do in a channel."""

BOT_DEFAULT = (
    Perm.VIEW_CHANNEL
    | Perm.SEND_MESSAGES
    | Perm.SEND_MESSAGES_IN_THREADS
    | Perm.EMBED_LINKS
    | Perm.ATTACH_FILES
    | Perm.READ_MESSAGE_HISTORY
    | Perm.USE_EXTERNAL_EMOJIS
    | Perm.CREATE_PUBLIC_THREADS
    | Perm.PIN_MESSAGES
)
"""What the bot is granted by its invite unless a test says otherwise."""


def has(granted: int, needed: int) -> bool:
    """True when ``granted`` holds every bit of ``needed`` (Administrator holds all)."""
    return bool(granted & Perm.ADMINISTRATOR) or granted & needed == needed


def can_pin(granted: int) -> bool:
    """Pinning needs Pin Messages (newer) or Manage Messages (older servers)."""
    return has(granted, Perm.PIN_MESSAGES) or has(granted, Perm.MANAGE_MESSAGES)
