"""Snowflake ids: 42 bits of milliseconds since the Discord epoch, then a 22-bit counter.

discord.py derives timestamps from ids and the gateway routes a guild to shard
``(guild_id >> 22) % shard_count``, so ids must look like Discord's.
"""

from __future__ import annotations

import datetime as dt
import time

DISCORD_EPOCH_MS = 1_420_070_400_000
_INCREMENT_BITS = 22
_MAX_INCREMENT = (1 << _INCREMENT_BITS) - 1


class Snowflakes:
    """Hands out unique, increasing snowflakes."""

    def __init__(self) -> None:
        self._last_ms = 0
        self._increment = 0

    def next(self) -> int:
        now_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        if now_ms > self._last_ms:
            self._last_ms, self._increment = now_ms, 0
        elif self._increment < _MAX_INCREMENT:
            self._increment += 1
        else:
            self._last_ms, self._increment = self._last_ms + 1, 0
        return (self._last_ms << _INCREMENT_BITS) | self._increment

    def next_on_shard(self, shard_id: int, shard_count: int) -> int:
        """A fresh id whose timestamp part routes it to ``shard_id`` (used for guild ids)."""
        if not 0 <= shard_id < shard_count:
            raise ValueError(f"shard {shard_id} is not in 0..{shard_count - 1}")
        ms = max(int(time.time() * 1000) - DISCORD_EPOCH_MS, self._last_ms + 1)
        ms += (shard_id - ms) % shard_count
        self._last_ms, self._increment = ms, 0
        return ms << _INCREMENT_BITS


def shard_of(guild_id: int, shard_count: int) -> int:
    return (guild_id >> _INCREMENT_BITS) % shard_count


def created_at(snowflake: int) -> dt.datetime:
    ms = (snowflake >> _INCREMENT_BITS) + DISCORD_EPOCH_MS
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC)
