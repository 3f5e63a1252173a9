"""The state file: written whole, read back, merged with the other processes' files."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from pathlib import Path

import pytest

from bot.config import Settings
from bot.discord_app.store import MAX_SHOWN, DailyRecord, StateStore, state_path


def record(day: int, cid: str = "a/b/1") -> DailyRecord:
    return DailyRecord(dt.date(2030, 1, day), 7, 99, cid, [cid])


def test_round_trip_and_no_temporary_file_left(tmp_path: Path) -> None:
    path = tmp_path / "excerpt-bot-state.json"
    store = StateStore(path)
    store.record_daily("7@09:00:00/UTC", record(3))
    store.track_pins(1, 10)
    store.track_pins(1, 11)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    again = StateStore.load(path)
    assert again.daily("7@09:00:00/UTC") == record(3)
    assert again.pinned_channels(1) == {10, 11}
    again.untrack_pins(1, [10, 12])
    assert StateStore.load(path).pinned_channels(1) == {11}
    again.untrack_pins(1, [11])
    assert StateStore.load(path).pinned_channels(1) == set()


def test_siblings_are_merged_and_the_latest_day_wins(tmp_path: Path) -> None:
    mine = tmp_path / "excerpt-bot-state-shards-0.json"
    other = tmp_path / "excerpt-bot-state-shards-1.json"
    old_split = tmp_path / "excerpt-bot-state.json"
    StateStore(old_split).record_daily("k", record(5, "late/x/1"))
    StateStore(other).record_daily("k", record(4, "early/x/1"))
    StateStore(other).track_pins(2, 20)
    StateStore(mine).record_daily("j", record(1))
    store = StateStore.load(mine)
    found = store.daily("k")
    assert found is not None and found.citation == "late/x/1"
    assert store.daily("j") == record(1) and store.pinned_channels(2) == {20}


def test_a_damaged_file_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "excerpt-bot-state.json"
    path.write_text("{not json", encoding="utf-8")
    (tmp_path / "excerpt-bot-state-shards-3.json").write_text('{"format": 99}', encoding="utf-8")
    store = StateStore.load(path)
    assert store.daily("k") is None
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 2 and all("state file" in w and "ignored" in w for w in warned)


def test_an_unwritable_folder_is_logged_once_and_memory_still_serves(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    store = StateStore(blocker / "excerpt-bot-state.json")
    store.record_daily("k", record(1))
    store.record_daily("k", record(2))
    assert store.daily("k") == record(2)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "cannot write the state file" in errors[0]
    assert "set state.dir to a writable folder" in errors[0]


def test_shown_ids_are_capped(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "excerpt-bot-state.json")
    many = record(1)
    many.shown = [f"d/s/{n}" for n in range(MAX_SHOWN + 50)]
    store.record_daily("k", many)
    loaded = StateStore.load(store.path).daily("k")
    assert loaded is not None and len(loaded.shown) == MAX_SHOWN
    assert loaded.shown[-1] == f"d/s/{MAX_SHOWN + 49}"


def test_where_the_state_file_goes(tmp_path: Path) -> None:
    def settings(**data: object) -> Settings:
        return Settings.model_validate(data)

    assert state_path(settings(state={"dir": str(tmp_path)}), [1, 0]) == (
        tmp_path / "excerpt-bot-state-shards-0-1.json"
    )
    cache = tmp_path / "cache"
    assert state_path(settings(corpus={"cache_dir": str(cache)}), None) == (
        cache / "excerpt-bot-state.json"
    )
    health = tmp_path / "health" / "status.json"
    assert state_path(settings(health={"file": str(health)}), None).parent == health.parent
    assert state_path(settings(), None).parent == Path(tempfile.gettempdir())


def test_memory_only_store_writes_nothing(tmp_path: Path) -> None:
    store = StateStore.load(None)
    store.record_daily("k", record(1))
    assert store.save() and store.daily("k") == record(1)
