"""Prometheus metrics: the exporter on a local port, fed by the real command handling."""

from __future__ import annotations

import asyncio
import shutil
import socket
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.discord_app.client import ExcerptBot, create_bot
from bot.discord_app.metrics import Metrics
from bot.engine.library import Library
from tests.conftest import WriteCorpus
from tests.discord_app import payloads
from tests.discord_app.conftest import Harness, MakeHarness, button_id, default_settings

ALPHA = """---
id: alpha
title: Alpha
---
# Alpha

Alpha opens with a short introduction.

## Safety

The first paragraph about safety.

The second paragraph about safety.
"""
MANAGER = {"permissions": payloads.MANAGER_PERMISSIONS}


def scrape(port: int) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """GET /metrics and every sample in it, keyed by name and labels."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        text = response.read().decode()
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture
async def metered(harness_factory: MakeHarness, write_corpus: WriteCorpus) -> tuple[Harness, Path]:
    root = write_corpus({"alpha.md": ALPHA})
    settings = default_settings(corpus={"path": str(root)}, metrics={"port": 0})
    return await harness_factory(settings, Library.load(root)), root


@pytest.mark.logs_errors  # the refused reload logs an error
async def test_commands_buttons_and_reloads_move_the_counters(
    metered: tuple[Harness, Path],
) -> None:
    harness, root = metered
    metrics = harness.bot.state.metrics
    assert metrics is not None and metrics.port, "started at login on a free port"
    before = await asyncio.to_thread(scrape, metrics.port)
    assert value(before, "excerpt_bot_commands_total", command="search", outcome="ok") == 0
    assert value(before, "excerpt_bot_corpus_passages") == 3
    assert value(before, "excerpt_bot_corpus_documents") == 1

    await harness.command("search", query="safety")
    await harness.command("search", query="saftey paragraf")
    await harness.command("search", query="qqqzzzxxx")
    shown = await harness.shown("cite", id="alpha/safety/1", public=False)
    await harness.press(button_id(shown, "xb:next:"), shown)
    await harness.command("retired")  # a command this bot no longer has
    (root / "alpha.md").write_text(ALPHA + "\nA third paragraph about safety.\n", "utf-8")
    await harness.dispatch(
        payloads.interaction(2, payloads.subcommand("corpus", "reload"), **MANAGER)
    )
    shutil.rmtree(root)
    await harness.dispatch(
        payloads.interaction(2, payloads.subcommand("corpus", "reload"), **MANAGER)
    )
    await harness.dispatch(payloads.interaction(2, payloads.subcommand("corpus", "stats")))

    after = await asyncio.to_thread(scrape, metrics.port)
    commands = "excerpt_bot_commands_total"
    assert value(after, commands, command="search", outcome="ok") == 2
    assert value(after, commands, command="search", outcome="empty") == 1
    assert value(after, commands, command="cite", outcome="ok") == 1
    assert value(after, commands, command="button:next", outcome="ok") == 1
    assert value(after, commands, command="corpus reload", outcome="ok") == 1
    assert value(after, commands, command="corpus reload", outcome="refused") == 1
    assert value(after, commands, command="corpus stats", outcome="refused") == 1, "no rights"
    assert value(after, commands, command="other", outcome="refused") == 1, "bounded labels"
    assert value(after, "excerpt_bot_reloads_total", outcome="ok") == 1
    assert value(after, "excerpt_bot_reloads_total", outcome="refused") == 1

    engine = "excerpt_bot_engine_seconds"
    assert value(after, f"{engine}_count", command="search") == 3
    assert value(after, f"{engine}_count", command="cite") == 1
    assert 0 < value(after, f"{engine}_sum", command="search") < 5
    assert value(after, f"{engine}_count", command="button:next") == 1
    first = "excerpt_bot_first_response_seconds"
    assert value(after, f"{first}_count", command="search") == 3
    assert value(after, f"{first}_count", command="button:next") == 1
    assert value(after, f"{first}_count", command="corpus reload") == 2
    assert value(after, f"{first}_bucket", command="search", le="+Inf") == 3
    reload_engine = value(after, f"{engine}_sum", command="corpus reload")
    reload_first = value(after, f"{first}_sum", command="corpus reload")
    assert reload_engine <= reload_first < 1, "a deferred command counts up to its deferral"

    assert value(after, "excerpt_bot_corpus_passages") == 4, "read at scrape time"
    assert value(after, "excerpt_bot_recent_engine_latency_samples") == 3, "the searches"
    assert value(after, "excerpt_bot_recent_engine_latency_seconds", quantile="0.5") > 0
    assert value(after, "excerpt_bot_seconds_since_reload") >= 0
    assert value(after, "excerpt_bot_uptime_seconds") > 0


async def test_shard_latency_and_connection_per_shard(
    metered: tuple[Harness, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    harness, _ = metered

    class Shard:
        def __init__(self, closed: bool) -> None:
            self.closed = closed

        def is_closed(self) -> bool:
            return self.closed

    bot_class = type(harness.bot)
    monkeypatch.setattr(
        bot_class, "latencies", property(lambda self: [(0, 0.042), (1, float("inf"))])
    )
    monkeypatch.setattr(
        bot_class, "shards", property(lambda self: {0: Shard(False), 1: Shard(True)})
    )
    metrics = harness.bot.state.metrics
    assert metrics is not None and metrics.port is not None
    samples = await asyncio.to_thread(scrape, metrics.port)
    assert value(samples, "excerpt_bot_shard_latency_seconds", shard="0") == 0.042
    assert ("excerpt_bot_shard_latency_seconds", frozenset({("shard", "1")})) not in samples
    assert value(samples, "excerpt_bot_shard_connected", shard="0") == 1
    assert value(samples, "excerpt_bot_shard_connected", shard="1") == 0


async def test_closing_the_bot_frees_the_port(fake: Any, bundled: Library) -> None:
    bot = create_bot(default_settings(metrics={"port": 0}), bundled)
    bot.http.request = fake.http_request  # type: ignore[method-assign]
    await bot.login("a-token")
    metrics = bot.state.metrics
    assert metrics is not None and metrics.port is not None
    port = metrics.port
    await bot.close()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def test_metrics_are_off_by_default(bundled: Library) -> None:
    bot = create_bot(default_settings(), bundled)
    assert bot.state.metrics is None


def test_a_busy_port_is_a_clear_error(bundled: Library) -> None:
    bot: ExcerptBot = create_bot(default_settings(metrics={"port": 0}), bundled)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        metrics = Metrics(bot)
        with pytest.raises(OSError, match=rf"metrics port 127.0.0.1:{port} cannot be opened"):
            metrics.start("127.0.0.1", port)


def test_labels_stay_bounded(bundled: Library) -> None:
    bot = create_bot(default_settings(metrics={"port": 0}), bundled)
    metrics = bot.state.metrics
    assert metrics is not None
    for name in ("search", "topic", "random", "cite", "documents", "help", "Find source"):
        assert metrics.label(name) == name
    assert metrics.label("corpus reload") == "corpus reload"
    assert metrics.label("button:pin") == "button:pin"
    assert metrics.label("some-stale-command") == "other"
    assert metrics.label("button:" + "x" * 100) == "other"
