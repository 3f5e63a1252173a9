"""The gateway protocol as seen by a bare websocket client."""

from __future__ import annotations

from typing import Any

import aiohttp

from tests.standin import FakeDiscord, Guild


async def receive(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    message: dict[str, Any] = await ws.receive_json(timeout=2)
    return message


async def test_hello_heartbeat_identify_ready(fake_discord: FakeDiscord, guild: Guild) -> None:
    async with aiohttp.ClientSession() as http, http.ws_connect(fake_discord.gateway_url) as ws:
        hello = await receive(ws)
        assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] > 0
        await ws.send_json({"op": 1, "d": None})
        assert (await receive(ws))["op"] == 11
        identify = {"token": fake_discord.token, "intents": 1, "properties": {}}
        await ws.send_json({"op": 2, "d": identify})
        ready = await receive(ws)
        assert (ready["t"], ready["s"]) == ("READY", 1)
        assert ready["d"]["guilds"] == [{"id": str(guild.id), "unavailable": True}]
        assert ready["d"]["resume_gateway_url"] == f"{fake_discord.gateway_url}resume"
        assert "shard" not in ready["d"]
        created = await receive(ws)
        assert (created["t"], created["s"], created["d"]["name"]) == ("GUILD_CREATE", 2, guild.name)


async def test_resume_of_an_unknown_session_is_invalid(fake_discord: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as http, http.ws_connect(fake_discord.gateway_url) as ws:
        await receive(ws)
        resume = {"token": fake_discord.token, "session_id": "nope", "seq": 3}
        await ws.send_json({"op": 6, "d": resume})
        assert await receive(ws) == {"op": 9, "d": False}
    assert fake_discord.gateway.resumes == []


async def test_identify_with_a_wrong_token_closes_4004(fake_discord: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as http, http.ws_connect(fake_discord.gateway_url) as ws:
        await receive(ws)
        await ws.send_json({"op": 2, "d": {"token": "wrong", "intents": 1, "properties": {}}})
        closing = await ws.receive(timeout=2)
        assert closing.type is aiohttp.WSMsgType.CLOSE
        assert closing.data == 4004
    assert fake_discord.gateway.identifies == []
