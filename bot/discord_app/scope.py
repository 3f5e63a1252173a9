"""Reading lists: which documents a channel (or a whole server) sees.

`reading_lists` in the config names documents for a guild or a channel; a channel's entries
override its guild's, and a thread follows its parent channel unless it has entries of its
own. Every command, autocomplete, random draw and button in that place passes the result as
`documents=`; None means the whole corpus.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.config import ReadingList


class ReadingLists:
    def __init__(self, lists: Sequence[ReadingList]) -> None:
        self._channels: dict[int, list[str]] = {}
        self._guilds: dict[int, list[str]] = {}
        for entry in lists:
            ids = [d.strip().lower() for d in entry.documents]
            if entry.channel is not None:
                _extend(self._channels.setdefault(entry.channel, []), ids)
            elif entry.guild is not None:
                _extend(self._guilds.setdefault(entry.guild, []), ids)

    def __bool__(self) -> bool:
        return bool(self._channels or self._guilds)

    def documents(
        self,
        *,
        guild_id: int | None,
        channel_id: int | None,
        parent_id: int | None = None,
    ) -> list[str] | None:
        """The document ids allowed here, or None for all of them."""
        for place in (channel_id, parent_id):
            if place is not None and place in self._channels:
                return list(self._channels[place])
        if guild_id is not None and guild_id in self._guilds:
            return list(self._guilds[guild_id])
        return None

    def for_interaction(self, interaction: discord.Interaction) -> list[str] | None:
        channel = interaction.channel
        parent_id = getattr(channel, "parent_id", None) if channel is not None else None
        return self.documents(
            guild_id=interaction.guild_id,
            channel_id=interaction.channel_id,
            parent_id=parent_id,
        )

    def names(self) -> set[str]:
        """Every document id any reading list names (to warn about ids the corpus lacks)."""
        return {d for ids in (*self._channels.values(), *self._guilds.values()) for d in ids}


def _extend(target: list[str], ids: list[str]) -> None:
    target.extend(d for d in ids if d not in target)
