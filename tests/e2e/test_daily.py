"""Daily excerpts through the stand-in, on its clock: the post at the local time, its
discussion thread, no double post across a restart, a missed post caught up the same day
only, failures logged and retried, and only the shard owning the server posts."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.discord_app.client import ExcerptBot
from bot.rendering.excerpts import thread_name
from tests.e2e.conftest import HEARTBEAT_MS, Launcher, cited, labels, only_embed
from tests.standin import BOT_DEFAULT, FakeDiscord, Guild, Perm, StoredMessage, wait_until
from tests.standin.models import PUBLIC_THREAD
from tests.standin.world import EVERYONE_DEFAULT

TOKYO = ZoneInfo("Asia/Tokyo")
"""UTC+9 all year: 09:00 there is 00:00 UTC, which no UTC-based schedule would pick."""


def local(fake: FakeDiscord, days: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    """`days` after today in Tokyo (by the stand-in's clock), at the given local time."""
    today = fake.clock.utcnow().astimezone(TOKYO).date()
    return dt.datetime.combine(
        today + dt.timedelta(days=days), dt.time(hour, minute, second), tzinfo=TOKYO
    )


async def moved_to(fake: FakeDiscord, bot: ExcerptBot, moment: dt.datetime) -> None:
    """Move the clock to `moment` and wait until the scheduler has handled it."""
    fake.clock.advance_to(moment)
    await wait_until(
        lambda: bot.daily.looked_at is not None and bot.daily.looked_at >= moment,
        what=lambda: f"a scheduler pass at {moment} (last: {bot.daily.looked_at})",
    )


async def first_pass(bot: ExcerptBot) -> None:
    """Wait for the scheduler's first look at the clock after the bot is ready."""
    await wait_until(lambda: bot.daily.looked_at is not None, what="the scheduler's first pass")


def posts(fake: FakeDiscord, guild: Guild, channel: str) -> list[StoredMessage]:
    return fake.channel_messages(guild.channel(channel))


async def until_posts(fake: FakeDiscord, guild: Guild, channel: str, count: int) -> None:
    await wait_until(
        lambda: len(posts(fake, guild, channel)) >= count,
        what=lambda: f"{count} posts in #{channel}, got {len(posts(fake, guild, channel))}",
    )


def daily(guild: Guild, channel: str = "quotes", **entry: Any) -> list[dict[str, Any]]:
    return [
        {"channel": guild.channel(channel).id, "time": "09:00", "timezone": "Asia/Tokyo", **entry}
    ]


async def test_posts_at_the_local_time_with_a_thread_named_after_the_citation(
    fake: FakeDiscord, launcher: Launcher, guild: Guild
) -> None:
    settings = launcher.settings(daily=daily(guild, thread=True))
    fake.clock.advance_to(local(fake, 1, 8, 50))
    async with launcher.running(settings, clock=fake.clock) as bot:
        await first_pass(bot)
        fake.clock.advance_to(local(fake, 0, 8, 59))
        await asyncio.sleep(0.2)
        assert posts(fake, guild, "quotes") == [], "not before 09:00 in Tokyo"
        await moved_to(fake, bot, local(fake, 0, 9, 0, 1))
        assert fake.clock.utcnow().astimezone(dt.UTC).hour == 0, "09:00 Tokyo is 00:00 UTC"
        [post] = posts(fake, guild, "quotes")
        assert post.author_id == fake.bot_user.id and not post.ephemeral
        embed = only_embed(post)
        assert embed["description"].startswith("📅 **Passage of the day**")
        [cid] = cited(post)
        assert labels(post) == ["Previous", "Next", "Whole section", "Pin", "Save"]
        assert posts(fake, guild, "general") == []
        await wait_until(lambda: guild.threads, what="the discussion thread")
        [thread] = guild.threads
        assert thread.id == post.id and thread.parent_id == guild.channel("quotes").id
        assert thread.type == PUBLIC_THREAD
        passage = bot.state.library.cite(cid).passage
        assert passage is not None and 1 <= len(thread.name) <= 100
        # The citation, shortened from the document title when over 100 characters.
        assert thread.name == thread_name(passage)
        end = " › ".join([passage.doc.title, *passage.section.headings][-1:])
        assert thread.name.endswith(f"{end} ¶{passage.number}")

        # Once a day: later the same day nothing more; the next morning a new passage.
        await moved_to(fake, bot, local(fake, 0, 21, 0))
        assert len(posts(fake, guild, "quotes")) == 1
        await moved_to(fake, bot, local(fake, 1, 9, 0, 1))
        first, second = posts(fake, guild, "quotes")
        assert first == post and cited(second) != cited(first)
        await wait_until(lambda: len(guild.threads) == 2, what="a thread on each post")


async def test_no_repeat_until_every_candidate_was_shown_across_restarts(
    fake: FakeDiscord, launcher: Launcher, guild: Guild
) -> None:
    """`disaster` has 6 passages: six mornings, two of them after a restart, show all six."""
    settings = launcher.settings(daily=daily(guild, document="disaster"))
    fake.clock.advance_to(local(fake, 1, 9, 0, 1))
    shown: list[str] = []
    for run in range(3):
        async with launcher.running(settings, clock=fake.clock) as bot:
            for day in range(2):
                if run or day:
                    await moved_to(fake, bot, local(fake, 1, 9, 0, 1))
                await until_posts(fake, guild, "quotes", len(shown) + 1)
                shown += cited(posts(fake, guild, "quotes")[-1])
    assert all(cid.startswith("disaster/") for cid in shown)
    assert len(set(shown)) == 6, shown


async def test_a_restart_the_same_day_does_not_post_again(
    fake: FakeDiscord, launcher: Launcher, guild: Guild
) -> None:
    settings = launcher.settings(daily=daily(guild))
    fake.clock.advance_to(local(fake, 1, 9, 30))
    async with launcher.running(settings, clock=fake.clock):
        await wait_until(lambda: len(posts(fake, guild, "quotes")) == 1, what="the post")
    state = Path(settings.state.dir or "") / "excerpt-bot-state.json"
    assert state.is_file() and str(guild.channel("quotes").id) in state.read_text()
    fake.clock.advance(3600)
    async with launcher.running(settings, clock=fake.clock) as again:
        await first_pass(again)
        assert len(posts(fake, guild, "quotes")) == 1


async def test_a_missed_post_is_made_once_the_same_day_and_not_the_next_day(
    fake: FakeDiscord, launcher: Launcher, guild: Guild
) -> None:
    settings = launcher.settings(daily=daily(guild))
    # Down at 09:00; back at 15:00 the same day: the post is made at once, and only once.
    fake.clock.advance_to(local(fake, 1, 15, 0))
    async with launcher.running(settings, clock=fake.clock) as bot:
        await wait_until(lambda: len(posts(fake, guild, "quotes")) == 1, what="the catch-up")
        await moved_to(fake, bot, local(fake, 0, 23, 59))
        assert len(posts(fake, guild, "quotes")) == 1
    # Down the whole next day; back the day after at 08:00: the missed day is not posted...
    fake.clock.advance_to(local(fake, 2, 8, 0))
    async with launcher.running(settings, clock=fake.clock) as bot:
        await first_pass(bot)
        await moved_to(fake, bot, local(fake, 0, 8, 58))
        assert len(posts(fake, guild, "quotes")) == 1
        # ...that day's is, at its time.
        await moved_to(fake, bot, local(fake, 0, 9, 0, 1))
        assert len(posts(fake, guild, "quotes")) == 2


@pytest.mark.logs_errors
async def test_failures_are_logged_with_the_channel_and_retried(
    fake: FakeDiscord, launcher: Launcher, guild: Guild, caplog: pytest.LogCaptureFixture
) -> None:
    muted = fake.add_guild(
        "Muted",
        channels=["readings"],
        bot_permissions=BOT_DEFAULT & ~Perm.SEND_MESSAGES,
        everyone_permissions=EVERYONE_DEFAULT & ~Perm.SEND_MESSAGES,
    )
    readings = muted.channel("readings")
    settings = launcher.settings(
        daily=[
            *daily(guild),
            *daily(muted, "readings"),
            {"channel": 4242424242424242, "time": "09:00", "timezone": "Asia/Tokyo"},
        ]
    )
    fake.clock.advance_to(local(fake, 1, 9, 0, 1))
    async with launcher.running(settings, clock=fake.clock) as bot:
        await first_pass(bot)
        failures = [
            r.getMessage()
            for r in caplog.records
            if r.name == "bot.discord_app.daily" and r.levelno == logging.ERROR
        ]
        assert any(
            f"#readings (channel {readings.id}, server {muted.id})" in m
            and "failed: the bot lacks Send Messages, Embed Links there; retrying in 60 s" in m
            for m in failures
        ), failures
        assert any(
            "channel 4242424242424242 (09:00 Asia/Tokyo) failed: the channel does not exist" in m
            for m in failures
        ), failures
        [ok] = posts(fake, guild, "quotes")

        # Discord refuses (the bot lost its permission after connecting): logged, retried.
        guild.bot_permissions &= ~Perm.SEND_MESSAGES
        await moved_to(fake, bot, local(fake, 1, 9, 0, 1))
        refused = [
            r.getMessage()
            for r in caplog.records
            if "Discord refused the message: HTTP 403, code 50013" in r.getMessage()
        ]
        assert len(refused) == 1 and "#quotes" in refused[0] and "retrying in 60 s" in refused[0]
        assert posts(fake, guild, "quotes") == [ok]
        guild.bot_permissions |= Perm.SEND_MESSAGES
        fake.clock.advance(30)
        await asyncio.sleep(0.2)
        assert posts(fake, guild, "quotes") == [ok], "not before the retry time"
        await moved_to(fake, bot, fake.clock.utcnow() + dt.timedelta(seconds=31))
        assert len(posts(fake, guild, "quotes")) == 2, "the retry posts"


async def test_the_channels_reading_list_bounds_the_draw_and_unknown_entries_are_warned(
    fake: FakeDiscord, launcher: Launcher, guild: Guild, caplog: pytest.LogCaptureFixture
) -> None:
    quotes = guild.channel("quotes")
    settings = launcher.settings(
        daily=[*daily(guild), *daily(guild, "general", document="atlantis", time="10:00")],
        reading_lists=[{"channel": quotes.id, "documents": ["disaster"]}],
    )
    fake.clock.advance_to(local(fake, 1, 9, 0, 1))
    async with launcher.running(settings, clock=fake.clock):
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert any(
            re.search(
                r"daily\[1\] \(channel \d+ at 10:00 Asia/Tokyo\): document 'atlantis' "
                "is not in the corpus",
                m,
            )
            for m in warnings
        ), warnings
        await wait_until(lambda: posts(fake, guild, "quotes"), what="the post")
        assert cited(posts(fake, guild, "quotes")[0])[0].startswith("disaster/")
    assert posts(fake, guild, "general") == []


async def test_only_the_process_owning_the_server_posts(tmp_path: Path) -> None:
    async with FakeDiscord(shard_count=2, heartbeat_interval_ms=HEARTBEAT_MS) as fake:
        guild = fake.add_guild("Far", channels=["quotes"], shard=1)
        launcher = Launcher(fake, tmp_path)
        settings = launcher.settings(daily=daily(guild))
        fake.clock.advance_to(local(fake, 1, 9, 0, 1))
        shards = {"EXCERPT_SHARD_COUNT": "2"}
        zero = launcher.running(settings, {**shards, "EXCERPT_SHARD_IDS": "0"}, clock=fake.clock)
        one = launcher.running(settings, {**shards, "EXCERPT_SHARD_IDS": "1"}, clock=fake.clock)
        async with zero as first, one as second:
            await wait_until(lambda: posts(fake, guild, "quotes"), what="the post")
            await first_pass(first)
            await first_pass(second)
            assert len(posts(fake, guild, "quotes")) == 1
            assert first.get_channel(guild.channel("quotes").id) is None
            assert second.daily.store.daily(second.daily.jobs[0].key) is not None
            assert first.daily.store.daily(first.daily.jobs[0].key) is None
        fake.violations.assert_empty()


async def test_stopping_while_a_post_is_under_way_still_records_it(
    fake: FakeDiscord, launcher: Launcher, guild: Guild
) -> None:
    """Discord answers slowly; the bot is stopped after the message exists but before the
    answer arrives: the post is still recorded, and the restart does not post it again."""
    settings = launcher.settings(daily=daily(guild))
    fake.clock.advance_to(local(fake, 1, 9, 30))
    fake.faults.delay(0.5, "POST /channels/*/messages")
    async with launcher.running(settings, clock=fake.clock):
        await until_posts(fake, guild, "quotes", 1)
    fake.faults.clear()
    async with launcher.running(settings, clock=fake.clock) as again:
        await first_pass(again)
        assert len(posts(fake, guild, "quotes")) == 1


@pytest.mark.logs_errors
async def test_without_the_thread_permission_the_post_is_made_and_the_lack_logged(
    fake: FakeDiscord, launcher: Launcher, caplog: pytest.LogCaptureFixture
) -> None:
    club = fake.add_guild(
        "Club", channels=["quotes"], bot_permissions=BOT_DEFAULT & ~Perm.CREATE_PUBLIC_THREADS
    )
    settings = launcher.settings(daily=daily(club, thread=True))
    fake.clock.advance_to(local(fake, 1, 9, 0, 1))
    async with launcher.running(settings, clock=fake.clock) as bot:
        await until_posts(fake, club, "quotes", 1)
        await moved_to(fake, bot, local(fake, 0, 10, 0))
        assert len(posts(fake, club, "quotes")) == 1 and club.threads == []
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [
        f"daily post in #quotes (channel {club.channel('quotes').id}, server {club.id}): cannot "
        "open its discussion thread: the bot lacks Create Public Threads there"
    ]
