"""The real bot, started the way `python -m bot run` starts it, against the local stand-in.

`Launcher.running(settings)` takes the steps `bot.discord_app.main.run_bot` takes: settings
validated from a `config.yaml` file (`load_settings`), the token and shards read from the
environment (`read_launch`), the corpus loaded and the bot built by `create_bot`
(`build_bot`), then `serve`, which logs in, syncs the commands in `setup_hook` and connects.
The differences: discord.py points at 127.0.0.1 (done by `FakeDiscord`), `guild_ready_timeout`
is 0.1 s instead of 2 s, and what `run_bot` adds around these steps for an operator (logging
setup, the health file) is left out. `bench/load.py` runs `python -m bot run` itself.

Every test fails at teardown when the stand-in logged a violation the test did not take, or
when the bot or discord.py logged an error (unless marked `logs_errors`).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import re
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from discord.gateway import KeepAliveHandler

from bot.config import Settings, load_settings
from bot.discord_app.client import ExcerptBot
from bot.discord_app.main import EXIT_OK, build_bot, read_launch, serve
from bot.rendering.excerpts import COLOR, DONE_COLOR, ERROR_COLOR, NOTICE_COLOR
from tests.conftest import BUNDLED
from tests.standin import (
    MEMBER_DEFAULT,
    FakeDiscord,
    Guild,
    Member,
    Perm,
    Reply,
    StoredMessage,
    wait_until,
)

__all__ = ["COLOR", "DONE_COLOR", "ERROR_COLOR", "NOTICE_COLOR"]

HEARTBEAT_MS = 250
"""Short, so a heartbeat (and its ACK) happens during most tests."""
READY_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0
TEST_COOLDOWN = {"rate": 1000, "per_seconds": 1}
"""The per-member limit is not under test here; scenarios run many commands per member."""


class Launcher:
    """Writes config files and runs bots the way `python -m bot run` does."""

    def __init__(self, fake: FakeDiscord, folder: Path) -> None:
        self.fake = fake
        self.folder = folder
        self._configs = itertools.count(1)

    def settings(self, corpus: Path = BUNDLED, **sections: Any) -> Settings:
        """A `config.yaml` for `corpus`, with `sections` merged over the test defaults, read
        back through `load_settings` (the validation a real start goes through)."""
        config: dict[str, Any] = {
            "corpus": {"path": str(corpus)},
            "discord": {"sync_commands": True},
            "commands": {"cooldown": dict(TEST_COOLDOWN)},
            "state": {"dir": str(self.folder / "state")},
        }
        for name, values in sections.items():
            if isinstance(values, dict):
                config.setdefault(name, {}).update(values)
            else:  # a list, such as daily or reading_lists
                config[name] = values
        path = self.folder / f"config-{next(self._configs)}.yaml"
        path.write_text(yaml.safe_dump(config), encoding="utf-8")
        return load_settings(path)

    @contextlib.asynccontextmanager
    async def running(
        self,
        settings: Settings | None = None,
        environ: dict[str, str] | None = None,
        **options: Any,
    ) -> AsyncIterator[ExcerptBot]:
        """A bot serving `settings` until the block ends; then it must stop with exit code 0.
        `environ` adds to the environment `read_launch` sees (e.g. `EXCERPT_SHARD_IDS`);
        `options` reach `build_bot` (e.g. `clock=fake.clock` for the daily posts)."""
        settings = settings or self.settings()
        launch = read_launch(settings, {"DISCORD_TOKEN": self.fake.token, **(environ or {})})
        bot = build_bot(settings, launch, guild_ready_timeout=0.1, **options)
        serving = asyncio.create_task(serve(bot, launch.token), name="e2e-bot")
        try:
            await wait_until(
                lambda: bot.is_ready() or serving.done(),
                timeout=READY_TIMEOUT,
                what=lambda: f"the bot to be ready ({self.fake.gateway.identifies} identifies)",
            )
            if serving.done():
                raise AssertionError(f"the bot stopped before it was ready: {serving.result()}")
            yield bot
        finally:
            await bot.close()
            code = await asyncio.wait_for(serving, STOP_TIMEOUT)
            await _heartbeats_stopped()
        assert code == EXIT_OK, f"the bot exited with {code}"


async def _heartbeats_stopped() -> None:
    """Wait for discord.py's heartbeat threads to end. One that woke just before the bot
    closed would otherwise send its heartbeat to the test's event loop after pytest closed
    it, and fail in its thread ("Event loop is closed")."""
    for thread in threading.enumerate():
        if isinstance(thread, KeepAliveHandler):
            thread.stop()
            await asyncio.to_thread(thread.join, STOP_TIMEOUT)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "logs_errors: the scenario makes the bot log an error on purpose"
    )


@pytest.fixture(autouse=True)
def no_error_logged(
    caplog: pytest.LogCaptureFixture, request: pytest.FixtureRequest
) -> Iterator[None]:
    """Fail a scenario in which the bot or discord.py logged an error (an unexpected
    exception the member only saw as an apology, a failed sync...), unless it is marked."""
    yield
    if request.node.get_closest_marker("logs_errors") is not None:
        return
    errors = [
        f"{record.name}: {record.getMessage()}"
        for when in ("setup", "call", "teardown")
        for record in caplog.get_records(when)
        if record.levelno >= logging.ERROR and record.name.startswith(("bot", "discord"))
    ]
    assert not errors, "\n".join(errors)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(heartbeat_interval_ms=HEARTBEAT_MS) as stand_in:
        yield stand_in
    stand_in.violations.assert_empty()


@pytest.fixture
def guild(fake: FakeDiscord) -> Guild:
    return fake.add_guild("Study Group", channels=["general", "quotes"])


@pytest.fixture
def launcher(fake: FakeDiscord, tmp_path: Path) -> Launcher:
    return Launcher(fake, tmp_path)


@pytest.fixture
async def bot(launcher: Launcher, guild: Guild) -> AsyncIterator[ExcerptBot]:
    """The bot on the bundled corpus, commands synced globally (so DMs have them too)."""
    async with launcher.running() as running:
        yield running


@pytest.fixture
def alice(fake: FakeDiscord, guild: Guild) -> Member:
    """A plain member: may not pin, may not manage the server."""
    return fake.member(guild, "alice")


@pytest.fixture
def mod(fake: FakeDiscord, guild: Guild) -> Member:
    return fake.member(guild, "mod", permissions=MEMBER_DEFAULT | Perm.PIN_MESSAGES)


@pytest.fixture
def manager(fake: FakeDiscord, guild: Guild) -> Member:
    return fake.member(guild, "manager", permissions=MEMBER_DEFAULT | Perm.MANAGE_GUILD)


# -- reading what the member sees ----------------------------------------------------------

CITE = re.compile(r"cite: (\S+)")


def only_embed(message: Reply | StoredMessage) -> dict[str, Any]:
    embeds = message.embeds
    assert len(embeds) == 1, f"expected one embed, got {embeds}"
    return embeds[0]


def cited(message: Reply | StoredMessage) -> list[str]:
    """The citation ids in the message's embed footers, in order."""
    found: list[str] = []
    for embed in message.embeds:
        match = CITE.match((embed.get("footer") or {}).get("text", ""))
        if match:
            found.append(match.group(1))
    return found


