"""/corpus reload and /corpus stats: who may, what a reload reports, what keeps serving."""

from __future__ import annotations

import asyncio
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from bot.engine.library import Library
from tests.conftest import WriteCorpus
from tests.discord_app import payloads
from tests.discord_app.conftest import (
    Harness,
    MakeHarness,
    callbacks,
    default_settings,
    drain,
    footer_cid,
    is_ephemeral,
    reply,
    text_of,
)
from tests.discord_app.fake_discord import OWNER_ID

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
BETA = """---
id: beta
---
# Beta

Beta has a single paragraph.
"""
MANAGER = {"permissions": payloads.MANAGER_PERMISSIONS}


def _reload(**context: Any) -> dict[str, Any]:
    return payloads.interaction(2, payloads.subcommand("corpus", "reload"), **context)


def _stats(**context: Any) -> dict[str, Any]:
    return payloads.interaction(2, payloads.subcommand("corpus", "stats"), **context)


@pytest.fixture
async def corpus_harness(
    harness_factory: MakeHarness, write_corpus: WriteCorpus
) -> tuple[Harness, Path]:
    root = write_corpus({"alpha.md": ALPHA, "beta.md": BETA})
    settings = default_settings(corpus={"path": str(root)})
    return await harness_factory(settings, Library.load(root)), root


async def test_reload_swaps_in_the_new_corpus_and_reports_the_changes(
    corpus_harness: tuple[Harness, Path],
) -> None:
    harness, root = corpus_harness
    (root / "alpha.md").write_text(
        ALPHA.replace("The second paragraph", "The changed second paragraph")
        + "\nA third paragraph about safety.\n",
        encoding="utf-8",
    )
    (root / "beta.md").unlink()
    old = harness.bot.state.library
    sent = await harness.dispatch(_reload(**MANAGER))
    kinds = [r.callback_type for r in callbacks(sent)]
    assert kinds == [5], "deferred (thinking) first, then one follow-up"
    report = reply(sent)
    assert is_ephemeral(report) or sent[-1].path.startswith("/webhooks/")
    text = text_of(report)
    assert "Corpus reloaded" in text
    assert "Added **1**, changed **1**, removed **1** passages" in text
    assert "`alpha/safety/3`" in text and "`alpha/safety/2`" in text and "`beta/intro/1`" in text
    assert harness.bot.state.library is not old
    cited = reply(await harness.command("cite", id="alpha/safety/3"))
    assert footer_cid(cited) == "alpha/safety/3"


async def test_reload_with_the_folder_gone_keeps_the_old_corpus(
    corpus_harness: tuple[Harness, Path],
) -> None:
    harness, root = corpus_harness
    old = harness.bot.state.library
    shutil.rmtree(root)
    report = reply(await harness.dispatch(_reload(**MANAGER)))
    text = text_of(report)
    assert "Reload failed: the previous corpus keeps serving" in text
    assert "The corpus folder is gone." in text
    assert harness.bot.state.library is old
    cited = reply(await harness.command("cite", id="beta/intro/1"))
    assert footer_cid(cited) == "beta/intro/1"


async def test_reload_of_a_folder_with_nothing_readable_keeps_the_old_corpus(
    corpus_harness: tuple[Harness, Path],
) -> None:
    harness, root = corpus_harness
    old = harness.bot.state.library
    for path in root.iterdir():
        path.unlink()
    (root / "broken.md").write_bytes(b"\xff\xfe\x00binary\x00")
    text = text_of(reply(await harness.dispatch(_reload(**MANAGER))))
    assert "No passage could be read" in text
    assert "broken.md" in text
    assert harness.bot.state.library is old


async def test_interactions_during_a_reload_are_served_by_the_old_library(
    corpus_harness: tuple[Harness, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    harness, root = corpus_harness
    entered, gate = threading.Event(), threading.Event()
    real_load = Library.load

    def slow_load(cls: type[Library], path: Any, **options: Any) -> Library:
        entered.set()
        gate.wait(10)
        return real_load(path, **options)

    monkeypatch.setattr(Library, "load", classmethod(slow_load))
    (root / "beta.md").unlink()
    old = harness.bot.state.library
    await harness.dispatch(_reload(**MANAGER), wait=False)
    assert await asyncio.to_thread(entered.wait, 10)
    reloading = {t for t in asyncio.all_tasks() if t is not asyncio.current_task()}
    try:
        cite = payloads.interaction(2, payloads.slash("cite", id="beta/intro/1"))
        cited = reply(await harness.dispatch(cite, ignore=reloading))
        assert footer_cid(cited) == "beta/intro/1"
        assert harness.bot.state.library is old
        busy = reply(await harness.dispatch(_reload(**MANAGER), ignore=reloading))
        assert "already running" in text_of(busy)
    finally:
        gate.set()
    await drain()
    assert harness.bot.state.library is not old
    gone = reply(await harness.command("cite", id="beta/intro/1"))
    assert "No document has the id `beta`" in text_of(gone)


async def test_reload_is_refused_to_members_who_do_not_manage_the_server(
    corpus_harness: tuple[Harness, Path],
) -> None:
    harness, _ = corpus_harness
    old = harness.bot.state.library
    sent = await harness.dispatch(_reload())
    assert [r.callback_type for r in callbacks(sent)] == [4]
    message = reply(sent)
    assert is_ephemeral(message)
    assert "Only server managers" in text_of(message)
    assert harness.bot.state.library is old
    stats = reply(await harness.dispatch(_stats()))
    assert "Only server managers" in text_of(stats)


async def test_configured_owner_may_reload_from_direct_messages(
    harness_factory: MakeHarness, write_corpus: WriteCorpus
) -> None:
    root = write_corpus({"alpha.md": ALPHA})
    owner = payloads.user(payloads.OTHER_MEMBER_ID, "owner")
    settings = default_settings(
        corpus={"path": str(root)}, discord={"owner_ids": [payloads.OTHER_MEMBER_ID]}
    )
    harness = await harness_factory(settings, Library.load(root))
    text = text_of(reply(await harness.dispatch(_reload(guild_id=None, who=owner))))
    assert "Corpus reloaded" in text and "Nothing changed." in text


async def test_application_owner_may_see_stats(harness: Harness) -> None:
    owner = payloads.user(OWNER_ID, "owner")
    text = text_of(reply(await harness.dispatch(_stats(who=owner))))
    assert "Corpus figures" in text


async def test_stats_show_figures_and_search_latency(harness: Harness, bundled: Library) -> None:
    empty = text_of(reply(await harness.dispatch(_stats(**MANAGER))))
    assert "no searches yet" in empty
    await harness.command("search", query="safety")
    await harness.command("search", query="security")
    message = reply(await harness.dispatch(_stats(**MANAGER)))
    assert is_ephemeral(message)
    fields = {f["name"]: f["value"] for f in message["embeds"][0]["fields"]}
    assert fields["Documents"] == str(len(bundled.documents))
    assert fields["Passages"] == str(len(bundled.corpus))
    assert fields["Sections"] == str(len(bundled.corpus.sections))
    assert "p50" in fields["Search latency"] and "p99" in fields["Search latency"]
    assert "(2 searches)" in fields["Search latency"]
    assert fields["Uptime"].endswith("s")
    assert "Load time" in fields
