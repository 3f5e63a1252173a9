"""Talking to the stand-in without discord.py, for what the library would never send."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp

from tests.standin import FakeDiscord


@asynccontextmanager
async def raw_http(discord_: FakeDiscord) -> AsyncIterator[aiohttp.ClientSession]:
    """A session whose relative URLs hit ``/api/v10`` with the bot's token."""
    headers = {"Authorization": f"Bot {discord_.token}"}
    async with aiohttp.ClientSession(discord_.base_url, headers=headers) as session:
        yield session
