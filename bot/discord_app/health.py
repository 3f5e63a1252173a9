"""The running bot's side of the health check: it keeps the status file up to date.

`HealthReporter` rewrites the file (see `bot.health`) every `health.interval_seconds`, and at
once when a shard connects, becomes ready, resumes or disconnects, so the file says within
moments what Discord sees. `serve` starts it with the bot and stops it last, leaving a
"stopping" status behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, Protocol

from bot.health import ShardStatus, Status, write_status

log = logging.getLogger(__name__)

STARTING, RUNNING, STOPPING = "starting", "running", "stopping"


class _Bot(Protocol):
    """What the reporter reads from the bot (an `ExcerptBot`, or a stand-in in tests)."""

    @property
    def shard_count(self) -> int | None: ...

    @property
    def shard_ids(self) -> list[int] | None: ...

    @property
    def shards(self) -> dict[int, Any]: ...

    @property
    def guilds(self) -> Any: ...

    def is_ready(self) -> bool: ...

    def add_listener(self, func: Callable[..., Coroutine[Any, Any, Any]], name: str) -> None: ...

    def remove_listener(self, func: Callable[..., Coroutine[Any, Any, Any]], name: str) -> None: ...


class HealthReporter:
    """Writes the status of `bot` (serving what `corpus_size` returns) to `path`."""

    def __init__(
        self,
        bot: _Bot,
        path: Path,
        *,
        interval: float,
        corpus_size: Callable[[], tuple[int, int]],
    ) -> None:
        self.bot = bot
        self.path = path
        self.interval = interval
        self._corpus_size = corpus_size
        """(documents, passages) of the library serving now."""
        self._down: set[int] = set()
        self._state = STARTING
        self._task: asyncio.Task[None] | None = None
        self._failed = False
        self._listeners: list[tuple[str, Callable[..., Coroutine[Any, Any, None]]]] = [
            ("on_ready", self._on_ready),
            ("on_resumed", self._on_resumed),
            ("on_shard_connect", self._on_shard_up),
            ("on_shard_ready", self._on_shard_up),
            ("on_shard_resumed", self._on_shard_up),
            ("on_shard_disconnect", self._on_shard_down),
        ]

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Write the first status, listen to connection events, rewrite every interval."""
        for name, listener in self._listeners:
            self.bot.add_listener(listener, name)
        self.write("start")
        self._task = asyncio.get_running_loop().create_task(self._every_interval())

    async def stop(self) -> None:
        """Stop rewriting; the last status says the bot is stopping (so: unhealthy)."""
        for name, listener in self._listeners:
            self.bot.remove_listener(listener, name)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._state = STOPPING
        self.write("stop")

    async def _every_interval(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            self.write("interval")

    # -- events ---------------------------------------------------------------------------

    async def _on_ready(self) -> None:
        self._state = RUNNING
        self.write("ready")

    async def _on_resumed(self) -> None:
        self.write("resumed")

    async def _on_shard_up(self, shard_id: int) -> None:
        self._down.discard(shard_id)
        self.write(f"shard_up {shard_id}")

    async def _on_shard_down(self, shard_id: int) -> None:
        self._down.add(shard_id)
        self.write(f"shard_disconnect {shard_id}")

    # -- the file -------------------------------------------------------------------------

    def snapshot(self, event: str = "") -> Status:
        documents, passages = self._corpus_size()
        shards: dict[int, ShardStatus] = {}
        if self._state != STOPPING:
            for shard_id, info in self.bot.shards.items():
                latency = float(info.latency)
                shards[shard_id] = ShardStatus(
                    connected=shard_id not in self._down and not info.is_closed(),
                    latency_ms=round(latency * 1000, 1) if math.isfinite(latency) else None,
                )
        return Status(
            written_at=time.time(),
            state=self._state,
            event=event,
            corpus_loaded=passages > 0,
            documents=documents,
            passages=passages,
            ready=self._state == RUNNING and self.bot.is_ready(),
            shard_count=self.bot.shard_count,
            shard_ids=list(self.bot.shard_ids) if self.bot.shard_ids is not None else None,
            shards=shards,
            guilds=len(self.bot.guilds),
        )

    def write(self, event: str = "") -> None:
        """Write the status now; a failure is logged once and never stops the bot."""
        try:
            write_status(self.path, self.snapshot(event))
        except OSError as exc:
            if not self._failed:
                log.error("cannot write the health status to %s: %s", self.path, exc)
            self._failed = True
            return
        if self._failed:
            log.info("health status written to %s again", self.path)
            self._failed = False
