"""What the bot keeps between interactions: the library it serves, and a few figures.

The library is swapped whole by `/corpus reload`; a handler reads `state.library` once and
uses that object to the end, so interactions arriving during a reload are served by the old
library and never see half of each.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.config import Settings
from bot.discord_app.scope import ReadingLists
from bot.discord_app.store import StateStore
from bot.engine.library import Library

if TYPE_CHECKING:
    from bot.discord_app.metrics import Metrics

LATENCY_SAMPLES = 2048


class LatencyRecorder:
    """The last few thousand engine timings, for p50/p99 without unbounded memory."""

    def __init__(self, size: int = LATENCY_SAMPLES) -> None:
        self._samples: deque[float] = deque(maxlen=size)

    def record(self, seconds: float) -> None:
        self._samples.append(seconds)

    @contextmanager
    def timing(self) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.record(time.perf_counter() - started)

    def percentile(self, q: float) -> float | None:
        """The q-th percentile (nearest rank) in milliseconds, None before any sample."""
        if not self._samples:
            return None
        ordered = sorted(self._samples)
        rank = max(1, math.ceil(q / 100 * len(ordered)))
        return ordered[min(rank, len(ordered)) - 1] * 1000

    def __len__(self) -> int:
        return len(self._samples)


class ActionLimiter:
    """Per-member rate limit for buttons with side effects (post, pin, save).

    Slash commands get the same limit from `app_commands.checks.dynamic_cooldown`; buttons are
    not commands, so they use the same `Cooldown` buckets here.
    """

    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per
        self._buckets: dict[int, app_commands.Cooldown] = {}

    def hit(self, user_id: int, now: float | None = None) -> app_commands.Cooldown | None:
        """Count one action; the exhausted bucket when the member is going too fast."""
        now = time.time() if now is None else now
        stale = [k for k, b in self._buckets.items() if now > b._last + b.per]
        for key in stale:
            del self._buckets[key]
        bucket = self._buckets.setdefault(user_id, app_commands.Cooldown(self.rate, self.per))
        return bucket if bucket.update_rate_limit(now) is not None else None


class BotState:
    """The swappable library, the settings, and the figures `/corpus stats` shows."""

    def __init__(self, settings: Settings, library: Library) -> None:
        self.settings = settings
        self._library = library
        self.started = time.monotonic()
        self.latency = LatencyRecorder()
        self.reading_lists = ReadingLists(settings.reading_lists)
        cooldown = settings.commands.cooldown
        self.actions = ActionLimiter(cooldown.rate, cooldown.per_seconds)
        self.reload_lock = asyncio.Lock()
        self.last_reload: float | None = None
        self.metrics: Metrics | None = None
        """Prometheus metrics, when `metrics.port` is set (see `client.ExcerptBot`)."""
        self.store = StateStore()
        """What is remembered across restarts (in memory only until `client.create_bot`
        gives it a file): daily posts made, channels with pinned excerpts."""

    @property
    def library(self) -> Library:
        return self._library

    def swap(self, library: Library) -> Library:
        """Serve `library` from now on; the previous one is returned (and kept by whoever is
        still answering with it)."""
        previous, self._library = self._library, library
        self.last_reload = time.monotonic()
        return previous

    def uptime(self) -> float:
        return time.monotonic() - self.started


def state_of(interaction: discord.Interaction) -> BotState:
    """The state of the bot handling `interaction` (see `client.ExcerptBot`)."""
    state = getattr(interaction.client, "state", None)
    if not isinstance(state, BotState):
        raise RuntimeError("the client handling this interaction has no excerpt bot state")
    return state
