"""Reading lists: which documents a channel (or a whole server) sees.

`reading_lists` in the config names documents for a guild or a channel; a channel's entries
override its guild's, and a thread follows its parent channel unless it has entries of its
own. Every command, autocomplete, random draw and button in that place passes the result as
`documents=`; None means the whole corpus.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

import discord

from bot.config import ReadingList
from bot.engine.library import Library


class ReadingLists:
    def __init__(self, lists: Sequence[ReadingList]) -> None:
        self._channels: dict[int, list[str]] = {}
        self._guilds: dict[int, list[str]] = {}
        self._known: weakref.WeakKeyDictionary[Library, frozenset[str]] = (
            weakref.WeakKeyDictionary()
        )
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

    def for_interaction(
        self, interaction: discord.Interaction, library: Library | None = None
    ) -> list[str] | None:
        """The documents allowed where `interaction` happens; with `library`, only those it
        has (see `present`)."""
        channel = interaction.channel
        parent_id = getattr(channel, "parent_id", None) if channel is not None else None
        allowed = self.documents(
            guild_id=interaction.guild_id,
            channel_id=interaction.channel_id,
            parent_id=parent_id,
        )
        return self.present(allowed, library)

    def for_channel(
        self, channel: discord.abc.GuildChannel | discord.Thread, library: Library | None = None
    ) -> list[str] | None:
        """The documents allowed in `channel` (a daily post's, say)."""
        allowed = self.documents(
            guild_id=channel.guild.id,
            channel_id=channel.id,
            parent_id=getattr(channel, "parent_id", None),
        )
        return self.present(allowed, library)

    def present(self, allowed: list[str] | None, library: Library | None) -> list[str] | None:
        """`allowed` less the ids `library` lacks: a list may name a document the corpus
        does not have (a typo, or one removed by a reload), which must neither widen the
        list nor break a random draw."""
        if allowed is None or library is None:
            return allowed
        known = self._known.get(library)
        if known is None:
            known = frozenset(doc.id for doc in library.documents)
            self._known[library] = known
        return [d for d in allowed if d in known]

    def names(self) -> set[str]:
        """Every document id any reading list names (to warn about ids the corpus lacks)."""
        return {d for ids in (*self._channels.values(), *self._guilds.values()) for d in ids}


def _extend(target: list[str], ids: list[str]) -> None:
    target.extend(d for d in ids if d not in target)
