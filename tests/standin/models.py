"""The places and people of the stand-in's Discord: users, roles, channels, guilds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

GUILD_TEXT, DM = 0, 1
ANNOUNCEMENT_THREAD, PUBLIC_THREAD, PRIVATE_THREAD = 10, 11, 12
THREAD_TYPES = {ANNOUNCEMENT_THREAD, PUBLIC_THREAD, PRIVATE_THREAD}


@dataclass
class User:
    id: int
    name: str
    bot: bool = False


@dataclass
class Role:
    id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"


@dataclass
class Pin:
    message_id: int
    pinned_at: dt.datetime


@dataclass
class Channel:
    """A guild text channel, a thread or a DM; all of them hold messages and pins."""

    id: int
    type: int
    name: str
    guild_id: int | None
    position: int = 0
    parent_id: int | None = None
    owner_id: int | None = None
    recipients: list[User] = field(default_factory=list)
    message_ids: list[int] = field(default_factory=list)
    pins: list[Pin] = field(default_factory=list)

    @property
    def is_thread(self) -> bool:
        return self.type in THREAD_TYPES


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    everyone_permissions: int
    bot_permissions: int
    """The bot's permissions in every channel of this guild (its ``app_permissions``)."""
    bot_role_id: int
    roles: list[Role] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    threads: list[Channel] = field(default_factory=list)
    locale: str = "en-US"

    def channel(self, name: str) -> Channel:
        for channel in (*self.channels, *self.threads):
            if channel.name == name:
                return channel
        raise KeyError(f"guild {self.name!r} has no channel {name!r}")

    def role(self, name: str) -> Role:
        for role in self.roles:
            if role.name == name:
                return role
        raise KeyError(f"guild {self.name!r} has no role {name!r}")

    @property
    def text_channels(self) -> list[Channel]:
        return [channel for channel in self.channels if channel.type == GUILD_TEXT]