def colors(message: Reply | StoredMessage) -> set[int | None]:
    return {embed.get("color") for embed in message.embeds}


def labels(message: Reply | StoredMessage) -> list[str]:
    """Every button's label, in order (as the member reads them)."""
    stored = message.message if isinstance(message, Reply) else message
    assert stored is not None, f"{message!r} has no message"
    return [str(button.get("label")) for button in stored.buttons()]


def enabled(message: Reply | StoredMessage, label: str) -> bool:
    stored = message.message if isinstance(message, Reply) else message
    assert stored is not None
    for button in stored.buttons():
        if button.get("label") == label:
            return not button.get("disabled", False)
    raise AssertionError(f"no button {label!r}; has {labels(message)}")


def select_values(message: Reply | StoredMessage) -> list[str]:
    stored = message.message if isinstance(message, Reply) else message
    assert stored is not None
    [select] = stored.selects()
    return [option["value"] for option in select["options"]]


def is_refusal(reply: Reply) -> bool:
    """A short private answer in the error colour (what every refusal looks like)."""
    return reply.ephemeral and colors(reply) == {ERROR_COLOR} and not labels(reply)


def lift_max_length(fake: FakeDiscord, command: str, option: str) -> None:
    """Make Discord hold a definition of `/command` whose `option` has no `max_length`,
    as when an older release synced it: the client then sends up to 6000 characters."""
    definition = fake.commands.find(command, 1, None)
    assert definition is not None, f"/{command} was not synced"
    for entry in definition["options"]:
        if entry["name"] == option:
            entry.pop("max_length", None)
            return
    raise AssertionError(f"/{command} has no option {option!r}")


@contextlib.contextmanager
def no_new_requests(fake: FakeDiscord, pattern: str) -> Iterator[None]:
    """Assert the block makes no request matching `pattern` (e.g. no pin was attempted)."""
    before = len(fake.requests_matching(pattern))
    yield
    after = fake.requests_matching(pattern)
    assert len(after) == before, f"unexpected {after[before:]}"
