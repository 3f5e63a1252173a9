"""`/corpus reload` and `/corpus stats`, for server managers and the bot's owners.

A reload reads the folder in a worker thread while the old library keeps answering, then
swaps the new one in whole, and only when it loaded passages: a vanished folder or a folder
with nothing readable leaves the old corpus serving, and the answer says why. One reload at a
time; a second one meanwhile is told so.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import discord
from discord import app_commands

from bot.discord_app import pins, respond
from bot.discord_app.convert import Outcome
from bot.discord_app.errors import Refusal
from bot.discord_app.state import BotState, state_of
from bot.engine.diff import diff_corpora
from bot.engine.library import Library
from bot.rendering import excerpts, limits
from bot.rendering.limits import size
from bot.rendering.message import Message

log = logging.getLogger(__name__)


def is_owner(interaction: discord.Interaction) -> bool:
    """A configured owner, or the application's owner (or a team admin or developer)."""
    user_id = interaction.user.id
    if user_id in state_of(interaction).settings.discord.owner_ids:
        return True
    application = getattr(interaction.client, "application", None)
    if application is None:
        return False
    if application.team is not None:
        return any(
            member.id == user_id
            and member.role in (discord.TeamMemberRole.admin, discord.TeamMemberRole.developer)
            for member in application.team.members
        )
    return application.owner is not None and application.owner.id == user_id


async def corpus_manager(interaction: discord.Interaction) -> bool:
    """Runtime check behind `default_permissions`: server managers here, or an owner."""
    if interaction.guild_id is not None and interaction.permissions.manage_guild:
        return True
    if is_owner(interaction):
        return True
    raise Refusal(excerpts.not_allowed("reload the corpus or see its figures"))


async def reload_library(state: BotState) -> tuple[Message, bool]:
    """Load the configured folder again and swap it in if it has passages.

    Returns the report and whether the new library now serves.
    """
    path = state.settings.corpus.path
    old = state.library
    started = time.perf_counter()
    try:
        new = await asyncio.to_thread(Library.load, path, cache_dir=state.settings.corpus.cache_dir)
    except Exception as exc:
        log.exception("reloading the corpus from %s failed", path)
        _count_reload(state, "failed")
        why = str(exc) or type(exc).__name__  # a MemoryError says nothing about itself
        return excerpts.reload_failed(f"Reading the corpus failed: {why}"), False
    seconds = time.perf_counter() - started
    problems = new.corpus.problems
    for problem in problems:
        log.warning("corpus: %s", problem)
    if len(new.corpus) == 0:
        reason = (
            "The corpus folder is gone."
            if not path.is_dir()
            else "No passage could be read from the corpus folder."
        )
        log.error("reload refused: %s (%s)", reason, path)
        _count_reload(state, "refused")
        return excerpts.reload_failed(reason, problems), False
    diff = await asyncio.to_thread(diff_corpora, old.corpus, new.corpus)
    state.swap(new)
    _count_reload(state, "ok")
    log.info(
        "corpus reloaded from %s: %d passages (+%d ~%d -%d), %d problems, %.2f s",
        path,
        len(new.corpus),
        len(diff.added),
        len(diff.changed),
        len(diff.removed),
        len(problems),
        seconds,
    )
    for name, cids in (("added", diff.added), ("changed", diff.changed), ("removed", diff.removed)):
        if cids:
            shown = ", ".join(cids[: excerpts.ID_SAMPLES])
            more = (
                f" and {len(cids) - excerpts.ID_SAMPLES} more"
                if len(cids) > excerpts.ID_SAMPLES
                else ""
            )
            log.info("corpus reload: %s %s%s", name, shown, more)
    return excerpts.reload_report(diff, new.stats(), problems, seconds), True


async def with_pin_review(
    interaction: discord.Interaction, state: BotState, report: Message
) -> Message:
    """The reload report plus the pinned excerpts of this server that no longer match the
    corpus (see `pins`), in an embed of its own that fits what the report leaves."""
    me = interaction.client.user
    if interaction.guild_id is None or me is None:
        return report
    # The guild as this process knows it. An interaction from a guild whose GUILD_CREATE has
    # not come (still loading after a start, an outage) has no channels here to read: the
    # report says so, and the tracked channels are kept rather than taken for gone.
    guild = interaction.client.get_guild(interaction.guild_id)
    if guild is None or guild.unavailable:
        review = pins.PinReview(problems=[pins.UNKNOWN_GUILD])
    else:
        also = [interaction.channel_id] if interaction.channel_id is not None else []
        also += [entry.channel for entry in state.settings.daily]
        also = [cid for cid in also if guild.get_channel_or_thread(cid) is not None]
        try:
            review = await pins.review(guild, state.library, state.store, bot_id=me.id, also=also)
        except Exception:
            log.exception("reading the pinned excerpts of server %s failed", guild.id)
            return report
    used = sum(size(text) for embed in report.embeds for text in embed.texts())
    report.embeds.append(
        excerpts.stale_pins_embed(
            review.stale,
            messages=review.messages,
            channels=review.channels,
            problems=review.problems,
            room=limits.EMBED_TOTAL - used - 50,
        )
    )
    if review.stale:
        log.info(
            "server %s: %d pinned excerpt(s) no longer match the corpus",
            interaction.guild_id,
            len(review.stale),
        )
    return report


def _count_reload(state: BotState, outcome: str) -> None:
    if state.metrics is not None:
        state.metrics.reload(outcome)


def corpus_group(cooldown: Callable[[Any], Any]) -> app_commands.Group:
    group = app_commands.Group(
        name="corpus",
        description="Reload the documents from disk or see figures (server managers)",
        default_permissions=discord.Permissions(manage_guild=True),
    )

    @group.command(name="reload", description="Re-read the documents; the old ones serve on error")
    @cooldown
    @app_commands.check(corpus_manager)  # checked first: a refusal costs no cooldown
    async def reload(interaction: discord.Interaction) -> None:
        state = state_of(interaction)
        if state.reload_lock.locked():
            await respond.send(interaction, excerpts.reload_busy(), ephemeral=True)
            respond.finish(interaction, Outcome.REFUSED)
            return
        async with state.reload_lock:
            await respond.defer(interaction, ephemeral=True)
            report, swapped = await reload_library(state)
        if swapped:
            report = await with_pin_review(interaction, state, report)
        await respond.send(interaction, report, ephemeral=True)
        respond.finish(interaction, Outcome.OK if swapped else Outcome.REFUSED)

    @group.command(name="stats", description="Documents, passages, load time, uptime, latency")
    @cooldown
    @app_commands.check(corpus_manager)  # checked first: a refusal costs no cooldown
    async def stats(interaction: discord.Interaction) -> None:
        state = state_of(interaction)
        message = excerpts.stats_message(
            state.library.stats(),
            uptime_seconds=state.uptime(),
            p50_ms=state.latency.percentile(50),
            p99_ms=state.latency.percentile(99),
            samples=len(state.latency),
        )
        await respond.answer(interaction, message, ephemeral=True)

    return group
