"""Daily excerpts: at a local time each day, a cited passage posted in a channel.

Each `daily:` entry of `config.yaml` is a job: at `time` in `timezone` it posts a public
excerpt in `channel` (drawn from `document` / `topic` and the channel's reading list, with no
repeat until every candidate was shown) and, with `thread: true`, opens a discussion thread
on it named after the citation.

What was posted is kept in the state file (`store.StateStore`) the moment it is posted, so:
- a restart never posts twice the same day;
- a post missed because the bot was down is made when it is back, once, if it is still the
  same local day (a day later it is simply the next day's post);
- the passages shown so far survive restarts and reloads, so "no repeats" holds across them.

A failure (channel gone, a permission missing, Discord refusing) is logged as an error with
the channel and the reason and retried later the same day, a minute later at first, then
less and less often (at most hourly); never silent. A channel this process cannot see is
another process's (the shard owning its server posts there) and is skipped at DEBUG; when
the process runs every shard, a channel it cannot see is a failure.

The scheduler is a plain asyncio task with an injectable clock (`Clock`: `utcnow()` and an
async `sleep()`), rather than `discord.ext.tasks` with fixed times: the catch-up rule needs
the state file and the current time anyway, and tests drive the same loop with a fake clock
(the stand-in's) instead of waiting for a real morning. It never sleeps more than 15 minutes
at a time, so a wall clock that jumps (NTP, a suspended VM) is noticed soon enough.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Literal, Protocol

import aiohttp
import discord

from bot.config import DailyPost
from bot.discord_app import convert
from bot.discord_app.scope import ReadingLists
from bot.discord_app.store import DailyRecord, StateStore
from bot.engine.library import Library, RandomPick
from bot.engine.model import Passage
from bot.rendering import answers, excerpts

if TYPE_CHECKING:
    from bot.discord_app.client import ExcerptBot

log = logging.getLogger(__name__)

MAX_SLEEP = 900.0
"""Seconds between two looks at the clock at most, however far the next post is."""
FIRST_RETRY = 60.0
MAX_RETRY = 3600.0
ELSEWHERE_RETRY = MAX_SLEEP
"""A channel of another shard is looked for again this often (it may turn up here)."""
THREAD_ARCHIVE_MINUTES: Literal[60, 1440, 4320, 10080] = 1440
"""A day without a message archives the thread (it reopens when someone writes)."""
STOP_GRACE = 10.0
"""Seconds a stopping bot waits for a daily post under way to be sent and recorded."""
MAX_DRAWS = 500
"""Draws at most to find a passage not shown yet (see `draw`)."""


class Clock(Protocol):
    """Wall-clock time for the scheduler; tests pass a fake one."""

    def utcnow(self) -> dt.datetime:
        """The current time, timezone-aware."""
        ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def utcnow(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


# -- when: pure functions of an entry and the time ----------------------------------------


def entry_key(entry: DailyPost) -> str:
    """What identifies an entry in the state file: its channel, time and zone (changing
    the document or topic keeps the record; changing the time makes a new schedule)."""
    return f"{entry.channel}@{entry.time.isoformat()}/{entry.timezone}"


def describe(entry: DailyPost) -> str:
    return f"{entry.time.strftime('%H:%M')} {entry.timezone}"


def local_day(entry: DailyPost, now: dt.datetime) -> dt.date:
    """The day it is in the entry's time zone at `now`."""
    return now.astimezone(zoneinfo.ZoneInfo(entry.timezone)).date()


def scheduled(entry: DailyPost, day: dt.date) -> dt.datetime:
    """When the entry posts on local `day`, in UTC. A time that a daylight saving change
    skips that day falls an hour later; a repeated one is its first occurrence."""
    zone = zoneinfo.ZoneInfo(entry.timezone)
    local = dt.datetime.combine(day, entry.time, tzinfo=zone)
    return local.astimezone(dt.UTC)


