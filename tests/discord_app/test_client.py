"""The bot object: intents, dynamic items, command sync at startup."""

from __future__ import annotations

import logging

import discord
import pytest

from bot.discord_app import buttons
from bot.discord_app.client import create_bot
from bot.engine.library import Library
from bot.rendering import custom_ids as ids
from tests.discord_app.conftest import MakeHarness, default_settings
from tests.discord_app.fake_discord import APP_ID, FakeDiscord

COMMANDS = {"search", "topic", "random", "cite", "documents", "help", "corpus", "Find source"}


def test_no_privileged_intents_and_no_mentions(bundled: Library) -> None:
    bot = create_bot(default_settings(), bundled)
    assert bot.intents.value == discord.Intents.default().value
    assert not bot.intents.message_content and not bot.intents.members
    assert not bot.intents.presences
    assert bot.allowed_mentions is not None
    assert bot.allowed_mentions.to_dict() == {"parse": []}
    assert {c.name for c in bot.tree.get_commands()} == COMMANDS


def test_shards_from_settings_and_options(bundled: Library) -> None:
    settings = default_settings(discord={"shard_count": 4, "shard_ids": [1, 3]})
    bot = create_bot(settings, bundled)
    assert bot.shard_count == 4 and bot.shard_ids == [1, 3]
    bot = create_bot(settings, bundled, shard_count=2, shard_ids=[0])
    assert bot.shard_count == 2 and bot.shard_ids == [0]


def test_options_reach_discord_py(bundled: Library) -> None:
    bot = create_bot(default_settings(), bundled, guild_ready_timeout=0.1)
    assert bot._connection.guild_ready_timeout == 0.1


def test_every_custom_id_format_has_a_dynamic_item() -> None:
    templates = {t.pattern for t in buttons.TEMPLATES}
    assert templates == {p.pattern for p in ids.PATTERNS.values()}
    assert set(buttons.HANDLERS) == set(ids.PATTERNS)


def test_reading_list_naming_a_missing_document_is_warned(
    bundled: Library, caplog: pytest.LogCaptureFixture
) -> None:
    settings = default_settings(reading_lists=[{"guild": 1, "documents": ["nope", "interests"]}])
    create_bot(settings, bundled)
    assert "'nope'" in caplog.text
    assert "'interests'" not in caplog.text


async def test_setup_hook_registers_the_dynamic_items(harness_factory: MakeHarness) -> None:
    harness = await harness_factory()
    registered = set(harness.bot._connection._view_store._dynamic_items.values())
    assert registered == set(buttons.DYNAMIC_ITEMS)


async def test_syncs_to_each_configured_guild(
    harness_factory: MakeHarness, fake: FakeDiscord
) -> None:
    settings = default_settings(discord={"sync_commands": True, "guild_ids": [11, 22]})
    await harness_factory(settings)
    puts = [r for r in fake.requests if r.method == "PUT"]
    assert [r.path for r in puts] == [
        f"/applications/{APP_ID}/guilds/11/commands",
        f"/applications/{APP_ID}/guilds/22/commands",
    ]
    for put in puts:
        names = {c["name"] for c in put.payload}
        assert names == COMMANDS
        for command in put.payload:
            assert len(command["name"]) <= 32
            assert len(command.get("description", "")) <= 100
            for option in command.get("options", []):
                assert len(option["description"]) <= 100


async def test_syncs_globally_without_guild_ids(
    harness_factory: MakeHarness, fake: FakeDiscord
) -> None:
    await harness_factory(default_settings(discord={"sync_commands": True}))
    puts = [r.path for r in fake.requests if r.method == "PUT"]
    assert puts == [f"/applications/{APP_ID}/commands"]


@pytest.mark.logs_errors
async def test_a_failed_sync_is_logged_and_the_bot_runs_on(
    harness_factory: MakeHarness, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail("PUT", r"/commands$", 400, 50035, "Invalid Form Body")
    harness = await harness_factory(default_settings(discord={"sync_commands": True}))
    assert any(
        r.levelno == logging.ERROR and "syncing commands globally failed" in r.getMessage()
        for r in caplog.records
    )
    assert harness.bot.user is not None


async def test_no_sync_when_disabled(harness_factory: MakeHarness, fake: FakeDiscord) -> None:
    await harness_factory()
    assert not [r for r in fake.requests if r.method == "PUT"]
