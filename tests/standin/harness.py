"""Running a real discord.py client against the stand-in for the length of a test."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import TypeVar

import discord

from .server import FakeDiscord
from .waiting import wait_until

ClientT = TypeVar("ClientT", bound=discord.Client)


@contextlib.asynccontextmanager
async def running_bot(
    bot: ClientT, discord_: FakeDiscord, *, timeout: float = 5.0
) -> AsyncIterator[ClientT]:
    """Log ``bot`` in, wait until it is ready, and close it when the block ends.

    Build the bot with ``guild_ready_timeout=0.1`` (READY otherwise waits 2 s per shard),
    and for ``AutoShardedClient`` override ``before_identify_hook`` to return at once:
    discord.py sleeps 5 s before every IDENTIFY but the first.
    """
    task = asyncio.create_task(bot.start(discord_.token), name="standin-bot")
    try:
        await wait_until(
            lambda: bot.is_ready() or task.done(),
            timeout=timeout,
            what=lambda: f"the bot to be ready (identifies: {discord_.gateway.identifies})",
        )
        if task.done():
            task.result()
            raise AssertionError("the bot stopped before it was ready")
        yield bot
    finally:
        await bot.close()
        done, _ = await asyncio.wait({task}, timeout=timeout)
        if not done:
            task.cancel()
    if not task.cancelled() and task.exception() is not None:
        raise AssertionError("the bot crashed while running") from task.exception()
