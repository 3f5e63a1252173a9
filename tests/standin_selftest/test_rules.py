"""Discord's rules: what the stand-in refuses, what it only logs, and how the bot sees it."""

from __future__ import annotations

import asyncio

import discord
import pytest
from discord.ext import commands

from tests.standin import FakeDiscord, Kind, Member, NoResponse, running_bot, wait_until
from tests.standin_selftest.rawhttp import raw_http
from tests.standin_selftest.sample_bot import Probe, make_bot


async def test_content_over_2000_chars_is_refused(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member, probe: Probe
) -> None:
    reply = await alice.slash("long")
    assert reply.content == "That was too long."
    [violation] = fake_discord.violations.take(Kind.INVALID_FORM_BODY)
    assert "data.content: Must be 2000 or fewer in length." in violation.reason
    [error] = probe.errors
    assert isinstance(error, discord.HTTPException)
    assert (error.status, error.code) == (400, 50035)


async def test_answer_after_three_seconds_is_unknown_interaction(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member, probe: Probe
) -> None:
    reply = await alice.start_slash("slow")
    await asyncio.wait_for(probe.entered.wait(), 5)
    fake_discord.clock.advance(3.5)
    with pytest.raises(NoResponse, match="not answered within 3s"):
        await reply.wait()
    probe.gate.set()
    violation = await fake_discord.violations.wait_for(Kind.UNKNOWN_INTERACTION)
    assert "limit 3s" in violation.reason
    await wait_until(lambda: probe.errors, what="the bot's NotFound")
    [error] = probe.errors
    assert isinstance(error, discord.NotFound) and error.code == 10062


async def test_second_answer_is_already_acknowledged(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member, probe: Probe
) -> None:
    reply = await alice.slash("double")
    assert reply.content == "one"
    violation = await fake_discord.violations.wait_for(Kind.ALREADY_ACKNOWLEDGED)
    assert violation.payload["data"]["content"] == "two"
    await wait_until(lambda: probe.errors, what="the bot's HTTPException")
    [error] = probe.errors
    assert isinstance(error, discord.HTTPException) and error.code == 40060


async def test_everyone_without_allowed_mentions_would_ping(
    fake_discord: FakeDiscord, alice: Member
) -> None:
    fake_discord.require_allowed_mentions = False
    async with running_bot(make_bot(Probe(), allowed_mentions=None), fake_discord) as bot:
        await bot.tree.sync()
        await alice.slash("announce")
    [violation] = fake_discord.violations.take(Kind.WOULD_PING)
    assert violation.route == f"POST /channels/{alice.channel.id}/messages"
    assert "@everyone" in violation.reason


async def test_everyone_with_no_allowed_mentions_is_silent(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member
) -> None:
    await alice.slash("announce")
    [announcement] = fake_discord.channel_messages(alice.channel)
    assert announcement.content == "@everyone look at this"
    assert fake_discord.violations.take() == []


async def test_message_without_allowed_mentions_is_flagged(
    fake_discord: FakeDiscord, alice: Member
) -> None:
    async with running_bot(make_bot(Probe(), allowed_mentions=None), fake_discord) as bot:
        await bot.tree.sync()
        await alice.slash("echo", text="plain")
    [violation] = fake_discord.violations.take(Kind.MISSING_ALLOWED_MENTIONS)
    assert violation.route.startswith("POST /interactions/")


async def test_callback_type_must_suit_the_interaction(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member, probe: Probe
) -> None:
    reply = await alice.start_slash("slow")
    exchange = reply.exchange
    async with raw_http(fake_discord) as http:
        url = f"/api/v10/interactions/{exchange.id}/{exchange.token}/callback"
        async with http.post(url, json={"type": 8, "data": {"choices": []}}) as response:
            assert response.status == 400
            assert (await response.json())["errors"]["type"]["_errors"][0]["code"]
        async with http.post(
            f"/api/v10/webhooks/{fake_discord.application_id}/{exchange.token}",
            json={"content": "too early"},
        ) as response:
            assert (response.status, (await response.json())["code"]) == (404, 10015)
    [bad_type] = fake_discord.violations.take(Kind.BAD_CALLBACK_TYPE)
    assert "not valid for interaction type 2" in bad_type.reason
    [early] = fake_discord.violations.take(Kind.UNKNOWN_WEBHOOK)
    assert "before answering" in early.reason
    probe.gate.set()
    assert (await reply.wait()).content == "late"


async def test_follow_up_after_15_minutes_fails(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member, probe: Probe
) -> None:
    reply = await alice.start_slash("slowdefer")
    await asyncio.wait_for(probe.entered.wait(), 5)
    assert reply.type == 5
    fake_discord.clock.advance(15 * 60 + 1)
    probe.gate.set()
    violation = await fake_discord.violations.wait_for(Kind.TOKEN_EXPIRED)
    assert "limit 900s" in violation.reason
    await wait_until(lambda: probe.errors, what="the bot's HTTPException")
    [error] = probe.errors
    assert isinstance(error, discord.HTTPException) and (error.status, error.code) == (401, 50027)


async def test_unknown_route_is_404_and_logged(fake_discord: FakeDiscord) -> None:
    async with raw_http(fake_discord) as http, http.get("/api/v10/nonsense/42") as response:
        assert response.status == 404
        assert response.headers["Content-Type"] == "application/json"
        assert await response.json() == {"code": 0, "message": "404: Not Found"}
    [violation] = fake_discord.violations.take(Kind.UNKNOWN_ROUTE)
    assert violation.route == "GET /nonsense/42"


async def test_empty_and_malformed_channel_messages(
    fake_discord: FakeDiscord, alice: Member
) -> None:
    url = f"/api/v10/channels/{alice.channel.id}/messages"
    six_rows = [
        {"type": 1, "components": [{"type": 2, "style": 1, "label": "x", "custom_id": f"b{n}"}]}
        for n in range(6)
    ]
    async with raw_http(fake_discord) as http:
        async with http.post(url, json={"allowed_mentions": {"parse": []}}) as response:
            assert (response.status, (await response.json())["code"]) == (400, 50006)
        body = {"components": six_rows, "allowed_mentions": {"parse": []}}
        async with http.post(url, json=body) as response:
            answer = await response.json()
            assert (response.status, answer["code"]) == (400, 50035)
            assert "components" in answer["errors"]
    assert [v.kind for v in fake_discord.violations.take()] == [
        Kind.EMPTY_MESSAGE,
        Kind.INVALID_FORM_BODY,
    ]
    assert fake_discord.channel_messages(alice.channel) == []


async def test_webhook_with_an_unknown_token(fake_discord: FakeDiscord) -> None:
    url = f"/api/v10/webhooks/{fake_discord.application_id}/no-such-token/messages/@original"
    async with raw_http(fake_discord) as http, http.patch(url, json={"content": "x"}) as response:
        assert (response.status, (await response.json())["code"]) == (404, 10015)
    [violation] = fake_discord.violations.take(Kind.UNKNOWN_WEBHOOK)
    assert violation.reason == "no interaction with this token"
