"""A real bot object, logged in against a recording Discord, fed real interaction payloads.

`harness()` builds a bot with `create_bot`, logs it in (GET /users/@me and the application
go to the fake), runs its `setup_hook`, and dispatches gateway INTERACTION_CREATE payloads
through its real `ConnectionState`. Every message the bot sends during a test is checked
against Discord's limits and for `allowed_mentions` with nothing allowed when the test ends.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from discord.webhook.async_ import AsyncWebhookAdapter

from bot.config import Settings
from bot.discord_app.client import ExcerptBot, create_bot
from bot.engine.library import Library
from tests.discord_app import payloads
from tests.discord_app.fake_discord import FakeDiscord, Request
from tests.rendering.discord_limits import violations


async def drain(timeout: float = 10.0, ignore: set[asyncio.Task[Any]] | None = None) -> None:
    """Wait until every task the dispatch started (and the tasks they started) is done,
    except those in `ignore`."""
    loop_deadline = asyncio.get_running_loop().time() + timeout
    skip = ignore or set()
    while True:
        await asyncio.sleep(0)
        current = asyncio.current_task()
        pending = [
            t for t in asyncio.all_tasks() if t is not current and not t.done() and t not in skip
        ]
        if not pending:
            return
        left = loop_deadline - asyncio.get_running_loop().time()
        if left <= 0:
            raise AssertionError(f"tasks still running: {pending}")
        await asyncio.wait(pending, timeout=left)


@dataclass
class Harness:
    bot: ExcerptBot
    fake: FakeDiscord

    async def dispatch(
        self,
        payload: dict[str, Any],
        *,
        wait: bool = True,
        ignore: set[asyncio.Task[Any]] | None = None,
    ) -> list[Request]:
        """Deliver one INTERACTION_CREATE and return the requests the bot made for it
        (`wait=False`: return at once, leaving its handling running)."""
        mark = len(self.fake.requests)
        token = payload["token"]
        self.fake.channels_of_tokens[token] = int(payload["channel"]["id"])
        member = payload.get("member")
        self.fake.users_of_tokens[token] = member["user"] if member else payload["user"]
        self.bot._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
        if not wait:
            await asyncio.sleep(0)
            return []
        await drain(ignore=ignore)
        return self.fake.since(mark)

    async def shown(
        self, name: str, /, context: dict[str, Any] | None = None, **options: Any
    ) -> dict[str, Any]:
        """Run a command and return the message Discord stored for its answer."""
        before = len(self.fake.created)
        await self.command(name, context=context, **options)
        assert len(self.fake.created) > before, "the command created no message"
        return self.fake.created[-1]

    async def command(
        self, name: str, /, context: dict[str, Any] | None = None, **options: Any
    ) -> list[Request]:
        data = payloads.slash(name, **options)
        return await self.dispatch(payloads.interaction(2, data, **(context or {})))

    async def press(
        self, custom_id: str, message: dict[str, Any], /, **context: Any
    ) -> list[Request]:
        data = payloads.button(custom_id)
        return await self.dispatch(payloads.interaction(3, data, message=message, **context))

    async def pick(
        self, custom_id: str, value: str, message: dict[str, Any], /, **context: Any
    ) -> list[Request]:
        data = payloads.select(custom_id, value)
        return await self.dispatch(payloads.interaction(3, data, message=message, **context))

    async def complete(
        self,
        name: str,
        focused: str,
        value: str,
        /,
        context: dict[str, Any] | None = None,
        **others: Any,
    ) -> list[Request]:
        data = payloads.autocomplete(name, focused, value, **others)
        return await self.dispatch(payloads.interaction(4, data, **(context or {})))


def default_settings(**sections: Any) -> Settings:
    """Settings for tests: no sync at login, and a cooldown loose enough not to interfere
    (tests of the cooldown set their own)."""
    data: dict[str, Any] = {
        "discord": {"sync_commands": False},
        "commands": {"cooldown": {"rate": 1000, "per_seconds": 1}},
    }
    for key, value in sections.items():
        data[key] = {**data.get(key, {}), **value} if isinstance(value, dict) else value
    return Settings.model_validate(data)


MakeHarness = Callable[..., Awaitable[Harness]]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeDiscord:
    fake = FakeDiscord()
    monkeypatch.setattr(AsyncWebhookAdapter, "request", fake.adapter_request)
    return fake


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "logs_errors: the test expects ERROR log records")


@pytest.fixture
async def harness_factory(
    fake: FakeDiscord,
    bundled: Library,
    caplog: pytest.LogCaptureFixture,
    request: pytest.FixtureRequest,
) -> AsyncIterator[MakeHarness]:
    """Make logged-in bots; at the end, check every message sent, and that nothing logged an
    error (discord.py logs and swallows exceptions in handlers it runs as tasks)."""
    caplog.set_level(logging.INFO)
    bots: list[ExcerptBot] = []

    async def make(settings: Settings | None = None, library: Library | None = None) -> Harness:
        bot = create_bot(settings or default_settings(), library or bundled)
        bot.http.request = fake.http_request  # type: ignore[method-assign]
        await bot.login("a-token")
        bots.append(bot)
        return Harness(bot, fake)

    yield make
    for bot in bots:
        await bot.close()
    await drain()
    problems = [
        (i, problem) for i, message in enumerate(fake.messages()) for problem in violations(message)
    ]
    assert not problems, problems
    if request.node.get_closest_marker("logs_errors") is None:
        errors = [
            f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR
        ]
        assert not errors, errors


@pytest.fixture
async def harness(harness_factory: MakeHarness) -> Harness:
    return await harness_factory()


# -- reading what the bot sent --------------------------------------------------------------


def callbacks(sent: list[Request]) -> list[Request]:
    return [r for r in sent if r.callback_type is not None]


def only_callback(sent: list[Request]) -> Request:
    """The interaction's one acknowledgement (there must be exactly one)."""
    found = callbacks(sent)
    assert len(found) == 1, [(r.method, r.path, r.callback_type) for r in sent]
    return found[0]


def reply(sent: list[Request]) -> dict[str, Any]:
    """The message the member finally sees: the last message payload sent or edited."""
    messages = [m for r in sent if (m := r.message()) is not None]
    assert messages, [(r.method, r.path) for r in sent]
    return messages[-1]


def is_ephemeral(message: dict[str, Any]) -> bool:
    return bool((message.get("flags") or 0) & 64)


def text_of(message: dict[str, Any]) -> str:
    """Every visible text of a message payload, joined (to look for words in it)."""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [(embed.get("footer") or {}).get("text") or ""]
        parts += [(embed.get("author") or {}).get("name") or ""]
        for field in embed.get("fields") or []:
            parts += [field["name"], field["value"]]
    return "\n".join(parts)


def custom_ids(message: dict[str, Any]) -> list[str]:
    return [
        item["custom_id"]
        for row in message.get("components") or []
        for item in row["components"]
        if "custom_id" in item
    ]


def footer_cid(message: dict[str, Any]) -> str:
    footer = message["embeds"][0]["footer"]["text"]
    assert footer.startswith("cite: "), footer
    return footer.removeprefix("cite: ").split(" ")[0]


def button_id(message: dict[str, Any], prefix: str) -> str:
    """The custom_id of the message's component starting with `prefix` (e.g. `xb:next:`)."""
    for custom_id in custom_ids(message):
        if custom_id.startswith(prefix):
            return custom_id
    raise AssertionError(f"no {prefix} component in {custom_ids(message)}")
