"""The running bot keeps its status file current: on start, on connection events, every
interval, and a last "stopping" status when it closes."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from collections import defaultdict
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest

from bot import health
from bot.discord_app import main
from bot.discord_app.client import create_bot
from bot.discord_app.health import HealthReporter
from bot.engine.library import Library
from tests.discord_app.conftest import default_settings

Listener = Callable[..., Coroutine[Any, Any, Any]]


class FakeShard:
    def __init__(self, latency: float = 0.05) -> None:
        self.latency = latency
        self.closed = False

    def is_closed(self) -> bool:
        return self.closed


class FakeBot:
    """What the reporter reads of an AutoShardedBot, and its event listeners."""

    def __init__(self) -> None:
        self.shard_count: int | None = 2
        self.shard_ids: list[int] | None = [0, 1]
        self.shards = {0: FakeShard(), 1: FakeShard(float("inf"))}
        self.guilds = [object(), object()]
        self.ready = False
        self.listeners: dict[str, list[Listener]] = defaultdict(list)

    def is_ready(self) -> bool:
        return self.ready

    def add_listener(self, func: Listener, name: str) -> None:
        self.listeners[name].append(func)

    def remove_listener(self, func: Listener, name: str) -> None:
        self.listeners[name].remove(func)

    async def fire(self, name: str, *args: Any) -> None:
        for listener in list(self.listeners[name]):
            await listener(*args)


def verdict(path: Path) -> tuple[int, str]:
    return health.check(path, max_age=60)


async def test_status_follows_ready_disconnect_and_resume(tmp_path: Path) -> None:
    bot = FakeBot()
    path = tmp_path / "status.json"
    reporter = HealthReporter(bot, path, interval=60, corpus_size=lambda: (5, 120))
    reporter.start()
    try:
        status = health.read_status(path)
        assert (status.state, status.event, status.passages) == ("starting", "start", 120)
        assert status.shards[0].latency_ms == 50.0 and status.shards[1].latency_ms is None
        assert verdict(path)[0] == 1, "connected but not ready yet"

        bot.ready = True
        await bot.fire("on_ready")
        code, line = verdict(path)
        assert code == 0 and line.startswith("healthy: shard(s) 0,1 connected"), line
        assert health.read_status(path).guilds == 2

        await bot.fire("on_shard_disconnect", 1)
        assert verdict(path) == (1, "unhealthy: disconnected from Discord: shard(s) 1")
        assert health.read_status(path).event == "shard_disconnect 1"
        await bot.fire("on_shard_resumed", 1)
        assert verdict(path)[0] == 0

        bot.shards[0].closed = True  # the socket closed before any event said so
        await bot.fire("on_resumed")
        assert verdict(path) == (1, "unhealthy: disconnected from Discord: shard(s) 0")
    finally:
        await reporter.stop()
    status = health.read_status(path)
    assert (status.state, status.event, status.shards) == ("stopping", "stop", {})
    assert "shutting down" in verdict(path)[1]
    assert not any(bot.listeners.values()), "listeners removed"


async def test_status_is_rewritten_every_interval(tmp_path: Path) -> None:
    bot = FakeBot()
    path = tmp_path / "status.json"
    reporter = HealthReporter(bot, path, interval=0.05, corpus_size=lambda: (1, 1))
    reporter.start()
    first = health.read_status(path).written_at
    try:
        for _ in range(100):
            await asyncio.sleep(0.02)
            status = health.read_status(path)
            if status.event == "interval" and status.written_at > first:
                break
        else:
            raise AssertionError("the status was not rewritten")
    finally:
        await reporter.stop()


async def test_a_status_that_cannot_be_written_is_logged_once_and_the_bot_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    reporter = HealthReporter(
        FakeBot(), blocker / "status.json", interval=60, corpus_size=lambda: (1, 1)
    )
    with caplog.at_level(logging.ERROR):
        reporter.start()
        reporter.write("again")
        await reporter.stop()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "cannot write the health status" in errors[0].getMessage()


async def test_serve_keeps_the_status_of_the_real_bot_until_sigterm(
    bundled: Library, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bot = create_bot(default_settings(), bundled)
    path = tmp_path / "status.json"
    connected = asyncio.Event()

    async def login(token: str) -> None:
        pass

    async def connect(*, reconnect: bool = True) -> None:
        bot.dispatch("ready")
        connected.set()
        while not bot.is_closed():
            await asyncio.sleep(0.01)

    monkeypatch.setattr(bot, "login", login)
    monkeypatch.setattr(bot, "connect", connect)
    serving = asyncio.create_task(main.serve(bot, "token", health_file=path))
    await asyncio.wait_for(connected.wait(), 5)
    await asyncio.sleep(0.05)  # the ready listener runs as a task of its own
    status = health.read_status(path)
    assert (status.state, status.event) == ("running", "ready")
    assert status.corpus_loaded and status.passages == len(bundled.corpus)
    assert status.documents == len(bundled.documents)
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(serving, 5) == 0
    assert health.read_status(path).state == "stopping"


def test_sigterm_while_loading_interrupts_and_the_handler_is_restored() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt), main.sigterm_interrupts():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # interrupted at once
    assert signal.getsignal(signal.SIGTERM) is before
