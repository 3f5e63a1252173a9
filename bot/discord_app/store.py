"""What the bot remembers across restarts: the daily posts it made, where it pinned excerpts.

Everything else the bot knows lives in the corpus or in a button's custom_id; these two facts
do not. They are kept in one small JSON file per process (`excerpt-bot-state.json`, or
`excerpt-bot-state-shards-0-1.json` for a process running given shards, like the health
file), rewritten whole on each change: written aside, then renamed over the old one, so a
crash never leaves half a file and a restart never posts a daily excerpt twice.

On start the process also reads its siblings' files in the same folder (other processes, or
the same one under an older shard split) and keeps the latest record of each daily post:
after the shards are split differently, the process that now owns a channel still knows what
was posted there today.

A file that cannot be written (a read-only folder) is logged once as an error; the bot then
remembers in memory only.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.config import Settings

log = logging.getLogger(__name__)

FORMAT = 1
PREFIX = "excerpt-bot-state"
MAX_SHOWN = 2000
"""Citation ids remembered per daily post (so no repeat for years of daily posts)."""


def state_path(settings: Settings, shard_ids: Sequence[int] | None) -> Path:
    """The state file of a process running `shard_ids` (None: all shards).

    The folder is `state.dir`; else the index cache folder (a volume in the Docker image);
    else the folder of the configured health file; else the system's temporary folder."""
    folder = settings.state.dir
    if folder is None:
        folder = settings.corpus.cache_dir
    if folder is None and settings.health.file is not None:
        folder = settings.health.file.parent
    if folder is None:
        folder = Path(tempfile.gettempdir())
    suffix = "-shards-" + "-".join(str(i) for i in sorted(shard_ids)) if shard_ids else ""
    return folder / f"{PREFIX}{suffix}.json"


@dataclass
class DailyRecord:
    """The last post of one daily entry, and the passages it has shown so far."""

    day: dt.date
    """The local day (in the entry's time zone) of the last post."""
    channel_id: int
    message_id: int | None = None
    citation: str = ""
    shown: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "channel": str(self.channel_id),
            "message": str(self.message_id) if self.message_id is not None else None,
            "citation": self.citation,
            "shown": self.shown[-MAX_SHOWN:],
        }

    @classmethod
    def from_json(cls, data: Any) -> DailyRecord:
        message = data.get("message")
        return cls(
            day=dt.date.fromisoformat(str(data["day"])),
            channel_id=int(data["channel"]),
            message_id=int(message) if message is not None else None,
            citation=str(data.get("citation", "")),
            shown=[str(cid) for cid in data.get("shown") or []],
        )


class StateStore:
    """The remembered facts, and the file they are kept in (`path` None: memory only)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._daily: dict[str, DailyRecord] = {}
        self._pins: dict[int, set[int]] = {}
        self._write_failed = False

    # -- loading and saving -------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | None) -> StateStore:
        """The store kept in `path`, merged with its siblings' records; empty if none."""
        store = cls(path)
        if path is None:
            return store
        files = sorted(path.parent.glob(f"{PREFIX}*.json")) if path.parent.is_dir() else []
        if path in files:  # our own file last: its records win ties
            files.remove(path)
            files.append(path)
        for file in files:
            store._merge_file(file)
        return store

    def _merge_file(self, file: Path) -> None:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("not a state file of this version")
            daily = {str(k): DailyRecord.from_json(v) for k, v in dict(data["daily"]).items()}
            pins = {int(g): {int(c) for c in cs} for g, cs in dict(data["pins"]).items()}
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("state file %s ignored: %s", file, exc)
            return
        for key, record in daily.items():
            known = self._daily.get(key)
            if known is None or record.day >= known.day:
                self._daily[key] = record
        for guild_id, channels in pins.items():
            self._pins.setdefault(guild_id, set()).update(channels)

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "daily": {key: record.to_json() for key, record in sorted(self._daily.items())},
            "pins": {
                str(guild): sorted(str(c) for c in channels)
                for guild, channels in sorted(self._pins.items())
                if channels
            },
        }
        return json.dumps(data, indent=1) + "\n"

    def save(self) -> bool:
        """Write the file whole (aside, then renamed); False when it could not be written."""
        if self.path is None:
            return True
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w",
                encoding="utf-8",
                dir=self.path.parent,
                prefix=f".{self.path.name}.",
                delete=False,
            ) as handle:
                handle.write(self.to_json())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(handle.name, self.path)
        except OSError as exc:
            if not self._write_failed:
                log.error(
                    "cannot write the state file %s (%s): what the bot did is remembered until "
                    "it stops only, so a restart may post a daily excerpt twice (set state.dir "
                    "to a writable folder)",
                    self.path,
                    exc,
                )
            self._write_failed = True
            return False
        self._write_failed = False
        return True

    # -- daily posts --------------------------------------------------------------------

    def daily(self, key: str) -> DailyRecord | None:
        return self._daily.get(key)

    def record_daily(self, key: str, record: DailyRecord) -> None:
        """Remember a post and save at once (before anything else can fail)."""
        record.shown = record.shown[-MAX_SHOWN:]
        self._daily[key] = record
        self.save()

    # -- channels with pinned excerpts --------------------------------------------------

    def pinned_channels(self, guild_id: int) -> set[int]:
        return set(self._pins.get(guild_id, ()))

    def track_pins(self, guild_id: int, channel_id: int) -> None:
        """Remember that `channel_id` may hold the bot's pinned excerpts (saved if new)."""
        channels = self._pins.setdefault(guild_id, set())
        if channel_id not in channels:
            channels.add(channel_id)
            self.save()

    def untrack_pins(self, guild_id: int, channel_ids: Iterable[int]) -> None:
        """Forget channels found to hold none of the bot's pins any more (or gone)."""
        channels = self._pins.get(guild_id)
        gone = set(channel_ids)
        if channels is None or not channels & gone:
            return
        channels -= gone
        if not channels:
            del self._pins[guild_id]
        self.save()
