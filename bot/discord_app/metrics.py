"""Prometheus metrics, opt-in (`metrics.port`), served at http://ADDRESS:PORT/metrics.

Two kinds:

- events, counted where they happen: every command and button goes through
  `respond.finish` (its one log line), which calls `Metrics.command`; every reload goes
  through `corpus_admin.reload_library`, which calls `Metrics.reload`;
- figures, read when Prometheus scrapes (`_Figures`): the corpus size and load times, the
  /corpus stats latency percentiles, uptime, guilds, and each shard's heartbeat latency.
  Reading them at scrape time means a reload or a reconnect needs no hook of its own.

Each bot has its own registry (nothing goes to prometheus_client's global one), so tests
can build several bots in one process. The HTTP server is prometheus_client's own, on a
daemon thread; figures are read from that thread, which only reads plain attributes.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIServer

import discord
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import start_http_server
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from bot.discord_app.client import ExcerptBot

log = logging.getLogger(__name__)

PREFIX = "excerpt_bot"
ENGINE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
"""Engine work (search, topic, random, cite): well under 10 ms is the norm."""
RESPONSE_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
"""First response: Discord kills the interaction past 3 s."""
OTHER = "other"
COMPONENT_PREFIXES = ("button:", "select:")


class Metrics:
    """The registry of one bot, the calls that count into it, and its HTTP exporter."""

    def __init__(self, bot: ExcerptBot) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.known_commands: set[str] = set()
        """Command names used as labels as they are; anything else is `other` (a stale
        command Discord still sends must not grow the label set without end)."""
        self.commands = Counter(
            f"{PREFIX}_commands",
            "Commands, menus and buttons handled, by name and outcome",
            ["command", "outcome"],
            registry=self.registry,
        )
        self.engine_seconds = Histogram(
            f"{PREFIX}_engine_seconds",
            "Time spent in the engine (search, topic, random, cite) per command",
            ["command"],
            buckets=ENGINE_BUCKETS,
            registry=self.registry,
        )
        self.response_seconds = Histogram(
            f"{PREFIX}_first_response_seconds",
            "Time from the interaction's arrival to its first response (answer or deferral)",
            ["command"],
            buckets=RESPONSE_BUCKETS,
            registry=self.registry,
        )
        self.reloads = Counter(
            f"{PREFIX}_reloads",
            "Corpus reloads by outcome: ok (swapped in), refused (nothing to serve), failed",
            ["outcome"],
            registry=self.registry,
        )
        self.registry.register(_Figures(bot))
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None
        self.port: int | None = None
        """The port the exporter listens on, once started (0 in the config picks one)."""

    def label(self, name: str) -> str:
        if name in self.known_commands:
            return name
        if name.startswith(COMPONENT_PREFIXES) and len(name) <= 40:
            return name
        return OTHER

    def command(
        self,
        name: str,
        outcome: str,
        *,
        engine_seconds: float | None,
        response_seconds: float | None,
    ) -> None:
        """Count one handled interaction (called from `respond.finish`, once each)."""
        label = self.label(name)
        self.commands.labels(label, outcome).inc()
        if engine_seconds is not None:
            self.engine_seconds.labels(label).observe(engine_seconds)
        if response_seconds is not None and response_seconds >= 0:
            self.response_seconds.labels(label).observe(response_seconds)

    def reload(self, outcome: str) -> None:
        self.reloads.labels(outcome).inc()

    def render(self) -> bytes:
        """The metrics in Prometheus' text format, as the exporter serves them."""
        return generate_latest(self.registry)

    # -- the exporter ---------------------------------------------------------------------

    def start(self, address: str, port: int) -> int:
        """Serve /metrics on `address`:`port` from a daemon thread; the port bound."""
        if self._server is not None:
            return self.port or 0
        try:
            server, thread = start_http_server(port, addr=address, registry=self.registry)
        except OSError as exc:
            raise OSError(f"the metrics port {address}:{port} cannot be opened: {exc}") from exc
        self._server, self._thread = server, thread
        self.port = int(server.server_port)
        log.info("metrics at http://%s:%d/metrics", _host(address), self.port)
        return self.port

    def stop(self) -> None:
        """Stop serving and free the port (a restarted bot can bind it again at once)."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)


def _host(address: str) -> str:
    return f"[{address}]" if ":" in address else address


def command_names(bot: ExcerptBot) -> set[str]:
    """Every name `respond.name_of` can give a registered command or menu."""
    names = {command.qualified_name for command in bot.tree.walk_commands()}
    for kind in (discord.AppCommandType.message, discord.AppCommandType.user):
        names.update(menu.name for menu in bot.tree.get_commands(type=kind))
    return names


class _Figures(Collector):
    """Figures read at scrape time: those /corpus stats shows, and the shards'."""

    def __init__(self, bot: ExcerptBot) -> None:
        self.bot = bot

    def collect(self) -> Iterable[Metric]:
        return list(self._figures())

    def _figures(self) -> Iterator[Metric]:
        state = self.bot.state
        stats = state.library.stats()
        for name, help_text, value in (
            ("corpus_documents", "Documents in the corpus being served", stats.documents),
            ("corpus_sections", "Sections in the corpus being served", stats.sections),
            ("corpus_passages", "Passages in the corpus being served", stats.passages),
            ("corpus_topics", "Topics (headings and bold lead-ins) one can look up", stats.topics),
            ("corpus_words", "Distinct words in the search index", stats.words),
            ("corpus_problems", "Problems reported while loading the corpus", stats.problems),
            ("corpus_skipped_files", "Files skipped while loading the corpus", stats.skipped),
            ("corpus_load_seconds", "Time the served corpus took to load", stats.load_seconds),
            ("corpus_index_seconds", "Time the served corpus took to index", stats.index_seconds),
            ("uptime_seconds", "Seconds since the bot started", state.uptime()),
            ("guilds", "Servers this process sees", len(self.bot.guilds)),
        ):
            yield GaugeMetricFamily(f"{PREFIX}_{name}", help_text, value=float(value))
        if state.last_reload is not None:
            yield GaugeMetricFamily(
                f"{PREFIX}_seconds_since_reload",
                "Seconds since the corpus was last swapped by a reload",
                value=time.monotonic() - state.last_reload,
            )
        recent = GaugeMetricFamily(
            f"{PREFIX}_recent_engine_latency_seconds",
            "Engine latency percentiles over the last engine calls (as /corpus stats shows)",
            labels=["quantile"],
        )
        for q in (50, 99):
            ms = state.latency.percentile(q)
            if ms is not None:
                recent.add_metric([str(q / 100)], ms / 1000)
        yield recent
        yield GaugeMetricFamily(
            f"{PREFIX}_recent_engine_latency_samples",
            "Engine calls the percentiles are computed over",
            value=len(state.latency),
        )
        yield from self._shards()

    def _shards(self) -> Iterator[Metric]:
        latency = GaugeMetricFamily(
            f"{PREFIX}_shard_latency_seconds",
            "Gateway heartbeat round trip per shard (absent before the first heartbeat)",
            labels=["shard"],
        )
        connected = GaugeMetricFamily(
            f"{PREFIX}_shard_connected",
            "1 while the shard's gateway connection is open",
            labels=["shard"],
        )
        try:
            shards: dict[int, Any] = dict(self.bot.shards)
            latencies = list(self.bot.latencies)
        except RuntimeError:  # a shard was added while this thread read them: next scrape
            shards, latencies = {}, []
        for shard_id, seconds in latencies:
            if math.isfinite(seconds):
                latency.add_metric([str(shard_id)], seconds)
        for shard_id, info in sorted(shards.items()):
            connected.add_metric([str(shard_id)], 0.0 if info.is_closed() else 1.0)
        yield latency
        yield connected
