"""The bot class and `create_bot(settings, library)`, the one way to build it.

`create_bot` takes no URL and no token: `run_bot` starts the result against Discord, and a
test can start it against a local stand-in (extra keyword arguments reach discord.py, e.g.
`guild_ready_timeout`).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.config import Settings
from bot.discord_app import buttons, errors, respond
from bot.discord_app.commands import per_member_cooldown, slash_commands
from bot.discord_app.context_menu import find_source_menu
from bot.discord_app.corpus_admin import corpus_group
from bot.discord_app.daily import Clock, DailyPoster, check_entries
from bot.discord_app.metrics import Metrics, command_names
from bot.discord_app.state import BotState
from bot.discord_app.store import StateStore
from bot.discord_app.watch import CorpusWatcher
from bot.engine.library import Library

log = logging.getLogger(__name__)

HANDLING = ("CommandTree-invoker", "discord-ui-dynamic-item-", "discord.py: on_interaction")
"""Names discord.py gives the tasks that handle an interaction (commands and autocomplete,
DynamicItem buttons and selects, the bot's own `on_interaction`)."""
DRAIN_SECONDS = 2.0


class ExcerptTree(app_commands.CommandTree):
    """The command tree: stamps each interaction's start, and one handler for all errors."""

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        respond.start(interaction)
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        await errors.on_tree_error(interaction, error)


class ExcerptBot(commands.AutoShardedBot):
    """Slash commands, the Find source menu, buttons that survive restarts. No prefix
    commands: without the message content intent there is nothing to parse."""

    def __init__(
        self, settings: Settings, library: Library, *, clock: Clock | None = None, **options: Any
    ) -> None:
        discord_settings = settings.discord
        options.setdefault("shard_count", discord_settings.shard_count)
        options.setdefault("shard_ids", discord_settings.shard_ids)
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            tree_cls=ExcerptTree,
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            allowed_contexts=app_commands.AppCommandContext(
                guild=True, dm_channel=True, private_channel=False
            ),
            allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
            **options,
        )
        self.state = BotState(settings, library)
        errors.quiet_expired_autocompletes()
        cooldown = per_member_cooldown(settings)
        for command in slash_commands(settings, cooldown):
            self.tree.add_command(command)
        self.tree.add_command(find_source_menu(settings, cooldown))
        self.tree.add_command(corpus_group(cooldown))
        if settings.metrics.port is not None:
            self.state.metrics = Metrics(self)
            self.state.metrics.known_commands = command_names(self)
        self.daily = DailyPoster(self, clock)
        """The `daily:` posts; `clock` (the system's by default) lets tests move time."""
        self.watcher: CorpusWatcher | None = None

    @property
    def settings(self) -> Settings:
        return self.state.settings

    async def setup_hook(self) -> None:
        self.add_dynamic_items(*buttons.DYNAMIC_ITEMS)
        metrics = self.state.metrics
        if metrics is not None and self.settings.metrics.port is not None:
            metrics.start(self.settings.metrics.address, self.settings.metrics.port)
        if self.settings.discord.sync_commands:
            await self.sync_commands()
        self.daily.start()  # waits until the bot is ready
        if self.settings.corpus.watch:
            store = self.state.store.path
            ignore = [p for p in (self.settings.corpus.cache_dir, store and store.parent) if p]
            self.watcher = CorpusWatcher(self.state, ignore=ignore)
            self.watcher.start()

    async def close(self) -> None:
        """Stop the daily posts and the corpus watcher, let the answers being sent finish,
        disconnect, then stop the metrics exporter (its port is free again after)."""
        await self.daily.stop()
        if self.watcher is not None:
            await self.watcher.stop()
        await self.drain()
        try:
            await super().close()
        finally:
            if self.state.metrics is not None:
                self.state.metrics.stop()

    async def drain(self, timeout: float = DRAIN_SECONDS) -> None:
        """Wait (at most `timeout`) for the interactions being handled: closing the HTTP
        session under them would lose answers half sent (a restart under traffic)."""
        current = asyncio.current_task()
        handling = [
            task
            for task in asyncio.all_tasks()
            if task is not current and not task.done() and task.get_name().startswith(HANDLING)
        ]
        if not handling:
            return
        log.info("closing: finishing %d interaction(s) first", len(handling))
        _, left = await asyncio.wait(handling, timeout=timeout)
        if left:
            log.warning(
                "closing: %d interaction(s) still unanswered after %.0f s", len(left), timeout
            )

    async def sync_commands(self) -> None:
        """To each configured guild (instant, for development), else globally.

        A failed sync is logged and the bot keeps running: the commands Discord already
        has keep working, and buttons never depend on the sync.
        """
        guild_ids = self.settings.discord.guild_ids
        targets: list[discord.Object | None] = (
            [discord.Object(id=gid) for gid in guild_ids] if guild_ids else [None]
        )
        for guild in targets:
            where = f"guild {guild.id}" if guild is not None else "globally"
            try:
                if guild is not None:
                    self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
            except (discord.HTTPException, app_commands.CommandSyncFailure) as exc:
                log.error("syncing commands %s failed: %s", where, exc)
                continue
            log.info("synced %d commands %s", len(synced), where)

    async def on_message(self, message: discord.Message, /) -> None:
        """Ignore messages: the bot answers slash commands, menus and buttons only."""

    async def on_interaction(self, interaction: discord.Interaction, /) -> None:
        """Refuse a component no DynamicItem template takes (discord.py would drop it
        and the member would see "This interaction failed")."""
        if interaction.type is not discord.InteractionType.component:
            return
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = str(data.get("custom_id", ""))
        if not buttons.is_dynamic(custom_id):
            await buttons.handle(interaction, custom_id)

    async def on_guild_channel_pins_update(
        self, channel: discord.abc.GuildChannel | discord.Thread, last_pin: Any, /
    ) -> None:
        """A pin came or went in a channel (the 📌 button, or a moderator's own pin): the
        channel may hold pinned excerpts to check after a reload (see `pins`)."""
        if last_pin is not None:
            self.state.store.track_pins(channel.guild.id, channel.id)

    async def on_ready(self) -> None:
        library = self.state.library
        log.info(
            "ready as %s (%s): %d guilds, shards %s, %d documents, %d passages",
            self.user,
            self.user.id if self.user else "?",
            len(self.guilds),
            self.shard_ids if self.shard_ids is not None else f"auto ({self.shard_count})",
            len(library.documents),
            len(library.corpus),
        )


def create_bot(
    settings: Settings, library: Library, *, state_file: Path | None = None, **options: Any
) -> ExcerptBot:
    """The bot for `settings` serving `library`; `options` go to discord.py's client
    (`clock` to the daily posts). What it did is remembered in `state_file` (see `store`;
    None: in memory only)."""
    bot = ExcerptBot(settings, library, **options)
    bot.state.store = StateStore.load(state_file)
    known = {doc.id for doc in library.documents}
    for name in sorted(bot.state.reading_lists.names() - known):
        log.warning("reading_lists names document %r, which the corpus does not have", name)
    for problem in check_entries(settings.daily, library, bot.state.reading_lists):
        log.warning("%s", problem)
    return bot