class Outcome(Enum):
    POSTED = "posted"
    FAILED = "failed"
    ELSEWHERE = "elsewhere"
    """The channel belongs to another process's shards."""


@dataclass
class Job:
    """One `daily:` entry and what the scheduler knows about it today."""

    entry: DailyPost
    key: str
    failures: int = 0
    retry_at: dt.datetime | None = None
    retry_day: dt.date | None = None

    def due(self, now: dt.datetime, posted: dt.date | None) -> bool:
        """Time to post: today's time has come, nothing was posted today, and no retry is
        waiting for later."""
        day = local_day(self.entry, now)
        if posted == day or now < scheduled(self.entry, day):
            return False
        waiting = self.retry_day == day and self.retry_at is not None and now < self.retry_at
        return not waiting

    def next_look(self, now: dt.datetime, posted: dt.date | None) -> dt.datetime:
        """The next moment this job may become due."""
        if self.due(now, posted):
            return now
        day = local_day(self.entry, now)
        today = scheduled(self.entry, day)
        if posted != day and now >= today and self.retry_at is not None:
            return self.retry_at
        if now < today and posted != day:
            return today
        return scheduled(self.entry, day + dt.timedelta(days=1))

    def failed(self, now: dt.datetime, retry: float | None = None) -> float:
        """Count a failure; the seconds until the retry."""
        day = local_day(self.entry, now)
        if self.retry_day != day:
            self.failures = 0
        self.failures += 1
        if retry is None:
            retry = min(FIRST_RETRY * 2 ** (self.failures - 1), MAX_RETRY)
        self.retry_day = day
        self.retry_at = now + dt.timedelta(seconds=retry)
        return retry

    def succeeded(self) -> None:
        self.failures = 0
        self.retry_at = self.retry_day = None


# -- what: a passage no repeat -----------------------------------------------------------


def draw(
    library: Library,
    job: Job,
    record: DailyRecord | None,
    documents: Sequence[str] | None,
) -> tuple[RandomPick, list[str]]:
    """The passage to post, and the ids shown so far including it.

    `Library.random` walks a shuffled order per key without repeats, but only while the
    process lives; the ids shown (kept in the state file) carry the rule across restarts and
    reloads. Draws that were already shown are skipped: within 2·shown + 2 draws one that was
    not is found, unless every candidate was shown, and then a new round starts. (At most
    `MAX_DRAWS`: a draw with a topic costs a fuzzy lookup, and the loop runs in the event
    loop; past that, a new round starts a little early.)"""
    shown = list(record.shown) if record is not None else []
    seen = set(shown)
    entry = job.entry
    pick: RandomPick | None = None
    for _ in range(min(2 * len(seen) + 2, MAX_DRAWS)):
        pick = library.random(
            ("daily", job.key), document=entry.document, topic=entry.topic, documents=documents
        )
        if pick.passage is None:
            return pick, shown
        if pick.passage.citation_id not in seen:
            return pick, [*shown, pick.passage.citation_id]
    assert pick is not None and pick.passage is not None
    return pick, [pick.passage.citation_id]  # every candidate was shown: a new round


# -- the scheduler ------------------------------------------------------------------------


class PostFailure(Exception):
    """Why a daily post could not be made, for the log."""


