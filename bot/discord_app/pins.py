"""Pinned excerpts: where the bot's pins are, and which of them no longer match the corpus.

Every excerpt's embed footer reads `cite: <citation id> · v<text version>`. After a reload, a
pinned excerpt whose id no longer resolves was removed from the corpus, and one whose current
passage has another version was changed: moderators get a list of those, with jump links,
in the `/corpus reload` report.

Which channels to read: those where the bot saw a pin (the 📌 button, and Discord's
channel-pins-update events, which also cover a moderator pinning by hand), kept per server in
the state file, plus the channel where the command ran and the server's daily-post channels.
Only the server where the command ran is read: the report goes to its moderators, and must
not show another server's channels. A channel found to hold none of the bot's pins is
forgotten.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import discord

from bot.discord_app.store import StateStore
from bot.engine.library import Library
from bot.rendering import answers
from bot.rendering.escape import escape_markdown
from bot.rendering.excerpts import StalePin

log = logging.getLogger(__name__)

FOOTER = re.compile(r"^cite: (?P<cid>\S+) · v(?P<version>[0-9a-f]+)")
MAX_CHANNELS = 25
"""Channels read per report at most (each is one to five requests)."""
MAX_PINS = 250
"""Discord's limit of pins per channel."""
CONCURRENCY = 4
TIMEOUT = 60.0
UNKNOWN_GUILD = (  # the review's problem when the guild's channels are not known here
    "Discord has not sent me this server's channels yet, so I could not read its pins; "
    "run the reload again in a few minutes"
)


def citations(message: discord.Message) -> list[tuple[str, str]]:
    """(citation id, text version) of each excerpt embed of `message`, in order."""
    found: list[tuple[str, str]] = []
    for embed in message.embeds:
        match = FOOTER.match(embed.footer.text or "")
        if match:
            found.append((match.group("cid"), match.group("version")))
    return found


def staleness(library: Library, cid: str, version: str) -> bool | None:
    """None: the passage is as it was pinned; True: removed; False: its text changed."""
    passage = answers.resolve_passage(library, cid)
    if passage is None:
        return True
    return None if passage.version == version else False


@dataclass
class PinReview:
    """What reading the pins of one server found."""

    stale: list[StalePin] = field(default_factory=list)
    messages: int = 0
    """Pinned excerpts of the bot examined."""
    channels: int = 0
    """Channels whose pins were read."""
    problems: list[str] = field(default_factory=list)


async def review(
    guild: discord.Guild,
    library: Library,
    store: StateStore,
    *,
    bot_id: int,
    also: Iterable[int] = (),
) -> PinReview:
    """Read the pins of `guild`'s channels that may hold the bot's excerpts (tracked ones and
    `also`) and list those whose passage changed or disappeared. `guild` must be one whose
    channels this process knows (not unavailable), or every tracked channel looks gone."""
    tracked = store.pinned_channels(guild.id)
    wanted = list(dict.fromkeys([*sorted(tracked), *also]))
    result = PinReview()
    channels: list[discord.TextChannel | discord.Thread] = []
    gone: list[int] = []
    for channel_id in wanted:
        channel = guild.get_channel_or_thread(channel_id)
        if isinstance(channel, discord.TextChannel | discord.Thread):
            channels.append(channel)
        elif channel_id in tracked:
            gone.append(channel_id)
    if len(channels) > MAX_CHANNELS:
        result.problems.append(
            f"only {MAX_CHANNELS} of {len(channels)} channels with pins were read"
        )
        channels = channels[:MAX_CHANNELS]
    limit = asyncio.Semaphore(CONCURRENCY)
    found: dict[int, list[discord.Message] | str] = {}

    async def read(channel: discord.TextChannel | discord.Thread) -> None:
        async with limit:
            found[channel.id] = await _bot_pins(channel, bot_id)

    tasks = [asyncio.create_task(read(channel)) for channel in channels]
    if tasks:
        _, pending = await asyncio.wait(tasks, timeout=TIMEOUT)
        for task in pending:
            task.cancel()
        if pending:
            result.problems.append(
                f"reading pins took over {TIMEOUT:.0f} s; {len(pending)} channel(s) not read"
            )
    for channel in channels:
        pins = found.get(channel.id)
        if pins is None:
            continue
        if isinstance(pins, str):
            result.problems.append(f"#{escape_markdown(channel.name)}: {pins}")
            continue
        result.channels += 1
        if not pins and channel.id in tracked:
            gone.append(channel.id)
        for message in pins:
            for cid, version in citations(message):
                result.messages += 1
                removed = staleness(library, cid, version)
                if removed is not None:
                    result.stale.append(StalePin(channel.name, message.jump_url, cid, removed))
    if gone:
        store.untrack_pins(guild.id, gone)
    return result


async def _bot_pins(
    channel: discord.TextChannel | discord.Thread, bot_id: int
) -> list[discord.Message] | str:
    """The bot's pinned messages in `channel`, newest pin first; or why they can't be read."""
    permissions = channel.permissions_for(channel.guild.me)
    if not (permissions.view_channel and permissions.read_message_history):
        return "I need View Channel and Read Message History there to read its pins"
    try:
        return [m async for m in channel.pins(limit=MAX_PINS) if m.author.id == bot_id]
    except discord.Forbidden:
        return "I need View Channel and Read Message History there to read its pins"
    except discord.HTTPException as exc:
        log.warning("reading the pins of channel %s failed: %s", channel.id, exc)
        return f"Discord would not list its pins ({exc.status})"
