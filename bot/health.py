"""The status file a running bot keeps, and `python -m bot health`, which judges it.

The bot (see `bot.discord_app.health`) rewrites one small JSON file on every connect,
disconnect and resume and every few seconds: which shards are connected, whether the corpus
is loaded, when it was written. A container's HEALTHCHECK runs `python -m bot health`, which
reads that file and exits 0 when the bot is healthy, 1 with the reasons otherwise. A file is
simpler than an HTTP endpoint: nothing listens, and a process that hangs stops rewriting it,
which the age check catches.

This module imports neither discord.py nor the engine, so the check starts fast.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = 1
HEALTHY, UNHEALTHY = 0, 1


@dataclass(frozen=True)
class ShardStatus:
    connected: bool
    latency_ms: float | None = None
    """The last heartbeat's round trip; None before the first one."""


@dataclass(frozen=True)
class Status:
    """One snapshot of a running bot, as written to the status file."""

    written_at: float
    """Unix time of the snapshot (the bot's heartbeat for the health check)."""
    state: str
    """starting, running or stopping."""
    corpus_loaded: bool
    documents: int = 0
    passages: int = 0
    ready: bool = False
    shard_count: int | None = None
    shard_ids: list[int] | None = None
    shards: dict[int, ShardStatus] = field(default_factory=dict)
    guilds: int = 0
    pid: int = field(default_factory=os.getpid)
    event: str = ""
    """What caused this write: interval, ready, shard_disconnect 1..."""

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "format": FORMAT,
            "pid": self.pid,
            "written_at": round(self.written_at, 3),
            "state": self.state,
            "event": self.event,
            "corpus_loaded": self.corpus_loaded,
            "documents": self.documents,
            "passages": self.passages,
            "ready": self.ready,
            "guilds": self.guilds,
            "shard_count": self.shard_count,
            "shard_ids": self.shard_ids,
            "shards": {
                str(i): {"connected": s.connected, "latency_ms": s.latency_ms}
                for i, s in sorted(self.shards.items())
            },
        }
        return json.dumps(data, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Status:
        """Parse a status file; ValueError (or KeyError, TypeError) when it is not one."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a status file of this version")
        shards = {
            int(i): ShardStatus(bool(s["connected"]), _number(s.get("latency_ms")))
            for i, s in dict(data.get("shards") or {}).items()
        }
        ids = data.get("shard_ids")
        return cls(
            written_at=float(data["written_at"]),
            state=str(data["state"]),
            corpus_loaded=bool(data["corpus_loaded"]),
            documents=int(data.get("documents", 0)),
            passages=int(data.get("passages", 0)),
            ready=bool(data.get("ready", False)),
            shard_count=data.get("shard_count"),
            shard_ids=[int(i) for i in ids] if ids is not None else None,
            shards=shards,
            guilds=int(data.get("guilds", 0)),
            pid=int(data.get("pid", 0)),
            event=str(data.get("event", "")),
        )


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def default_path(shard_ids: Sequence[int] | None, tmp: str | None = None) -> Path:
    """`excerpt-bot-health.json` in the temporary folder, or `...-shards-0-1.json` for a
    process that runs given shards, so processes on one machine sharing one config file
    (and splitting the shards through EXCERPT_SHARD_IDS) never share a status file."""
    folder = Path(tmp or tempfile.gettempdir())
    suffix = "-shards-" + "-".join(str(i) for i in sorted(shard_ids)) if shard_ids else ""
    return folder / f"excerpt-bot-health{suffix}.json"


def status_path(configured: Path | None, shard_ids: Sequence[int] | None) -> Path:
    return configured if configured is not None else default_path(shard_ids)


def write_status(path: Path, status: Status) -> None:
    """Replace the status file whole (written aside, then renamed): a reader never sees
    half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as handle:
        handle.write(status.to_json())
    os.replace(handle.name, path)


def read_status(path: Path) -> Status:
    """The status in `path`; OSError or ValueError when there is none to read."""
    try:
        return Status.from_json(path.read_text(encoding="utf-8"))
    except (KeyError, TypeError) as exc:
        raise ValueError(f"malformed status: {exc}") from exc


def problems(status: Status, *, max_age: float, now: float | None = None) -> list[str]:
    """Why `status` is unhealthy; empty when it is healthy.

    Healthy means: written less than `max_age` seconds ago, not stopping, the corpus loaded,
    the bot ready, and every shard this process runs connected to Discord."""
    now = time.time() if now is None else now
    found: list[str] = []
    age = now - status.written_at
    if age > max_age:
        found.append(
            f"the status is {age:.0f} s old (at most {max_age:g} s): the bot is stuck or "
            "no longer running"
        )
    stopping = status.state == "stopping"
    if stopping:
        found.append("the bot is shutting down")
    if not status.corpus_loaded:
        found.append("the corpus is not loaded")
    if not stopping:  # a stopping bot's connections are closing: not news
        found.extend(_connection_problems(status))
    return found


def _connection_problems(status: Status) -> list[str]:
    if not status.shards:
        return ["not connected to Discord yet"]
    down = sorted(i for i, s in status.shards.items() if not s.connected)
    expected = status.shard_ids
    if expected is None and status.shard_count is not None:
        expected = list(range(status.shard_count))
    missing = sorted(set(expected or []) - set(status.shards))
    if down or missing:
        return ["disconnected from Discord: shard(s) " + _ids([*down, *missing])]
    if not status.ready:
        return ["connected, but not ready yet (guilds still loading)"]
    return []


def summary(status: Status, now: float | None = None) -> str:
    now = time.time() if now is None else now
    connected = sorted(i for i, s in status.shards.items() if s.connected)
    latencies = [s.latency_ms for s in status.shards.values() if s.latency_ms is not None]
    latency = f", heartbeat {max(latencies):.0f} ms" if latencies else ""
    return (
        f"shard(s) {_ids(connected) or 'none'} connected{latency}, {status.guilds} guilds, "
        f"{status.documents} documents, {status.passages} passages, "
        f"status written {max(0.0, now - status.written_at):.0f} s ago (pid {status.pid})"
    )


def _ids(ids: Sequence[int]) -> str:
    return ",".join(str(i) for i in ids)


def check(path: Path, *, max_age: float, now: float | None = None) -> tuple[int, str]:
    """The health command's exit code and the line it prints."""
    try:
        status = read_status(path)
    except FileNotFoundError:
        return UNHEALTHY, f"unhealthy: no status file at {path} (is the bot running?)"
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        return UNHEALTHY, f"unhealthy: cannot read the status file {path}: {reason}"
    found = problems(status, max_age=max_age, now=now)
    if found:
        return UNHEALTHY, "unhealthy: " + "; ".join(found)
    return HEALTHY, "healthy: " + summary(status, now)


def shard_ids_from(
    environ: Mapping[str, str], configured: Sequence[int] | None
) -> list[int] | None:
    """The shard ids the process runs, read as `bot.discord_app.main.shard_settings` reads
    them (EXCERPT_SHARD_IDS over the config) but without importing discord.py. A value main
    refuses gives None: that bot never starts, and the health check finds no file."""
    raw = environ.get("EXCERPT_SHARD_IDS", "").strip()
    if raw:
        parts = [p.strip() for p in raw.split(",") if p.strip()]
        return [int(p) for p in parts] if parts and all(p.isdigit() for p in parts) else None
    return list(configured) if configured is not None else None
