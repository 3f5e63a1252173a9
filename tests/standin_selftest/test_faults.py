"""Fault injection: rate limits discord.py rides out, server errors, slow answers."""

from __future__ import annotations

import time

from discord.ext import commands

from tests.standin import FakeDiscord, Member
from tests.standin_selftest.rawhttp import raw_http


async def test_429_then_200_on_the_callback_route(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member
) -> None:
    fake_discord.faults.rate_limit("POST /interactions/*/*/callback", retry_after=0.05)
    reply = await alice.slash("echo", text="patience")
    assert reply.content == "patience"
    callbacks = fake_discord.requests_matching("POST /interactions/*/*/callback")
    assert [record.status for record in callbacks] == [429, 200]


async def test_429_then_200_on_a_channel_route(
    fake_discord: FakeDiscord, bot: commands.Bot, alice: Member
) -> None:
    fake_discord.faults.rate_limit(f"POST /channels/{alice.channel.id}/messages", retry_after=0.05)
    await alice.slash("announce")
    sends = fake_discord.requests_matching("POST /channels/*/messages")
    assert [record.status for record in sends] == [429, 200]
    assert [m.content for m in fake_discord.channel_messages(alice.channel)] == [
        "@everyone look at this"
    ]


async def test_rate_limit_answer_looks_like_discords(fake_discord: FakeDiscord) -> None:
    fake_discord.faults.rate_limit("GET /users/@me", retry_after=0.25)
    async with raw_http(fake_discord) as http:
        async with http.get("/api/v10/users/@me") as response:
            assert response.status == 429
            assert response.headers["Via"]
            assert response.headers["Content-Type"] == "application/json"
            assert response.headers["X-RateLimit-Remaining"] == "0"
            assert response.headers["X-RateLimit-Reset-After"] == "0.250"
            assert await response.json() == {
                "message": "You are being rate limited.",
                "retry_after": 0.25,
                "global": False,
            }
        async with http.get("/api/v10/users/@me") as response:
            assert response.status == 200


async def test_global_rate_limit_answer(fake_discord: FakeDiscord) -> None:
    fake_discord.faults.rate_limit("*", retry_after=1.5, is_global=True)
    async with raw_http(fake_discord) as http, http.get("/api/v10/gateway") as response:
        assert response.status == 429
        assert response.headers["X-RateLimit-Global"] == "true"
        assert response.headers["Retry-After"] == "2"
        assert (await response.json())["global"] is True


async def test_server_errors_for_the_next_n_requests(fake_discord: FakeDiscord) -> None:
    fake_discord.faults.server_error("GET /gateway", times=2, status=502)
    fake_discord.faults.server_error("GET /users/@me", times=5)
    async with raw_http(fake_discord) as http:
        statuses = []
        for _ in range(3):
            async with http.get("/api/v10/gateway") as response:
                statuses.append(response.status)
        async with http.get("/api/v10/users/@me") as response:
            statuses.append(response.status)
        fake_discord.faults.clear()
        async with http.get("/api/v10/users/@me") as response:
            statuses.append(response.status)
    assert statuses == [502, 502, 200, 500, 200]


async def test_delay_switch(fake_discord: FakeDiscord) -> None:
    fake_discord.faults.delay(0.3, "GET /gateway")
    async with raw_http(fake_discord) as http:
        started = time.monotonic()
        async with http.get("/api/v10/gateway") as response:
            assert response.status == 200
        assert time.monotonic() - started >= 0.3
        fake_discord.faults.delay(0, "GET /gateway")
        started = time.monotonic()
        async with http.get("/api/v10/gateway") as response:
            assert response.status == 200
        assert time.monotonic() - started < 0.3
