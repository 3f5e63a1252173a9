"""Load benchmark: the real bot answering interactions at a fixed rate through the stand-in.

Usage (from the repository root):

    .venv/bin/python bench/load.py [--rates 50 200] [--seconds 30] [--corpus DIR]
                                   [--reload-every S] [--drop-every S] [--json PATH]

This process runs the local stand-in of Discord (`tests/standin`) on 127.0.0.1 with a few
guilds and channels. The bot runs in its own process, started exactly as
`python -m bot run --config CONFIG` starts it (`bot.cli.main`, token from `DISCORD_TOKEN`),
with discord.py's REST base and gateway pointed at the stand-in: so the bot's event loop is
not shared with the load generator, as in production.

For each rate, interactions are dispatched on a fixed schedule (not waiting for answers) by
members of several guilds and channels: searches (real-looking queries from
`bench/queries/nodejs.jsonl`, some with typos), `topic.name` autocompletes on partial words,
`/topic` and `/random`. First-response latency runs from the moment the stand-in dispatches
INTERACTION_CREATE to the moment it receives the interaction callback (message, deferral or
autocomplete answer). An interaction is *lost* when no callback came before the drain ends,
*late* when it came after Discord's 3-second window.

The bot's config sets a high per-member cooldown so that the figures measure answering, not
the per-member limit refusing. `--reload-every S` runs `/corpus reload` every S seconds and
`--drop-every S` drops the gateway every S seconds (the bot resumes), for reliability runs.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Coroutine
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.standin import MEMBER_DEFAULT, FakeDiscord, Member, Perm, Reply  # noqa: E402

DEFAULT_CORPUS = ROOT / "tests" / "fixtures" / "nodejs-api"
QUERIES = ROOT / "bench" / "queries"
FIRST_ANSWER_WINDOW = 3.0
DRAIN_SECONDS = FIRST_ANSWER_WINDOW + 2.0
READY_TIMEOUT = 120.0
MIX = (("search", 0.5), ("autocomplete", 0.25), ("topic", 0.15), ("random", 0.10))
FALLBACK_SEARCHES = [
    "fs readfile",
    "readFle callback",
    "creat write stream",
    "child process spawn",
    "buffer alloc unsaf",
    "how do i read a file line by line",
    "http server listen port",
    "promisify callback function",
]
FALLBACK_TOPICS = ["readFileSync", "fs watch caveats", "uncaught exeption", "Buffer.alloc"]


# -- the bot's own process ----------------------------------------------------------------


def serve_bot(config: Path, api_base: str, gateway: str, profile: Path | None = None) -> int:
    """`python -m bot run --config CONFIG`, with discord.py pointed at the stand-in; under
    cProfile when `profile` names a file for the stats (written when the bot stops)."""
    import cProfile

    import yarl
    from discord.gateway import DiscordWebSocket
    from discord.http import Route

    from bot import cli

    Route.BASE = api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    if profile is None:
        return cli.main(["run", "--config", str(config)])
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        return cli.main(["run", "--config", str(config)])
    finally:
        profiler.disable()
        profiler.dump_stats(profile)


# -- the load ----------------------------------------------------------------------------


@dataclass
class Workload:
    """What members type: queries, topic names, partial words, documents."""

    searches: list[str]
    topics: list[str]
    partials: list[str]
    documents: list[str]

    @classmethod
    def from_files(cls, documents: list[str], rng: random.Random) -> Workload:
        searches = [q["query"] for q in _jsonl(QUERIES / "nodejs.jsonl")] or FALLBACK_SEARCHES
        topics = [
            q["query"] for q in _jsonl(QUERIES / "topics.jsonl") if q["corpus"] == "nodejs"
        ] or FALLBACK_TOPICS
        # Some extra typos: a letter dropped from a longer word.
        typos = []
        for query in rng.sample(searches, min(20, len(searches))):
            words = query.split()
            long = [i for i, w in enumerate(words) if len(w) > 5]
            if long:
                i = rng.choice(long)
                cut = rng.randrange(1, len(words[i]) - 1)
                words[i] = words[i][:cut] + words[i][cut + 1 :]
                typos.append(" ".join(words))
        partials = sorted(
            {name[:n] for name in topics + searches[:30] for n in (2, 3, 5, 8) if len(name) > n}
        )
        return cls(searches + typos, topics, partials, documents)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@dataclass
class RateResult:
    rate: int
    seconds: float
    sent: int = 0
    answered: int = 0
    lost: int = 0
    late: int = 0
    p50_ms: float | None = None
    p99_ms: float | None = None
    max_ms: float | None = None
    by_kind: dict[str, int] = field(default_factory=dict)
    violations: int = 0
    reloads: int = 0
    drops: int = 0


def percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[min(int(rank), len(ordered)) - 1]


class LoadRun:
    def __init__(self, fake: FakeDiscord, members: list[Member], manager: Member, seed: int):
        self.fake = fake
        self.members = members
        self.manager = manager
        self.rng = random.Random(seed)
        self.workload: Workload | None = None

    async def interaction(self, kind: str) -> Reply:
        """Dispatch one interaction of `kind` from a random member; return at once."""
        assert self.workload is not None
        work, rng = self.workload, self.rng
        member = rng.choice(self.members)
        if kind == "search":
            return await member.start_slash("search", query=rng.choice(work.searches)[:300])
        if kind == "autocomplete":
            return await member.start_autocomplete("topic", "name", rng.choice(work.partials))
        if kind == "topic":
            return await member.start_slash("topic", name=rng.choice(work.topics)[:300])
        options: dict[str, Any] = {}
        if rng.random() < 0.5 and work.documents:
            options["document"] = rng.choice(work.documents)
        return await member.start_slash("random", **options)

    async def run_rate(
        self, rate: int, seconds: float, reload_every: float | None, drop_every: float | None
    ) -> RateResult:
        loop = asyncio.get_running_loop()
        total = int(rate * seconds)
        kinds = [k for k, _ in MIX]
        weights = [w for _, w in MIX]
        plan = self.rng.choices(kinds, weights, k=total)
        result = RateResult(rate, seconds, by_kind={k: plan.count(k) for k in kinds})
        self.fake.violations.take()
        sent: list[asyncio.Task[Reply]] = []
        background: list[asyncio.Task[None]] = []
        if reload_every:
            background.append(loop.create_task(self._every(reload_every, self._reload, result)))
        if drop_every:
            background.append(loop.create_task(self._every(drop_every, self._drop, result)))
        start = loop.time()
        for i, kind in enumerate(plan):
            delay = start + i / rate - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            sent.append(loop.create_task(self.interaction(kind)))
        for task in background:
            task.cancel()
        dispatched = await asyncio.gather(*sent, return_exceptions=True)
        for failure in dispatched:
            if isinstance(failure, BaseException) and not isinstance(failure, AssertionError):
                raise failure
        # An AssertionError: the stand-in found no gateway connection to deliver it on within
        # its wait (the bot did not reconnect in time); the member would never get an answer.
        replies = [r for r in dispatched if isinstance(r, Reply)]
        result.lost += len(dispatched) - len(replies)
        deadline = loop.time() + DRAIN_SECONDS
        while loop.time() < deadline and any(r.exchange.callback_at is None for r in replies):
            await asyncio.sleep(0.05)
        latencies: list[float] = []
        for reply in replies:
            exchange = reply.exchange
            if exchange.callback_at is None:
                result.lost += 1
                continue
            latency = exchange.callback_at - exchange.dispatched_at
            latencies.append(latency * 1000)
            if latency > FIRST_ANSWER_WINDOW or exchange.callback_type is None:
                result.late += 1
            else:
                result.answered += 1
        result.sent = len(dispatched)
        if latencies:
            latencies.sort()
            result.p50_ms = round(percentile(latencies, 50), 1)
            result.p99_ms = round(percentile(latencies, 99), 1)
            result.max_ms = round(latencies[-1], 1)
        broken = self.fake.violations.take()
        result.violations = len(broken)
        for violation in broken[:5]:
            print(f"violation at {rate}/s: {violation}", file=sys.stderr)
        return result

    async def _every(
        self,
        seconds: float,
        action: Callable[[RateResult], Coroutine[Any, Any, None]],
        result: RateResult,
    ) -> None:
        while True:
            await asyncio.sleep(seconds)
            await action(result)

    async def _reload(self, result: RateResult) -> None:
        await self.manager.start_slash("corpus reload")
        result.reloads += 1

    async def _drop(self, result: RateResult) -> None:
        await self.fake.gateway.drop()
        result.drops += 1


# -- the driver -----------------------------------------------------------------------------


def document_ids(corpus: Path) -> list[str]:
    """A few document ids for `/random document:` (loaded here, before the bot starts)."""
    from bot.engine.library import Library

    return [doc.id for doc in Library.load(corpus).documents][:20]


def write_config(folder: Path, corpus: Path) -> Path:
    config = folder / "config.yaml"
    config.write_text(
        "corpus:\n"
        f"  path: {json.dumps(str(corpus))}\n"
        "discord:\n"
        "  sync_commands: true\n"
        "commands:\n"
        "  cooldown: {rate: 1000, per_seconds: 1}\n"
        "logging:\n"
        "  level: INFO\n",
        encoding="utf-8",
    )
    return config


async def wait_ready(fake: FakeDiscord, probe: Member, bot: subprocess.Popen[bytes]) -> None:
    """Until the bot synced its commands, connected and answered a /help."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + READY_TIMEOUT
    while fake.commands.find("help", 1, None) is None or not fake.gateway.identifies:
        if bot.poll() is not None:
            raise RuntimeError(f"the bot exited with {bot.returncode} before it was ready")
        if loop.time() > deadline:
            raise RuntimeError("the bot did not connect in time")
        await asyncio.sleep(0.1)
    while True:
        try:
            await probe.slash("help", timeout=5)
            return
        except AssertionError:
            if loop.time() > deadline:
                raise
            fake.violations.take()


