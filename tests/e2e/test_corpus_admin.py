"""/corpus reload and /corpus stats: who may, what they say, and a reload under traffic."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from bot.discord_app.client import ExcerptBot
from bot.engine.loader import load_corpus
from tests.conftest import BUNDLED, NODEJS
from tests.e2e.conftest import DONE_COLOR, ERROR_COLOR, Launcher, cited, is_refusal, only_embed
from tests.standin import (
    MEMBER_DEFAULT,
    CommandNotAvailable,
    DmUser,
    FakeDiscord,
    Guild,
    Member,
    Perm,
    Reply,
)

QUERIES = ("security", "disaster relief", "inteligence gathring", "partnrship", "cyber secrity")
TYPED = ("umm", "conclu", "intel", "")
DEADLINE = 3.0
MANAGER = MEMBER_DEFAULT | Perm.MANAGE_GUILD


def figures(reply: Reply) -> dict[str, str]:
    return {field["name"]: field["value"] for field in only_embed(reply)["fields"]}


async def test_stats_for_a_server_manager(bot: ExcerptBot, manager: Member) -> None:
    await manager.slash("search", query="security")
    reply = await manager.slash("corpus stats")
    assert reply.ephemeral
    shown = figures(reply)
    assert shown["Documents"] == "5" and shown["Passages"] == "39"
    assert shown["Search latency"].startswith("p50 ")
    assert shown["Problems"] == "0 (0 files skipped)"


async def test_reload_for_a_server_manager_reports_no_change(
    bot: ExcerptBot, manager: Member
) -> None:
    reply = await manager.slash("corpus reload")
    assert reply.deferred and reply.ephemeral
    embed, pins = reply.embeds
    assert embed["title"] == "Corpus reloaded" and embed["color"] == DONE_COLOR
    assert "**39** passages" in embed["description"]
    assert "Nothing changed." in embed["description"]
    assert pins["title"] == "📌 Pinned excerpts"
    assert pins["description"] == "No pinned excerpt of mine in the 1 channel checked."


async def test_a_plain_member_is_not_offered_the_corpus_commands(
    bot: ExcerptBot, alice: Member
) -> None:
    """`default_member_permissions` (Manage Server) hides them from the member's client."""
    for command in ("corpus stats", "corpus reload"):
        with pytest.raises(CommandNotAvailable):
            await alice.slash(command)


async def test_corpus_commands_in_a_dm_are_refused_to_anyone_but_the_owner(
    fake: FakeDiscord, bot: ExcerptBot
) -> None:
    """In a DM there are no server permissions: only the application's owner may."""
    stranger = fake.dm_user("stranger")
    for command in ("corpus stats", "corpus reload"):
        refused = await stranger.slash(command)
        assert is_refusal(refused)
        assert "Only server managers (**Manage Server**) and the bot's owners can" in refused.text
    owner = DmUser(fake, fake.world.owner)
    stats = await owner.slash("corpus stats")
    assert figures(stats)["Passages"] == "39"


@pytest.mark.logs_errors
async def test_a_failed_reload_keeps_the_old_corpus_serving(
    fake: FakeDiscord, launcher: Launcher, guild: Guild, tmp_path: Path
) -> None:
    folder = tmp_path / "live"
    shutil.copytree(BUNDLED, folder)
    manager = fake.member(guild, "manager", permissions=MANAGER)
    async with launcher.running(launcher.settings(folder)):
        shutil.rmtree(folder)
        reply = await manager.slash("corpus reload")
        embed = only_embed(reply)
        assert embed["color"] == ERROR_COLOR
        assert embed["title"] == "Reload failed: the previous corpus keeps serving"
        assert "The corpus folder is gone." in embed["description"]
        still = await manager.slash("cite", id="interests/intro/1")
        assert cited(still) == ["interests/intro/1"]


async def test_reload_of_a_bigger_corpus_while_interactions_keep_arriving(
    fake: FakeDiscord, launcher: Launcher, guild: Guild, tmp_path: Path
) -> None:
    """Searches and autocompletes keep being answered, each within 3 s, while the corpus is
    re-read; the new corpus serves once the report arrives."""
    folder = tmp_path / "live"
    shutil.copytree(BUNDLED, folder)
    readers = [fake.member(guild, f"reader{n}") for n in range(5)]
    manager = fake.member(guild, "manager", permissions=MANAGER)
    async with launcher.running(launcher.settings(folder)):
        for copy in ("nodejs", "nodejs-again"):
            shutil.copytree(NODEJS, folder / copy)
        reload = await manager.start_slash("corpus reload")
        stream: list[Reply] = []
        during_reload = after_reload = 0
        while len(stream) < 400 and after_reload < 10:
            reader = readers[len(stream) % len(readers)]
            n = len(stream)
            if n % 3 == 0:
                pending = await reader.start_autocomplete("topic", "name", TYPED[n % len(TYPED)])
            else:
                pending = await reader.start_slash("search", query=QUERIES[n % len(QUERIES)])
            stream.append(pending)
            if reload.exchange.complete:
                after_reload += 1
            else:
                during_reload += 1
            await asyncio.sleep(0.02)  # pacing of the stream, about 50 interactions a second
        await reload.wait(timeout=30)
        for pending in stream:
            await pending.wait()
        late = [
            (p.exchange.describe(), p.exchange.callback_at, p.exchange.dispatched_at)
            for p in stream
            if p.exchange.callback_at is None
            or p.exchange.callback_at - p.exchange.dispatched_at > DEADLINE
        ]
        assert not late
        assert during_reload >= 10, "the stream did not overlap the reload"
        report = reload.embeds[0]
        assert report["title"] == "Corpus reloaded", report
        added = 2 * len(load_corpus(NODEJS))
        assert f"Added **{added}**" in report["description"]
        assert f"**{added + len(load_corpus(BUNDLED))}** passages" in report["description"]
        after = await readers[0].slash("topic", name="fs.readFileSync")
        assert cited(after)[0].startswith(("nodejs-fs/fs-readfilesync", "nodejs-again-fs/"))
