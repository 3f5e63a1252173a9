"""The message menu command **Find source**: which passage does this message quote?"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import discord
from discord import app_commands

from bot.config import Settings
from bot.discord_app import respond
from bot.discord_app.commands import scope
from bot.discord_app.convert import Outcome, outcome
from bot.discord_app.state import state_of
from bot.rendering import answers

MAX_TEXT = 4000
"""Enough of a message to recognise a passage; longer text only slows the matching."""


def message_text(message: discord.Message) -> str:
    """The message's content, or its embeds' descriptions when it has no content."""
    if message.content and message.content.strip():
        return message.content[:MAX_TEXT]
    parts = [embed.description for embed in message.embeds if embed.description]
    return "\n\n".join(parts)[:MAX_TEXT]


def find_source_menu(
    settings: Settings, cooldown: Callable[[Any], Any]
) -> app_commands.ContextMenu:
    public_default = settings.commands.find_source_public

    @app_commands.context_menu(name="Find source")
    @cooldown
    async def find_source(interaction: discord.Interaction, message: discord.Message) -> None:
        state = state_of(interaction)
        with state.latency.timing():
            answer = answers.find_source(
                state.library, message_text(message), documents=scope(interaction)
            )
        # Private unless the config says otherwise; "nothing found" always stays private.
        public = public_default and outcome(answer) is Outcome.OK
        await respond.answer(interaction, answer, ephemeral=not public)

    return find_source