async def benchmark(args: argparse.Namespace) -> tuple[list[RateResult], dict[str, Any]]:
    async with FakeDiscord(heartbeat_interval_ms=41_250) as fake:
        guilds = [
            fake.add_guild(f"Guild {g}", channels=[f"chan-{c}" for c in range(args.channels)])
            for g in range(args.guilds)
        ]
        members = [
            fake.member(guild, f"m{g}-{m}", channel=guild.text_channels[m % args.channels])
            for g, guild in enumerate(guilds)
            for m in range(args.members)
        ]
        manager = fake.member(guilds[0], "manager", permissions=MEMBER_DEFAULT | Perm.MANAGE_GUILD)
        documents = document_ids(args.corpus)
        with tempfile.TemporaryDirectory(prefix="excerpt-load-") as tmp:
            config = write_config(Path(tmp), args.corpus.resolve())
            log_path = Path(args.bot_log or Path(tmp) / "bot.log")
            env = dict(os.environ, DISCORD_TOKEN=fake.token)
            command = [
                sys.executable,
                __file__,
                "--serve-bot",
                str(config),
                "--api-base",
                fake.api_url,
                "--gateway-url",
                fake.gateway_url,
            ]
            if args.profile_bot is not None:
                command += ["--profile-bot", str(args.profile_bot.resolve())]
            with log_path.open("wb") as log:
                bot = subprocess.Popen(command, env=env, stdout=log, stderr=log, cwd=ROOT)
                try:
                    await wait_ready(fake, members[0], bot)
                    run = LoadRun(fake, members, manager, args.seed)
                    run.workload = Workload.from_files(documents, run.rng)
                    results = []
                    for rate in args.rates:
                        print(f"{rate}/s for {args.seconds:g} s...", file=sys.stderr, flush=True)
                        result = await run.run_rate(
                            rate, args.seconds, args.reload_every, args.drop_every
                        )
                        results.append(result)
                finally:
                    bot.send_signal(signal.SIGTERM)
                    try:
                        code = await asyncio.to_thread(bot.wait, 15)
                    except subprocess.TimeoutExpired:
                        bot.kill()
                        code = bot.wait()
            if code != 0:
                tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
                print(f"the bot exited with {code}; end of its log:\n{tail}", file=sys.stderr)
    info = {
        "machine": f"{platform.platform()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "corpus": str(args.corpus),
        "guilds": args.guilds,
        "channels_per_guild": args.channels,
        "members_per_guild": args.members,
        "mix": dict(MIX),
        "reload_every_s": args.reload_every,
        "drop_every_s": args.drop_every,
    }
    return results, info


