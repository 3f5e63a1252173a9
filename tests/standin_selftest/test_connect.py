"""Logging in, READY and GUILD_CREATE, sharding, and the gateway surviving a drop."""

from __future__ import annotations

import discord
import pytest
from discord.ext import commands

from tests.standin import FakeDiscord, Guild, Kind, Member, running_bot
from tests.standin.ids import shard_of
from tests.standin_selftest.sample_bot import Probe, make_bot, make_sharded_bot


async def test_login_ready_and_guilds(fake_discord: FakeDiscord, guild: Guild) -> None:
    async with running_bot(make_bot(Probe()), fake_discord) as bot:
        assert bot.user is not None and bot.user.id == fake_discord.bot_user.id
        assert bot.application_id == fake_discord.application_id
        seen = bot.get_guild(guild.id)
        assert seen is not None and not seen.unavailable
        assert [c.name for c in seen.text_channels] == ["general", "quotes"]
        assert seen.me is not None
        assert seen.me.guild_permissions.pin_messages
        assert fake_discord.gateway.identifies == [(0, 1)]


async def test_wrong_token_is_refused(fake_discord: FakeDiscord) -> None:
    bot = make_bot(Probe())
    with pytest.raises(discord.LoginFailure):
        await bot.login("not-the-token")
    await bot.close()
    [violation] = fake_discord.violations.take(Kind.UNAUTHORIZED)
    assert violation.route == "GET /users/@me"


@pytest.mark.standin(shard_count=2)
async def test_auto_sharded_bot_gets_each_guild_on_its_shard(fake_discord: FakeDiscord) -> None:
    first = fake_discord.add_guild("Shard Zero", shard=0)
    second = fake_discord.add_guild("Shard One", shard=1)
    assert (shard_of(first.id, 2), shard_of(second.id, 2)) == (0, 1)
    bot = make_sharded_bot(Probe())
    async with running_bot(bot, fake_discord):
        assert sorted(fake_discord.gateway.identifies) == [(0, 2), (1, 2)]
        assert bot.shard_count == 2
        assert {g.id: g.shard_id for g in bot.guilds} == {first.id: 0, second.id: 1}
        await bot.tree.sync()
        reply = await fake_discord.member(second, "bea").slash("echo", text="over shard one")
        assert reply.content == "over shard one"


async def test_bot_resumes_after_the_gateway_drops(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member
) -> None:
    assert await fake_discord.gateway.drop() == 1
    await fake_discord.gateway.wait_resumed()
    [resume] = fake_discord.gateway.resumes
    assert resume.path == "/resume"
    assert fake_discord.gateway.identifies == [(0, 1)]
    reply = await alice.slash("echo", text="still here")
    assert reply.content == "still here"
