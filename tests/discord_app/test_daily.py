"""Daily posts without Discord: when an entry is due, retries, DST, the draw without repeats,
and the start-up warnings about entries the corpus cannot serve."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.config import DailyPost, ReadingList
from bot.discord_app.daily import Job, check_entries, draw, entry_key, local_day, scheduled
from bot.discord_app.scope import ReadingLists
from bot.discord_app.store import DailyRecord
from bot.engine.library import Library
from tests.conftest import BUNDLED

UTC = dt.UTC


def entry(time: str = "09:00", zone: str = "Europe/Paris", **more: object) -> DailyPost:
    return DailyPost.model_validate({"channel": 1, "time": time, "timezone": zone, **more})


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(UTC)


def test_due_at_the_local_time_once_a_day() -> None:
    job = Job(entry(), "k")
    assert not job.due(at("2030-01-15T08:59:59+01:00"), None)
    assert job.due(at("2030-01-15T09:00:00+01:00"), None)
    assert job.due(at("2030-01-15T23:59:59+01:00"), None), "caught up the same day"
    assert not job.due(at("2030-01-15T12:00:00+01:00"), dt.date(2030, 1, 15))
    # A day's post missed entirely is not made the next morning before its time.
    assert not job.due(at("2030-01-16T08:00:00+01:00"), dt.date(2030, 1, 14))
    assert job.due(at("2030-01-16T09:00:00+01:00"), dt.date(2030, 1, 15))


def test_the_local_day_is_the_zones_not_utcs() -> None:
    tokyo = entry("09:00", "Asia/Tokyo")
    moment = at("2030-01-15T23:30:00+00:00")  # already the 16th in Tokyo, 08:30
    assert local_day(tokyo, moment) == dt.date(2030, 1, 16)
    assert scheduled(tokyo, dt.date(2030, 1, 16)) == at("2030-01-16T00:00:00+00:00")
    assert not Job(tokyo, "k").due(moment, None)
    assert Job(tokyo, "k").due(moment + dt.timedelta(minutes=30), None)


def test_next_look_is_the_time_then_tomorrow() -> None:
    job = Job(entry(), "k")
    morning = at("2030-01-15T07:00:00+01:00")
    assert job.next_look(morning, None) == at("2030-01-15T09:00:00+01:00")
    noon = at("2030-01-15T12:00:00+01:00")
    assert job.next_look(noon, None) == noon, "due now"
    assert job.next_look(noon, dt.date(2030, 1, 15)) == at("2030-01-16T09:00:00+01:00")


def test_failures_back_off_within_the_day_and_reset_the_next() -> None:
    job = Job(entry(), "k")
    now = at("2030-01-15T09:00:00+01:00")
    assert job.failed(now) == 60
    assert not job.due(now + dt.timedelta(seconds=59), None)
    assert job.next_look(now, None) == now + dt.timedelta(seconds=60)
    assert job.due(now + dt.timedelta(seconds=60), None)
    assert [job.failed(now) for _ in range(8)] == [120, 240, 480, 960, 1920, 3600, 3600, 3600]
    tomorrow = at("2030-01-16T09:00:00+01:00")
    assert job.due(tomorrow, None), "a retry waiting yesterday does not hold today back"
    assert job.failed(tomorrow) == 60
    job.succeeded()
    assert job.retry_at is None and job.failures == 0


def test_daylight_saving_days() -> None:
    skipped = entry("02:30")  # 2030-03-31: Paris clocks jump from 02:00 to 03:00
    when = scheduled(skipped, dt.date(2030, 3, 31))
    assert local_day(skipped, when) == dt.date(2030, 3, 31)
    assert when == at("2030-03-31T01:30:00+00:00")
    repeated = entry("02:30")  # 2030-10-27: 02:00-03:00 happens twice; the first one
    assert scheduled(repeated, dt.date(2030, 10, 27)) == at("2030-10-27T00:30:00+00:00")
    usual = entry("09:00")
    assert scheduled(usual, dt.date(2030, 7, 1)) == at("2030-07-01T07:00:00+00:00")
    assert scheduled(usual, dt.date(2030, 12, 1)) == at("2030-12-01T08:00:00+00:00")


def test_the_key_follows_channel_time_and_zone_only() -> None:
    assert entry_key(entry()) == "1@09:00:00/Europe/Paris"
    assert entry_key(entry(document="disaster", topic="x")) == entry_key(entry())
    assert entry_key(entry("09:30")) != entry_key(entry())


def test_times_in_the_config_are_read_as_written() -> None:
    assert entry("9:05").time == dt.time(9, 5)
    with pytest.raises(ValueError, match="in quotes"):
        DailyPost.model_validate({"channel": 1, "time": 630})  # YAML's reading of 10:30
    with pytest.raises(ValueError, match="without a zone"):
        DailyPost.model_validate({"channel": 1, "time": "09:00+02:00"})


def test_draws_never_repeat_across_new_libraries_until_all_were_shown() -> None:
    """Each draw from a fresh library (as after a restart or a reload) with the shown ids
    carried over: six distinct passages of `disaster`, then a new round."""
    job = Job(entry(document="disaster"), "k")
    record: DailyRecord | None = None
    seen: list[str] = []
    for n in range(8):
        pick, shown = draw(Library.load(BUNDLED, seed=n), job, record, None)
        assert pick.passage is not None
        seen.append(pick.passage.citation_id)
        record = DailyRecord(dt.date(2030, 1, 1 + n), 1, 1, seen[-1], shown)
    assert len(set(seen[:6])) == 6 and all(cid.startswith("disaster/") for cid in seen)
    assert record is not None and len(record.shown) == 2, "a new round began after six"
    assert seen[6] in seen[:6]


def test_draw_reports_what_cannot_be_drawn(bundled: Library) -> None:
    pick, shown = draw(bundled, Job(entry(document="atlantis"), "k"), None, None)
    assert pick.passage is None and pick.note and "atlantis" in pick.note and shown == []


def test_start_up_warnings_name_the_entry_and_the_problem(bundled: Library) -> None:
    lists = ReadingLists([ReadingList(channel=5, documents=["disaster"])])
    entries = [
        entry(document="atlantis"),
        entry(topic="zzqx vrrk"),
        DailyPost(channel=5, time=dt.time(9), document="interests"),
        DailyPost(channel=5, time=dt.time(9), topic="umma"),
        entry(document="interests", topic="conclusion"),
        entry(),
    ]
    problems = check_entries(entries, bundled, lists)
    assert problems[0].startswith("daily[0] (channel 1 at 09:00 Europe/Paris): document 'atlantis'")
    assert "is not in the corpus" in problems[0]
    assert problems[1].startswith("daily[1]") and "no topic matches 'zzqx vrrk'" in problems[1]
    assert (
        problems[2].startswith("daily[2]") and "not on that channel's reading list" in problems[2]
    )
    assert problems[3].startswith("daily[3]") and "no topic matches 'umma'" in problems[3]
    assert len(problems) == 4, problems
