"""One error handler for the command tree, buttons and selects.

Every failure gets one short private answer, as a response or, when the interaction was
already acknowledged, as a follow-up: a cooldown says when to try again, a missing
permission says which, a failed check says why, and anything unexpected is logged with its
traceback while the user gets an apology. Never silence, never a traceback to the user.

One failure has nobody left to answer: an interaction that expired (Discord's 3 seconds were
over before the first answer reached it, 10062 Unknown interaction: a gateway outage held it
back, or Discord was slow). That is Discord's timing, not a bug of the bot: it is logged as a
warning, counted as `expired`, and not answered again (a second try would be refused too).
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


UNKNOWN_INTERACTION = 10062


def expired(error: BaseException) -> bool:
    """The interaction's token died before its first answer reached Discord."""
    original = getattr(error, "original", None) or error
    return isinstance(original, discord.NotFound) and original.code == UNKNOWN_INTERACTION


class ExpiredAutocomplete(logging.Filter):
    """discord.py answers autocomplete itself and logs a failed answer at ERROR with a
    traceback; when the interaction had expired, that is Discord's timing (the member typed
    on, or the answer was late): this filter makes it a one-line warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        info = record.exc_info
        if record.levelno >= logging.ERROR and info and info[1] is not None and expired(info[1]):
            record.levelno, record.levelname = (
                logging.WARNING,
                logging.getLevelName(logging.WARNING),
            )
            record.msg = "expired before the answer reached Discord (10062): " + str(record.msg)
            record.exc_info, record.exc_text = None, None
        return True


EXPIRED_AUTOCOMPLETE = ExpiredAutocomplete()


def quiet_expired_autocompletes() -> None:
    """Install `ExpiredAutocomplete` on discord.py's command tree logger (once)."""
    tree_log = logging.getLogger("discord.app_commands.tree")
    if EXPIRED_AUTOCOMPLETE not in tree_log.filters:
        tree_log.addFilter(EXPIRED_AUTOCOMPLETE)


async def handle(interaction: discord.Interaction, error: BaseException) -> None:
    """Answer `error` once, privately, and log it (with a traceback when unexpected)."""
    name = respond.name_of(interaction)
    if expired(error) and not interaction.response.is_done():
        age = (discord.utils.utcnow() - interaction.created_at).total_seconds()
        log.warning(
            "%s (user %s): the interaction expired before the answer reached Discord "
            "(%.1f s after it was created); the member saw no answer",
            name,
            interaction.user.id if interaction.user else "?",
            age,
        )
        respond.finish(interaction, Outcome.EXPIRED)
        return
    message, outcome = describe(error)
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