class DailyPoster:
    """Runs the `daily:` entries of `bot`'s settings while the bot runs."""

    def __init__(self, bot: ExcerptBot, clock: Clock | None = None) -> None:
        self.bot = bot
        self.clock: Clock = clock or SystemClock()
        self.jobs = [Job(entry, entry_key(entry)) for entry in bot.settings.daily]
        self._task: asyncio.Task[None] | None = None
        self._posting: asyncio.Task[Outcome] | None = None
        self._closing = False
        self.looked_at: dt.datetime | None = None
        """The latest time at which every job due was handled (tests wait on it)."""

    def start(self) -> None:
        if self.jobs and self._task is None:
            self._task = asyncio.create_task(self._run(), name="daily-posts")

    async def stop(self) -> None:
        """Stop posting. A post under way is let finish first (for `STOP_GRACE` seconds at
        most): stopped between sending and recording it, the bot would post it again
        after a restart."""
        self._closing = True
        posting = self._posting
        if posting is not None and not posting.done():
            await asyncio.wait({posting}, timeout=STOP_GRACE)
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @property
    def store(self) -> StateStore:
        return self.bot.state.store

    async def _run(self) -> None:
        await self.bot.wait_until_ready()
        log.info("daily posts: %d scheduled", len(self.jobs))
        while not self.bot.is_closed():
            started = self.clock.utcnow()
            try:
                await self.run_due()
            except Exception:  # never let one bad pass end the daily posts for good
                log.exception("daily posts: unexpected error; going on")
            self.looked_at = started
            now = self.clock.utcnow()
            wake = min(job.next_look(now, self._posted(job)) for job in self.jobs)
            if wake > now:  # nothing is due at `now` either
                self.looked_at = now
            await self.clock.sleep(min(max((wake - now).total_seconds(), 0.0), MAX_SLEEP))

    def _posted(self, job: Job) -> dt.date | None:
        record = self.store.daily(job.key)
        return record.day if record is not None else None

    async def run_due(self) -> None:
        """Post every entry that is due now."""
        for job in self.jobs:
            now = self.clock.utcnow()
            if self._closing or not job.due(now, self._posted(job)):
                continue
            self._posting = asyncio.create_task(self.post(job, now), name="daily-post")
            try:
                await asyncio.shield(self._posting)
            finally:
                self._posting = None

    async def post(self, job: Job, now: dt.datetime) -> Outcome:
        entry = job.entry
        channel = self.bot.get_channel(entry.channel)
        if channel is None and not self._runs_every_shard():
            log.debug(
                "daily post for channel %s: not visible to this process (another shard's)",
                entry.channel,
            )
            job.failed(now, ELSEWHERE_RETRY)
            return Outcome.ELSEWHERE
        where = _where(channel, entry.channel)
        try:
            sent, passage = await self._send(job, channel, local_day(entry, now))
        except PostFailure as failure:
            self._log_failure(job, now, where, str(failure))
            return Outcome.FAILED
        except discord.HTTPException as exc:
            self._log_failure(job, now, where, f"Discord refused the message: {_http(exc)}")
            return Outcome.FAILED
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            self._log_failure(job, now, where, f"could not reach Discord: {exc!r}")
            return Outcome.FAILED
        except Exception as exc:
            log.exception("daily post in %s: unexpected error", where)
            self._log_failure(job, now, where, f"unexpected error: {exc!r}")
            return Outcome.FAILED
        job.succeeded()
        log.info("daily post in %s (%s): %s", where, describe(entry), passage.citation_id)
        if entry.thread:
            await self._open_thread(sent, excerpts.thread_name(passage), where)
        return Outcome.POSTED

    def _runs_every_shard(self) -> bool:
        shard_ids = self.bot.shard_ids
        count = self.bot.shard_count or 1
        return shard_ids is None or set(range(count)) <= set(shard_ids)

    async def _send(
        self, job: Job, channel: object, day: dt.date
    ) -> tuple[discord.Message, Passage]:
        if channel is None:
            raise PostFailure(
                "the channel does not exist, or the bot is not in its server or cannot see it"
            )
        if not isinstance(channel, discord.TextChannel | discord.Thread):
            raise PostFailure("it is not a text channel or a thread")
        me = channel.guild.me
        permissions = channel.permissions_for(me)
        send = (
            "send_messages_in_threads" if isinstance(channel, discord.Thread) else "send_messages"
        )
        missing = [
            excerpts.PERMISSION_NAMES[name]
            for name in ("view_channel", send, "embed_links")
            if not getattr(permissions, name)
        ]
        if missing:
            raise PostFailure("the bot lacks " + ", ".join(missing) + " there")
        state = self.bot.state
        library = state.library
        documents = state.reading_lists.for_channel(channel, library)
        record = self.store.daily(job.key)
        pick, shown = draw(library, job, record, documents)
        if pick.passage is None:
            raise PostFailure(f"nothing to post: {pick.note or 'no passage to choose from'}")
        message = answers.daily(library, pick.passage)
        sent = await channel.send(**convert.send_kwargs(message))
        cid = pick.passage.citation_id
        self.store.record_daily(
            job.key,
            DailyRecord(
                day=day, channel_id=channel.id, message_id=sent.id, citation=cid, shown=shown
            ),
        )
        return sent, pick.passage

    async def _open_thread(self, sent: discord.Message, name: str, where: str) -> None:
        """The discussion thread on a daily post; a failure is logged (the post stays, and
        is not made again)."""
        channel = sent.channel
        if isinstance(channel, discord.Thread):
            log.warning("daily post in %s: no discussion thread inside a thread", where)
            return
        if isinstance(channel, discord.TextChannel):
            permissions = channel.permissions_for(channel.guild.me)
            if not permissions.create_public_threads:
                log.error(
                    "daily post in %s: cannot open its discussion thread: the bot lacks "
                    "Create Public Threads there",
                    where,
                )
                return
        try:
            await sent.create_thread(
                name=name,
                auto_archive_duration=THREAD_ARCHIVE_MINUTES,
                reason="Discussion of the daily excerpt",
            )
        except discord.HTTPException as exc:
            log.error("daily post in %s: cannot open its discussion thread: %s", where, _http(exc))

    def _log_failure(self, job: Job, now: dt.datetime, where: str, reason: str) -> None:
        retry = job.failed(now)
        entry = job.entry
        if job.retry_at is not None and local_day(entry, job.retry_at) != local_day(entry, now):
            later = f"next try tomorrow at {describe(entry)}"
        else:
            later = f"retrying in {retry:.0f} s"
        log.error("daily post in %s (%s) failed: %s; %s", where, describe(entry), reason, later)


