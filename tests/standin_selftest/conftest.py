"""Fixtures for the stand-in's own tests: a stand-in, a guild, the sample bot, members."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from discord.ext import commands

from tests.standin import MEMBER_DEFAULT, FakeDiscord, Guild, Member, Perm, running_bot
from tests.standin.fixtures import fake_discord, pytest_configure
from tests.standin_selftest.sample_bot import Probe, make_bot

__all__ = ["alice", "bot", "fake_discord", "guild", "moderator", "probe", "pytest_configure"]


@pytest.fixture
def guild(fake_discord: FakeDiscord) -> Guild:
    return fake_discord.add_guild("Study Group", channels=["general", "quotes"])


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture
async def bot(fake_discord: FakeDiscord, guild: Guild, probe: Probe) -> AsyncIterator[commands.Bot]:
    async with running_bot(make_bot(probe), fake_discord) as running:
        await running.tree.sync()
        yield running


@pytest.fixture
def alice(fake_discord: FakeDiscord, guild: Guild) -> Member:
    return fake_discord.member(guild, "alice")


@pytest.fixture
def moderator(fake_discord: FakeDiscord, guild: Guild) -> Member:
    return fake_discord.member(guild, "mod", permissions=MEMBER_DEFAULT | Perm.PIN_MESSAGES)
