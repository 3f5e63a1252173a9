"""Polling until something the bot does becomes visible, with a deadline that fails clearly."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

POLL_INTERVAL = 0.01


async def wait_until(
    condition: Callable[[], object], *, timeout: float = 5.0, what: str | Callable[[], str] = ""
) -> None:
    """Return once ``condition()`` is truthy; raise AssertionError after ``timeout`` seconds.

    ``what`` describes the awaited state for the failure message (a callable is evaluated
    only on failure, so it can report the latest state).
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            description = what() if callable(what) else what
            raise AssertionError(f"not within {timeout:g}s: {description or condition}")
        await asyncio.sleep(POLL_INTERVAL)