def _where(channel: object, channel_id: int) -> str:
    name = getattr(channel, "name", None)
    guild = getattr(channel, "guild", None)
    if name is None:
        return f"channel {channel_id}"
    return f"#{name} (channel {channel_id}, server {getattr(guild, 'id', '?')})"


def _http(exc: discord.HTTPException) -> str:
    text = exc.text or getattr(exc.response, "reason", "") or "no reason given"
    return f"HTTP {exc.status}, code {exc.code}: {text}"


def check_entries(entries: Sequence[DailyPost], library: Library, lists: ReadingLists) -> list[str]:
    """Warnings about `daily:` entries the corpus cannot serve (checked at start): a
    document it does not have, a topic it has nowhere (or not in that document), a channel
    whose reading list leaves nothing to draw from."""
    problems: list[str] = []
    for number, entry in enumerate(entries):
        what = f"daily[{number}] (channel {entry.channel} at {describe(entry)})"
        allowed = lists.present(lists.documents(guild_id=None, channel_id=entry.channel), library)
        docs = allowed
        if entry.document:
            doc = library.document(entry.document)
            if doc is None:
                problems.append(
                    f"{what}: document {entry.document!r} is not in the corpus; the post "
                    "will fail until it is (`python -m bot documents` lists the ids)"
                )
                continue
            if allowed is not None and doc.id not in allowed:
                problems.append(
                    f"{what}: document {doc.id!r} is not on that channel's reading list; "
                    "the post will fail"
                )
                continue
            docs = [doc.id]
        if entry.topic and not library.topic(entry.topic, documents=docs, limit=1, by_text=False):
            where = f" in {docs[0]!r}" if entry.document and docs else ""
            problems.append(f"{what}: no topic matches {entry.topic!r}{where}; the post will fail")
        elif allowed is not None and not allowed:
            problems.append(f"{what}: that channel's reading list names no document the corpus has")
    return problems
