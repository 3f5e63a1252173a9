"""Command sync: accepted as Discord accepts it, refused as Discord refuses it."""

from __future__ import annotations

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.standin import FakeDiscord, Guild, Kind, running_bot
from tests.standin_selftest.sample_bot import NO_PINGS


def bare_bot() -> commands.Bot:
    return commands.Bot(
        command_prefix="!",
        intents=discord.Intents.default(),
        guild_ready_timeout=0.1,
        allowed_mentions=NO_PINGS,
    )


async def test_sync_stores_commands_with_ids(fake_discord: FakeDiscord, bot: commands.Bot) -> None:
    synced = {command.name: command for command in await bot.tree.fetch_commands()}
    assert {"echo", "corpus", "Find source", "Profile"} <= set(synced)
    assert synced["corpus"].options[0].name == "reload"
    stored = fake_discord.commands.find("echo", 1, None)
    assert stored is not None and int(stored["id"]) == synced["echo"].id
    again = {command.name: command.id for command in await bot.tree.sync()}
    assert again["echo"] == synced["echo"].id


async def test_guild_sync_is_scoped_to_the_guild(fake_discord: FakeDiscord, guild: Guild) -> None:
    bot = bare_bot()

    @bot.tree.command(description="Guild only", guild=discord.Object(guild.id))
    async def local(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("local", ephemeral=True)

    async with running_bot(bot, fake_discord):
        [stored] = await bot.tree.sync(guild=discord.Object(guild.id))
        assert stored.guild_id == guild.id
        assert fake_discord.commands.listing(None) == []
        reply = await fake_discord.member(guild, "gus").slash("local")
        assert reply.content == "local" and reply.ephemeral


async def test_description_over_100_chars_fails_sync(
    fake_discord: FakeDiscord, guild: Guild
) -> None:
    bot = bare_bot()

    @bot.tree.command(description="d" * 101)
    async def wordy(interaction: discord.Interaction) -> None:
        raise AssertionError("never synced, never run")

    async with running_bot(bot, fake_discord):
        with pytest.raises(app_commands.CommandSyncFailure) as failure:
            await bot.tree.sync()
    assert failure.value.code == 50035
    assert "wordy" in str(failure.value)
    [violation] = fake_discord.violations.take(Kind.INVALID_FORM_BODY)
    assert "0.description" in violation.reason


async def test_26_choices_fail_sync(fake_discord: FakeDiscord, guild: Guild) -> None:
    bot = bare_bot()

    @bot.tree.command(description="Too many choices")
    @app_commands.choices(colour=[app_commands.Choice(name=f"c{n}", value=n) for n in range(26)])
    async def paint(interaction: discord.Interaction, colour: int) -> None:
        raise AssertionError("never synced, never run")

    async with running_bot(bot, fake_discord):
        with pytest.raises(app_commands.CommandSyncFailure):
            await bot.tree.sync()
    [violation] = fake_discord.violations.take(Kind.INVALID_FORM_BODY)
    assert "0.options.0.choices: Must be 25 or fewer in length." in violation.reason
    assert fake_discord.commands.listing(None) == []
