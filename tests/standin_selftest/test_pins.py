"""Pins through discord.py (new routes), the legacy routes, paging, the 250 limit."""

from __future__ import annotations

import discord
import pytest
from discord.ext import commands

from tests.standin import BOT_DEFAULT, FakeDiscord, Kind, Member, Perm, running_bot, wait_until
from tests.standin.world import MAX_PINS
from tests.standin_selftest.rawhttp import raw_http
from tests.standin_selftest.sample_bot import Probe, make_bot


def text_channel(bot: commands.Bot, member: Member) -> discord.TextChannel:
    channel = bot.get_channel(member.channel.id)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def test_pin_list_unpin(fake_discord: FakeDiscord, bot: commands.Bot, alice: Member) -> None:
    channel = text_channel(bot, alice)
    note = await channel.send("remember this")
    await note.pin()
    pinned = [message async for message in channel.pins()]
    assert [m.id for m in pinned] == [note.id]
    assert pinned[0].pinned_at is not None
    assert fake_discord.message(note.id).pinned
    await note.unpin()
    assert [message async for message in channel.pins()] == []


async def test_pins_page_newest_first(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member
) -> None:
    posted = [alice.post(f"quote {n}") for n in range(60)]
    for message in posted:
        fake_discord.world.pin(alice.channel, message.id)
    pinned = [message.id async for message in text_channel(bot, alice).pins(limit=None)]
    assert pinned == [message.id for message in reversed(posted)]
    pages = fake_discord.requests_matching("GET /channels/*/messages/pins")
    assert [page.query["limit"] for page in pages] == ["50", "50"]
    assert "before" not in pages[0].query and "before" in pages[1].query


async def test_pin_limit_is_250(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member
) -> None:
    for n in range(MAX_PINS):
        fake_discord.world.pin(alice.channel, alice.post(f"quote {n}").id)
    one_more = await text_channel(bot, alice).send("one too many")
    with pytest.raises(discord.HTTPException) as refused:
        await one_more.pin()
    assert (refused.value.status, refused.value.code) == (400, 30003)
    assert not fake_discord.message(one_more.id).pinned


async def test_pinning_needs_the_bots_permission(fake_discord: FakeDiscord) -> None:
    guild = fake_discord.add_guild("No pins", bot_permissions=BOT_DEFAULT & ~Perm.PIN_MESSAGES)
    async with running_bot(make_bot(Probe()), fake_discord) as bot:
        channel = bot.get_channel(guild.text_channels[0].id)
        assert isinstance(channel, discord.TextChannel)
        note = await channel.send("try to pin me")
        with pytest.raises(discord.Forbidden):
            await note.pin()


async def test_legacy_pin_routes(fake_discord: FakeDiscord, alice: Member) -> None:
    message = alice.post("old school")
    base = f"/api/v10/channels/{alice.channel.id}/pins"
    async with raw_http(fake_discord) as http:
        async with http.put(f"{base}/{message.id}") as response:
            assert response.status == 204
        async with http.get(base) as response:
            assert [m["id"] for m in await response.json()] == [str(message.id)]
        async with http.delete(f"{base}/{message.id}") as response:
            assert response.status == 204
        async with http.get(base) as response:
            assert await response.json() == []


async def test_pins_page_limit_is_checked(fake_discord: FakeDiscord, alice: Member) -> None:
    url = f"/api/v10/channels/{alice.channel.id}/messages/pins?limit=51"
    async with raw_http(fake_discord) as http, http.get(url) as response:
        answer = await response.json()
    assert (response.status, answer["code"]) == (400, 50035)
    assert "limit" in answer["errors"]
    [violation] = fake_discord.violations.take(Kind.INVALID_FORM_BODY)
    assert violation.route == f"GET /channels/{alice.channel.id}/messages/pins"


async def test_pins_update_events_reach_the_bot(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member
) -> None:
    """Pinning through the API or by hand sends CHANNEL_PINS_UPDATE, as Discord does."""
    seen: list[tuple[int, object]] = []

    async def on_guild_channel_pins_update(channel: object, last_pin: object) -> None:
        seen.append((getattr(channel, "id", 0), last_pin))

    bot.add_listener(on_guild_channel_pins_update)
    note = await text_channel(bot, alice).send("remember this")
    await note.pin()
    by_hand = alice.post("and this")
    await fake_discord.pin(by_hand)
    await fake_discord.unpin(by_hand)
    await note.unpin()
    await wait_until(lambda: len(seen) == 4, what=lambda: f"4 pin events, got {seen}")
    assert [channel for channel, _ in seen] == [alice.channel.id] * 4
    assert [last is None for _, last in seen] == [False, False, False, True]
