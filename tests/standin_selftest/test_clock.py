"""The stand-in's clock: real time plus an offset; its sleepers wake when a test advances it."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from tests.standin.clock import Clock


async def test_advance_wakes_a_long_sleep() -> None:
    clock = Clock()
    started = clock.utcnow()
    sleeper = asyncio.create_task(clock.sleep(3600))
    await asyncio.sleep(0.05)
    assert not sleeper.done()
    clock.advance(1800)
    await asyncio.sleep(0.05)
    assert not sleeper.done(), "half the time is not enough"
    clock.advance(1800)
    await asyncio.wait_for(sleeper, 1)
    assert clock.utcnow() - started >= dt.timedelta(hours=1)


async def test_a_short_sleep_ends_with_real_time() -> None:
    clock = Clock()
    loop = asyncio.get_running_loop()
    before = loop.time()
    await clock.sleep(0.05)
    assert loop.time() - before >= 0.04


async def test_advance_to_a_moment_and_never_back() -> None:
    clock = Clock()
    target = clock.utcnow() + dt.timedelta(days=3, hours=2)
    clock.advance_to(target)
    assert abs((clock.utcnow() - target).total_seconds()) < 1
    with pytest.raises(ValueError):
        clock.advance(-1)
    with pytest.raises(ValueError):
        clock.advance_to(dt.datetime(2030, 1, 1))  # naive
