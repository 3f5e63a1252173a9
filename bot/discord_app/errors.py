"""One error handler for the command tree, buttons and selects.

Every failure gets one short private answer, as a response or, when the interaction was
already acknowledged, as a follow-up: a cooldown says when to try again, a missing
permission says which, a failed check says why, and anything unexpected is logged with its
traceback while the user gets an apology. Never silence, never a traceback to the user.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.discord_app import respond
from bot.discord_app.convert import Outcome
from bot.rendering import excerpts
from bot.rendering.message import Message

log = logging.getLogger(__name__)


class Refusal(app_commands.CheckFailure):
    """A check that failed with an answer of its own (e.g. not a corpus manager)."""

    def __init__(self, message: Message) -> None:
        super().__init__("refused")
        self.message = message


def describe(error: BaseException) -> tuple[Message, Outcome]:
    """The answer and the logged outcome for an error raised while handling an interaction."""
    if isinstance(error, app_commands.CommandOnCooldown):
        return excerpts.cooldown(error.retry_after), Outcome.COOLDOWN
    if isinstance(error, Refusal):
        return error.message, Outcome.REFUSED
    if isinstance(error, app_commands.NoPrivateMessage):
        return excerpts.not_in_dms("This command"), Outcome.REFUSED
    if isinstance(error, app_commands.MissingPermissions):
        member = [(p,) for p in error.missing_permissions]
        return excerpts.missing_permissions("do that", member=member), Outcome.REFUSED
    if isinstance(error, app_commands.BotMissingPermissions):
        bot = [(p,) for p in error.missing_permissions]
        return excerpts.missing_permissions("do that", bot=bot), Outcome.REFUSED
    if isinstance(error, app_commands.CheckFailure):
        return excerpts.notice("You can't use this here.", error=True), Outcome.REFUSED
    if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        return excerpts.command_unavailable(), Outcome.REFUSED
    return excerpts.apology(), Outcome.ERROR


async def handle(interaction: discord.Interaction, error: BaseException) -> None:
    """Answer `error` once, privately, and log it (with a traceback when unexpected)."""
    message, outcome = describe(error)
    name = respond.name_of(interaction)
    if outcome is Outcome.ERROR:
        original = getattr(error, "original", None) or error
        log.error(
            "unexpected error in %s (user %s)",
            name,
            interaction.user.id if interaction.user else "?",
            exc_info=(type(original), original, original.__traceback__),
        )
    elif isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        log.warning("%s: %s (commands may need a sync)", name, error)
    try:
        await respond.send(interaction, message, ephemeral=True)
    except discord.HTTPException as exc:
        # The token expired or the interaction vanished: nothing more can reach the user.
        log.warning("could not tell the user about an error in %s: %s", name, exc)
    respond.finish(interaction, outcome)


async def on_tree_error(
    interaction: discord.Interaction, error: app_commands.AppCommandError
) -> None:
    await handle(interaction, error)
