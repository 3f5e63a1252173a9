"""Answering an interaction exactly once, and logging one line per command or button.

`send` acknowledges with the first answer or, when the interaction was already acknowledged
(deferred, or answered before an error), sends a follow-up: never a second acknowledgement.
`finish` writes the INFO line: user id, command, outcome, latency; it runs once per
interaction however the handling ended, and is also where the Prometheus metrics count
commands (see `metrics`): one place, so the log and the metrics always agree.

Every first response (`send`, `update`, `defer`) goes through `_acknowledging`, which
stamps when it began and when Discord took it: the time before it is the engine's work
(and rendering), the time to the end of it is what the member waits for.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import discord

from bot.discord_app import convert
from bot.discord_app.convert import Outcome
from bot.rendering.message import Message

if TYPE_CHECKING:
    from bot.discord_app.metrics import Metrics

log = logging.getLogger("bot.discord_app.activity")

STARTED = "excerpt_started"
NAME = "excerpt_name"
OUTCOME = "excerpt_outcome"
LOGGED = "excerpt_logged"
ANSWERING = "excerpt_answering"
ANSWERED = "excerpt_answered"


def start(interaction: discord.Interaction, name: str | None = None) -> None:
    """Stamp the moment handling began (latency is measured from here) and its name."""
    interaction.extras.setdefault(STARTED, time.perf_counter())
    if name is not None:
        interaction.extras[NAME] = name


@contextmanager
def _acknowledging(interaction: discord.Interaction) -> Iterator[None]:
    """Stamp when the first response began and, if Discord took it, when it ended."""
    interaction.extras.setdefault(ANSWERING, time.perf_counter())
    yield
    interaction.extras.setdefault(ANSWERED, time.perf_counter())


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
    with _acknowledging(interaction):
        await interaction.response.send_message(**kwargs, ephemeral=private)
    return None


async def defer(interaction: discord.Interaction, *, ephemeral: bool) -> None:
    """Acknowledge now and answer later (with `send`), for work that may pass 3 seconds."""
    with _acknowledging(interaction):
        await interaction.response.defer(ephemeral=ephemeral, thinking=True)


async def update(interaction: discord.Interaction, message: Message) -> None:
    """Replace the message the component sits on (response type 7)."""
    interaction.extras[OUTCOME] = convert.outcome(message)
    with _acknowledging(interaction):
        await interaction.response.edit_message(**convert.edit_kwargs(message))


async def answer(
    interaction: discord.Interaction, message: Message, *, ephemeral: bool | None = None
) -> None:
    """Send the answer, then log the interaction's one line."""
    await send(interaction, message, ephemeral=ephemeral)
    finish(interaction)


def finish(interaction: discord.Interaction, outcome: Outcome | None = None) -> None:
    """Log the interaction's one INFO line and count it in the metrics (only the first
    call does)."""
    extras = interaction.extras
    if extras.get(LOGGED):
        return
    extras[LOGGED] = True
    if outcome is None:
        outcome = extras.get(OUTCOME, Outcome.OK)
    finished = time.perf_counter()
    started = extras.get(STARTED)
    latency = (finished - started) * 1000 if started is not None else -1.0
    # Without a stamped acknowledgement (it failed, or nothing was sent), the engine's work
    # and the first response both last to the end of the handling.
    engine = extras.get(ANSWERING, finished) - started if started is not None else None
    first_response = extras.get(ANSWERED, finished) - started if started is not None else None
    name = name_of(interaction)
    result = outcome.value if isinstance(outcome, Outcome) else str(outcome)
    log.info(
        "user=%s guild=%s command=%s outcome=%s latency_ms=%.1f%s",
        interaction.user.id if interaction.user else "?",
        interaction.guild_id or "dm",
        name,
        result,
        latency,
        f" engine_ms={engine * 1000:.1f}" if engine is not None else "",
    )
    metrics = metrics_of(interaction)
    if metrics is not None:
        metrics.command(name, result, engine_seconds=engine, response_seconds=first_response)


def metrics_of(interaction: discord.Interaction) -> Metrics | None:
    """The metrics of the bot handling `interaction`, None when metrics are off."""
    state = getattr(interaction.client, "state", None)
    return getattr(state, "metrics", None)
