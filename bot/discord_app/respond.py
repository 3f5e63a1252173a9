"""Answering an interaction exactly once, and logging one line per command or button.

`send` acknowledges with the first answer or, when the interaction was already acknowledged
(deferred, or answered before an error), sends a follow-up: never a second acknowledgement.
`finish` writes the INFO line: user id, command, outcome, latency; it runs once per
interaction however the handling ended.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import discord

from bot.discord_app import convert
from bot.discord_app.convert import Outcome
from bot.rendering.message import Message

log = logging.getLogger("bot.discord_app.activity")

STARTED = "excerpt_started"
NAME = "excerpt_name"
OUTCOME = "excerpt_outcome"
LOGGED = "excerpt_logged"


def start(interaction: discord.Interaction, name: str | None = None) -> None:
    """Stamp the moment handling began (latency is measured from here) and its name."""
    interaction.extras.setdefault(STARTED, time.perf_counter())
    if name is not None:
        interaction.extras[NAME] = name


def name_of(interaction: discord.Interaction) -> str:
    if NAME in interaction.extras:
        return str(interaction.extras[NAME])
    command = interaction.command
    if command is not None:
        return command.qualified_name
    data: dict[str, Any] = dict(interaction.data or {})
    return str(data.get("name") or data.get("custom_id") or "?")[:60]


async def send(
    interaction: discord.Interaction, message: Message, *, ephemeral: bool | None = None
) -> discord.Message | None:
    """Send `message` as the answer, or as a follow-up when already acknowledged."""
    private = message.ephemeral if ephemeral is None else ephemeral
    kwargs = convert.send_kwargs(message)
    interaction.extras[OUTCOME] = convert.outcome(message)
    if interaction.response.is_done():
        return await interaction.followup.send(**kwargs, ephemeral=private, wait=True)
    await interaction.response.send_message(**kwargs, ephemeral=private)
    return None


async def update(interaction: discord.Interaction, message: Message) -> None:
    """Replace the message the component sits on (response type 7)."""
    interaction.extras[OUTCOME] = convert.outcome(message)
    await interaction.response.edit_message(**convert.edit_kwargs(message))


async def answer(
    interaction: discord.Interaction, message: Message, *, ephemeral: bool | None = None
) -> None:
    """Send the answer, then log the interaction's one line."""
    await send(interaction, message, ephemeral=ephemeral)
    finish(interaction)


def finish(interaction: discord.Interaction, outcome: Outcome | None = None) -> None:
    """Log the interaction's one INFO line (only the first call logs)."""
    if interaction.extras.get(LOGGED):
        return
    interaction.extras[LOGGED] = True
    if outcome is None:
        outcome = interaction.extras.get(OUTCOME, Outcome.OK)
    started = interaction.extras.get(STARTED)
    latency = (time.perf_counter() - started) * 1000 if started is not None else -1.0
    log.info(
        "user=%s guild=%s command=%s outcome=%s latency_ms=%.1f",
        interaction.user.id if interaction.user else "?",
        interaction.guild_id or "dm",
        name_of(interaction),
        outcome.value if isinstance(outcome, Outcome) else outcome,
        latency,
    )
