"""Channel routes through discord.py: edit, delete, threads, files, lookups; bad requests."""

from __future__ import annotations

import io

import discord
import pytest
from discord.ext import commands

from tests.standin import FakeDiscord, Guild, Kind, Member, Perm
from tests.standin_selftest.rawhttp import raw_http


def text_channel(bot: commands.Bot, member: Member) -> discord.TextChannel:
    channel = bot.get_channel(member.channel.id)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def test_edit_and_delete_own_messages(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member
) -> None:
    sent = await text_channel(bot, alice).send("draft")
    edited = await sent.edit(content="final")
    assert edited.content == "final" and edited.edited_at is not None
    assert fake_discord.message(sent.id).content == "final"
    await sent.delete()
    assert fake_discord.message(sent.id).deleted
    assert fake_discord.channel_messages(alice.channel) == []


async def test_cannot_edit_someone_elses_message(bot: commands.Bot, alice: Member) -> None:
    theirs = alice.post("mine")
    fetched = await text_channel(bot, alice).fetch_message(theirs.id)
    assert fetched.content == "mine" and fetched.author.id == alice.user.id
    with pytest.raises(discord.Forbidden) as refused:
        await fetched.edit(content="hijacked")
    assert refused.value.code == 50005
    assert theirs.content == "mine"


async def test_private_thread_needs_the_permission(
    fake_discord: FakeDiscord, guild: Guild, bot: commands.Bot, alice: Member
) -> None:
    channel = text_channel(bot, alice)
    with pytest.raises(discord.Forbidden):
        await channel.create_thread(name="mods only")
    guild.bot_permissions |= Perm.CREATE_PRIVATE_THREADS
    thread = await channel.create_thread(name="mods only")
    assert thread.type is discord.ChannelType.private_thread
    assert guild.channel("mods only").id == thread.id


async def test_files_become_attachments_and_edits_can_drop_them(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member
) -> None:
    sent = await text_channel(bot, alice).send(
        "with file", file=discord.File(io.BytesIO(b"hello"), filename="note.txt")
    )
    [attachment] = sent.attachments
    assert (attachment.filename, attachment.size) == ("note.txt", 5)
    await sent.edit(attachments=[])
    assert fake_discord.message(sent.id).payload["attachments"] == []


async def test_fetching_channels_and_guilds(bot: commands.Bot, guild: Guild, alice: Member) -> None:
    channel = await bot.fetch_channel(alice.channel.id)
    assert isinstance(channel, discord.TextChannel) and channel.name == "general"
    fetched = await bot.fetch_guild(guild.id)
    assert fetched.name == "Study Group"
    with pytest.raises(discord.NotFound) as missing:
        await bot.fetch_channel(1)
    assert missing.value.code == 10003


async def test_thread_type_must_be_a_thread(fake_discord: FakeDiscord, alice: Member) -> None:
    url = f"/api/v10/channels/{alice.channel.id}/threads"
    async with raw_http(fake_discord) as http, http.post(url, json={"name": "x", "type": 0}) as r:
        assert (r.status, (await r.json())["code"]) == (400, 50035)
    [violation] = fake_discord.violations.take(Kind.INVALID_FORM_BODY)
    assert "type: Not a thread type." in violation.reason


async def test_invalid_json_is_refused(fake_discord: FakeDiscord, alice: Member) -> None:
    url = f"/api/v10/channels/{alice.channel.id}/messages"
    headers = {"Content-Type": "application/json"}
    async with raw_http(fake_discord) as http, http.post(url, data=b"{oops", headers=headers) as r:
        assert (r.status, (await r.json())["code"]) == (400, 50109)
    [violation] = fake_discord.violations.take(Kind.INVALID_FORM_BODY)
    assert "invalid JSON" in violation.reason