def table(results: list[RateResult], info: dict[str, Any]) -> str:
    header = ("rate/s", "seconds", "sent", "answered", "lost", "late", "p50 ms", "p99 ms", "max ms")
    rows: list[tuple[str, ...]] = [header]
    for r in results:
        rows.append(
            tuple(
                str(v)
                for v in (
                    r.rate,
                    f"{r.seconds:g}",
                    r.sent,
                    r.answered,
                    r.lost,
                    r.late,
                    r.p50_ms,
                    r.p99_ms,
                    r.max_ms,
                )
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [" | ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    extras = []
    for r in results:
        faults = []
        if r.reloads:
            faults.append(f"{r.reloads} reloads")
        if r.drops:
            faults.append(f"{r.drops} gateway drops")
        mix = ", ".join(f"{k} {v}" for k, v in r.by_kind.items())
        extras.append(
            f"{r.rate}/s: {mix}; stand-in violations {r.violations}"
            + (f"; {', '.join(faults)}" if faults else "")
        )
    return "\n".join(
        [
            f"machine: {info['machine']}",
            f"date: {info['date']}; corpus: {info['corpus']}",
            *lines,
            *extras,
        ]
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rates", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--guilds", type=int, default=3)
    parser.add_argument("--channels", type=int, default=2, help="channels per guild")
    parser.add_argument("--members", type=int, default=8, help="members per guild")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reload-every", type=float, metavar="S")
    parser.add_argument("--drop-every", type=float, metavar="S")
    parser.add_argument("--json", type=Path, metavar="PATH")
    parser.add_argument("--bot-log", type=Path, help="keep the bot's log here")
    parser.add_argument(
        "--profile-bot", type=Path, metavar="PATH", help="run the bot under cProfile, stats here"
    )
    parser.add_argument("--serve-bot", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--api-base", help=argparse.SUPPRESS)
    parser.add_argument("--gateway-url", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.serve_bot is not None:
        return serve_bot(args.serve_bot, args.api_base, args.gateway_url, args.profile_bot)
    results, info = asyncio.run(benchmark(args))
    print(table(results, info))
    if args.json:
        rows = [asdict(r) for r in results]
        args.json.write_text(json.dumps({**info, "rows": rows}, indent=2), encoding="utf-8")
    return 1 if any(r.lost or r.late for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
