"""`python -m bot run`: read the token, load the corpus once, run the bot until a signal.

Exit codes: 0 after a clean shutdown (SIGTERM, SIGINT), 1 when the corpus has no passage to
serve or the connection fails, 2 for a missing or rejected token or bad shard settings.
The token is read from `DISCORD_TOKEN` (or the file `DISCORD_TOKEN_FILE` names) and is
never logged or printed.

`run_bot` is `read_launch` (environment), `build_bot` (corpus + `create_bot`) and `serve`
(connect, sync in `setup_hook`, run until closed); end-to-end tests and the load benchmark
start the bot with the same three steps against a local stand-in of Discord.

While it serves, `run_bot` keeps the health status file up to date (`health.HealthReporter`)
for `python -m bot health`. SIGTERM stops it cleanly at any point, also while the corpus is
still loading: in a container the bot is process 1, which the kernel does not kill on a
signal it has no handler for, so without one `docker stop` would wait for its SIGKILL.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord

from bot.config import Settings
from bot.discord_app.client import ExcerptBot, create_bot
from bot.discord_app.health import HealthReporter
from bot.discord_app.store import state_path
from bot.engine.library import Library
from bot.health import status_path

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
TOKEN_HELP = (
    "No Discord token: set DISCORD_TOKEN to the bot token from the Discord developer portal "
    "(or DISCORD_TOKEN_FILE to a file holding it). Without a token, `python -m bot console` "
    "runs the same commands offline."
)


class SetupError(Exception):
    """Something to tell the operator before anything connects."""


class MissingToken(SetupError):
    """Neither DISCORD_TOKEN nor DISCORD_TOKEN_FILE is set."""


def read_token(environ: Mapping[str, str] | None = None) -> str | None:
    env = os.environ if environ is None else environ
    token = env.get("DISCORD_TOKEN", "").strip()
    if token:
        return token
    path = env.get("DISCORD_TOKEN_FILE", "").strip()
    if not path:
        return None
    try:
        token = Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise SetupError(f"DISCORD_TOKEN_FILE {path!r} cannot be read: {reason}") from None
    if not token:
        raise SetupError(f"DISCORD_TOKEN_FILE {path!r} is empty")
    return token


def shard_settings(
    settings: Settings, environ: Mapping[str, str] | None = None
) -> tuple[int | None, list[int] | None]:
    """Shard count and ids: `EXCERPT_SHARD_COUNT` / `EXCERPT_SHARD_IDS` (comma-separated)
    override the config, so processes sharing one config file can split the shards."""
    env = os.environ if environ is None else environ
    count = settings.discord.shard_count
    shard_ids = settings.discord.shard_ids
    raw_count = env.get("EXCERPT_SHARD_COUNT", "").strip()
    raw_ids = env.get("EXCERPT_SHARD_IDS", "").strip()
    if raw_count:
        if not raw_count.isdigit() or int(raw_count) < 1:
            raise SetupError(f"EXCERPT_SHARD_COUNT: got {raw_count!r}, expected a number ≥ 1")
        count = int(raw_count)
    if raw_ids:
        parts = [p.strip() for p in raw_ids.split(",") if p.strip()]
        if not parts or not all(p.isdigit() for p in parts):
            raise SetupError(
                f"EXCERPT_SHARD_IDS: got {raw_ids!r}, expected shard numbers such as 0,1,2"
            )
        shard_ids = [int(p) for p in parts]
    if shard_ids is not None:
        if count is None:
            raise SetupError("shard ids need a shard count (EXCERPT_SHARD_COUNT or config)")
        outside = [i for i in shard_ids if not 0 <= i < count]
        if outside:
            raise SetupError(f"shard ids {outside} are outside 0..{count - 1}")
    return count, shard_ids


def setup_logging(level: str) -> None:
    discord.utils.setup_logging(level=getattr(logging, level.upper(), logging.INFO), root=True)


def load_library(settings: Settings) -> Library:
    library = Library.load(settings.corpus.path, cache_dir=settings.corpus.cache_dir)
    for problem in library.corpus.problems:
        log.warning("corpus: %s", problem)
    stats = library.stats()
    if not stats.passages:
        raise SetupError(
            f"no passage loaded from {settings.corpus.path}: the bot would have nothing to "
            "serve (run `python -m bot check` for details)"
        )
    log.info(
        "corpus %s: %d documents, %d sections, %d passages (loaded %.2f s, indexed %.2f s)",
        settings.corpus.path,
        stats.documents,
        stats.sections,
        stats.passages,
        stats.load_seconds,
        stats.index_seconds,
    )
    return library


@dataclass(frozen=True)
class Launch:
    """What `python -m bot run` takes from the environment: the token and the shards."""

    token: str
    shard_count: int | None
    shard_ids: list[int] | None


def read_launch(settings: Settings, environ: Mapping[str, str] | None = None) -> Launch:
    """The token and shard settings; `MissingToken` or `SetupError` when unusable."""
    token = read_token(environ)
    if token is None:
        raise MissingToken("no Discord token")
    shard_count, shard_ids = shard_settings(settings, environ)
    return Launch(token, shard_count, shard_ids)


def build_bot(settings: Settings, launch: Launch, **discord_options: Any) -> ExcerptBot:
    """Load the corpus once and build the bot for `launch`; `discord_options` reach
    discord.py (tests pass `guild_ready_timeout`, and `clock` for the daily posts).
    `SetupError` when nothing can be served. The bot remembers its daily posts and pinned
    channels in the state file of its shards (`store.state_path`)."""
    library = load_library(settings)
    return create_bot(
        settings,
        library,
        state_file=state_path(settings, launch.shard_ids),
        shard_count=launch.shard_count,
        shard_ids=launch.shard_ids,
        **discord_options,
    )


async def serve(bot: ExcerptBot, token: str, *, health_file: Path | None = None) -> int:
    """Run until the bot closes; SIGTERM and SIGINT close it cleanly. With `health_file`,
    the bot's status is kept there while it runs (see `health.HealthReporter`)."""
    loop = asyncio.get_running_loop()
    closing: list[asyncio.Task[None]] = []

    def stop(signame: str) -> None:
        if not closing:
            log.info("%s received: closing", signame)
            closing.append(loop.create_task(bot.close()))

    installed: list[signal.Signals] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop, sig.name)
            installed.append(sig)
        except (NotImplementedError, RuntimeError):  # not the main thread, or no signals
            pass
    reporter: HealthReporter | None = None
    if health_file is not None:
        reporter = HealthReporter(
            bot,
            health_file,
            interval=bot.settings.health.interval_seconds,
            corpus_size=lambda: (len(bot.state.library.documents), len(bot.state.library.corpus)),
        )
        reporter.start()
    try:
        async with bot:
            await bot.start(token)
    except discord.LoginFailure:
        log.error("Discord rejected the token (check DISCORD_TOKEN)")
        return EXIT_USAGE
    except discord.PrivilegedIntentsRequired:
        log.error("Discord refused the intents this bot asked for")
        return EXIT_FAILED
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
        if closing:
            await asyncio.gather(*closing, return_exceptions=True)
        if reporter is not None:
            await reporter.stop()
    return EXIT_OK


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt (as SIGINT does) until `serve` installs its own
    handlers: the corpus may take a while to load, and a stop meanwhile must not hang."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: nothing to install
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_bot(settings: Settings, environ: Mapping[str, str] | None = None) -> int:
    """Connect to Discord with `settings` (already validated) until told to stop."""
    try:
        launch = read_launch(settings, environ)
    except MissingToken:
        print(TOKEN_HELP, file=sys.stderr)
        return EXIT_USAGE
    except SetupError as exc:
        print(f"Cannot start: {exc}", file=sys.stderr)
        return EXIT_USAGE
    setup_logging(settings.logging.level)
    health_file = status_path(settings.health.file, launch.shard_ids)
    with sigterm_interrupts():
        try:
            bot = build_bot(settings, launch)
        except SetupError as exc:
            log.error("cannot start: %s", exc)
            return EXIT_FAILED
        except KeyboardInterrupt:
            log.info("stopped while loading the corpus")
            return EXIT_OK
        try:
            return asyncio.run(serve(bot, launch.token, health_file=health_file))
        except KeyboardInterrupt:
            return EXIT_OK
        except (OSError, discord.DiscordException) as exc:
            log.error("stopped: %s", exc)
            return EXIT_FAILED
