"""Moderators' tools through the stand-in: /corpus reload with its diff and the pinned
excerpts gone stale, reading lists per channel, /cite with several ids, the 🔖 copy in
direct messages, and `corpus.watch`."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import shutil
from pathlib import Path

import pytest

from bot.config import Settings
from bot.discord_app import watch
from bot.discord_app.client import ExcerptBot
from tests.conftest import BUNDLED
from tests.e2e.conftest import Launcher, cited, labels, only_embed, select_values
from tests.standin import (
    BOT_DEFAULT,
    MEMBER_DEFAULT,
    DmUser,
    FakeDiscord,
    Guild,
    Member,
    Perm,
    wait_until,
)
from tests.standin.world import EVERYONE_DEFAULT

CHANGED = "interests/intro/1"
CHANGED_BY_HAND = "interests/understanding-national/1"
REMOVED = "disaster/intro/2"
KEPT = "cooperation/intro/1"
INTERESTS = "protection-of-national-interests-abroad.md"
MANAGER = MEMBER_DEFAULT | Perm.MANAGE_GUILD


def live_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "live"
    shutil.copytree(BUNDLED, folder)
    return folder


def edit(folder: Path) -> None:
    """Change two passages of `interests`, drop the `disaster` document, add a passage."""
    path = folder / INTERESTS
    text = path.read_text(encoding="utf-8")
    text = text.replace("cultural heritage", "cultural legacy", 1)
    text = text.replace("abroad is critical", "abroad is vital", 1)
    path.write_text(text + "\n## Afterword\n\nA new closing passage.\n", encoding="utf-8")
    (folder / "disaster-response-collaborations.md").unlink()


def jump(fake: FakeDiscord, guild: Guild, channel: str, message_id: int) -> str:
    return f"https://discord.com/channels/{guild.id}/{guild.channel(channel).id}/{message_id}"


# -- reload: the diff and the stale pins ---------------------------------------------------


async def test_reload_lists_the_diff_and_the_pinned_excerpts_gone_stale(
    fake: FakeDiscord, launcher: Launcher, guild: Guild, mod: Member, tmp_path: Path
) -> None:
    folder = live_corpus(tmp_path)
    fake.world.add_channel(guild, "lobby")
    in_quotes = mod.in_channel(guild.channel("quotes"))
    manager = fake.member(guild, "manager", permissions=MANAGER, channel=guild.channel("lobby"))
    settings = launcher.settings(folder)
    async with launcher.running(settings):
        pinned = {}
        for cid in (CHANGED, REMOVED, KEPT):
            excerpt = await in_quotes.slash("cite", id=cid)
            assert "📌 Pinned." in (await in_quotes.click(excerpt, "Pin")).text
            pinned[cid] = excerpt.message
        # Pinned by hand in #general (not with the button), and a member's own message.
        by_hand = await mod.slash("cite", id=CHANGED_BY_HAND)
        assert by_hand.message is not None
        await fake.pin(by_hand.message)
        await fake.pin(mod.post("a member's note, pinned"))
        await wait_until(
            lambda: guild.channel("general").id in tracked(settings, guild),
            what="#general remembered as holding pins",
        )
        edit(folder)
        reply = await manager.slash("corpus reload")

    report, pins = reply.embeds
    assert report["title"] == "Corpus reloaded"
    assert re.search(
        r"Added \*\*1\*\*, changed \*\*2\*\*, removed \*\*6\*\* passages", report["description"]
    )
    fields = {field["name"]: field["value"] for field in report["fields"]}
    assert fields["Changed"] == f"`{CHANGED}`, `{CHANGED_BY_HAND}`"
    assert f"`{REMOVED}`" in fields["Removed"] and "`interests/afterword/1`" in fields["Added"]
    assert pins["title"] == "📌 Pinned excerpts to check"
    lines = pins["description"].split("\n")
    assert (
        lines[0] == "**3** of 4 pinned excerpts no longer match the corpus; update or unpin them:"
    )
    expected = {
        f"• [#quotes · {CHANGED}]({jump(fake, guild, 'quotes', pinned[CHANGED].id)}) — "
        "changed since it was pinned",
        f"• [#quotes · {REMOVED}]({jump(fake, guild, 'quotes', pinned[REMOVED].id)}) — "
        "no longer in the corpus",
        f"• [#general · {CHANGED_BY_HAND}]({jump(fake, guild, 'general', by_hand.message.id)}) — "
        "changed since it was pinned",
    }
    assert set(lines[1:]) == expected
    assert KEPT not in pins["description"]

    # After a restart the channels are still known; nothing changed, the pins are still stale.
    async with launcher.running(settings):
        again = await manager.slash("corpus reload")
    report, pins = again.embeds
    assert "Nothing changed." in report["description"]
    assert pins["description"].startswith("**3** of 4 pinned excerpts no longer match")


def tracked(settings: Settings, guild: Guild) -> set[int]:
    """The channels of `guild` the state file remembers as holding pins."""
    assert settings.state.dir is not None
    path = settings.state.dir / "excerpt-bot-state.json"
    if not path.exists():
        return set()
    return {int(c) for c in json.loads(path.read_text())["pins"].get(str(guild.id), [])}


async def test_pins_the_bot_cannot_read_are_reported(
    fake: FakeDiscord, launcher: Launcher, tmp_path: Path
) -> None:
    blind = fake.add_guild(
        "Blind",
        channels=["quotes"],
        bot_permissions=BOT_DEFAULT & ~Perm.READ_MESSAGE_HISTORY,
        everyone_permissions=EVERYONE_DEFAULT & ~Perm.READ_MESSAGE_HISTORY,
    )
    manager = fake.member(blind, "manager", permissions=MANAGER)
    async with launcher.running(launcher.settings(live_corpus(tmp_path))):
        excerpt = await manager.slash("cite", id=KEPT)
        assert excerpt.message is not None
        await fake.pin(excerpt.message)
        reply = await manager.slash("corpus reload")
    pins = reply.embeds[1]
    assert (
        "⚠️ #quotes: I need View Channel and Read Message History there to read its pins"
        in (pins["description"])
    )
    assert not fake.requests_matching("GET /channels/*/messages/pins")


# -- reading lists ---------------------------------------------------------------------------


async def test_a_channels_reading_list_bounds_every_command(
    fake: FakeDiscord, launcher: Launcher, guild: Guild, alice: Member
) -> None:
    quotes = guild.channel("quotes")
    reader = alice.in_channel(quotes)
    settings = launcher.settings(
        reading_lists=[
            {"guild": guild.id, "documents": ["cooperation"]},
            {"channel": quotes.id, "documents": ["disaster", "interests", "atlantis"]},
        ]
    )
    async with launcher.running(settings):
        listing = await reader.slash("documents")
        assert re.findall(r"`([a-z]+)`", listing.text) == ["disaster", "interests"]
        toc = await reader.slash("documents", document="cooperation")
        assert "No document matches" in toc.text
        for command, option, others in (
            ("documents", "document", {}),
            ("search", "document", {"query": "x"}),
            ("random", "document", {}),
        ):
            offered = await reader.autocomplete(command, option, "", **others)
            assert [c["value"] for c in offered] == ["disaster", "interests"], command
        ids = await reader.autocomplete("cite", "id", "security")
        assert ids and all(c["value"].startswith(("disaster/", "interests/")) for c in ids)
        topics = await reader.autocomplete("topic", "name", "")
        assert topics and all(c["value"].startswith(("disaster", "interests")) for c in topics)
        drawn = [cited(await reader.slash("random"))[0] for _ in range(14)]
        assert {cid.split("/")[0] for cid in drawn} == {"disaster", "interests"}
        assert len(set(drawn)) == 14, "no repeats until all 14 were shown"
        refused = await reader.slash("cite", id="cooperation/intro/1")
        assert "not on this channel's reading list" in refused.text
        assert "closest passage" not in refused.text
        found = await reader.slash("search", query="security cooperation")
        assert all(v.startswith(("disaster/", "interests/")) for v in select_values(found))
        # The rest of the server reads its own list.
        elsewhere = await alice.slash("random")
        assert cited(elsewhere)[0].startswith("cooperation/")


# -- /cite with several ids -----------------------------------------------------------------


async def test_cite_several_ids_posts_one_reading_list(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    reply = await alice.slash(
        "cite", id=f"{REMOVED}, {CHANGED} atlantis/x/1 {KEPT} interests/conclusion/1"
    )
    assert not reply.ephemeral and reply.message in fake.channel_messages(alice.channel)
    assert cited(reply) == [REMOVED, CHANGED, KEPT, "interests/conclusion/1"]
    assert reply.text.startswith("📚 **Reading list** · 4 passages")
    assert "Not found: atlantis/x/1 (no passage has this id)" in reply.text
    assert reply.embeds[0]["title"].startswith("Islamic Nation's Disaster Response")
    opened = await alice.select(reply, [KEPT])
    assert cited(opened) == [KEPT] and not opened.ephemeral
    offered = await alice.autocomplete("cite", "id", f"{REMOVED}, {CHANGED} interests/concl")
    assert offered and all(
        c["value"].startswith(f"{REMOVED}, {CHANGED} interests/conclusion/") for c in offered
    )
    assert all(c["name"].startswith("3: ") for c in offered)


# -- bookmarks: 🔖 Save ----------------------------------------------------------------------


async def test_the_saved_copy_carries_the_citation_and_a_way_to_read_on(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    excerpt = await alice.slash("cite", id=CHANGED)
    await alice.click(excerpt, "Save")
    [saved] = fake.channel_messages(fake.world.open_dm(alice.user))
    embed = only_embed(saved)
    assert embed["title"] == "Protection of National Interests Abroad ¶1"
    assert embed["footer"]["text"].startswith(f"cite: {CHANGED} · v")
    assert labels(saved) == ["Previous", "Next", "Whole section"]
    section = await DmUser(fake, alice.user).click(saved, "Whole section")
    assert only_embed(section)["footer"]["text"].startswith("section: interests/intro")


# -- corpus.watch ----------------------------------------------------------------------------


@pytest.mark.logs_errors
async def test_the_watched_folder_reloads_by_itself_and_keeps_serving_on_failure(
    fake: FakeDiscord,
    launcher: Launcher,
    guild: Guild,
    alice: Member,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(watch, "SETTLE_SECONDS", 0.3)
    monkeypatch.setattr(watch, "TICK_MS", 100)
    caplog.set_level(logging.INFO)
    folder = live_corpus(tmp_path)
    settings = launcher.settings(folder)
    settings = settings.model_copy(
        update={"corpus": settings.corpus.model_copy(update={"watch": True})}
    )
    async with launcher.running(settings) as bot:
        first = bot.state.library
        await wait_until(lambda: bot.watcher is not None and bot.watcher.watching)
        edit(folder)
        await wait_until(lambda: bot.state.library is not first, timeout=10, what="a reload")
        assert bot.watcher is not None and bot.watcher.reloads == 1
        messages = [r.getMessage() for r in caplog.records]
        assert any(re.search(r"corpus reloaded from .* \(\+1 ~2 -6\)", m) for m in messages)
        assert f"corpus reload: changed {CHANGED}, {CHANGED_BY_HAND}" in messages
        now = await alice.slash("cite", id="interests/afterword/1")
        assert cited(now) == ["interests/afterword/1"]

        # Every file gone: the reload is refused and the corpus in memory keeps serving.
        serving = bot.state.library
        for path in folder.glob("*.md"):
            path.unlink()
        await wait_until(lambda: bot.watcher is not None and bot.watcher.reloads == 2, timeout=10)
        assert bot.state.library is serving
        still = await alice.slash("cite", id="interests/afterword/1")
        assert cited(still) == ["interests/afterword/1"]
        assert any(
            "reload refused: No passage could be read" in r.getMessage() for r in caplog.records
        )


async def test_a_watched_book_reloads_when_a_listing_beside_its_source_changes(
    launcher: Launcher, alice: Member, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An mdBook's chapters include listings from outside `src`, the corpus folder: a
    changed listing is a changed chapter."""
    monkeypatch.setattr(watch, "SETTLE_SECONDS", 0.3)
    monkeypatch.setattr(watch, "TICK_MS", 100)
    book = tmp_path / "book"
    (book / "src").mkdir(parents=True)
    (book / "listings").mkdir()
    (book / "book.toml").write_text('[book]\ntitle = "Guessing"\n', encoding="utf-8")
    listing = book / "listings" / "guess.rs"
    listing.write_text('fn main() {\n    println!("Guess the number!");\n}\n', encoding="utf-8")
    (book / "src" / "guessing.md").write_text(
        "# Guessing\n\n## Processing a guess\n\n```rust\n{{#include ../listings/guess.rs}}\n```\n",
        encoding="utf-8",
    )
    settings = launcher.settings(book / "src")
    settings = settings.model_copy(
        update={"corpus": settings.corpus.model_copy(update={"watch": True})}
    )
    async with launcher.running(settings) as bot:
        before = await alice.slash("cite", id="guessing/processing-guess/1")
        assert "Guess the number!" in only_embed(before)["description"]
        first = bot.state.library
        await wait_until(lambda: bot.watcher is not None and bot.watcher.watching)
        (book / "book").mkdir()
        await asyncio.sleep(1.0)  # the folder's creation may count once; what `mdbook
        reloads = bot.watcher.reloads  # build` writes into it never does
        first = bot.state.library
        (book / "book" / "index.html").write_text("<p>Guess the number!</p>\n", encoding="utf-8")
        await asyncio.sleep(1.5)
        assert bot.watcher.reloads == reloads
        listing.write_text('fn main() {\n    println!("Pick a number!");\n}\n', encoding="utf-8")
        await wait_until(lambda: bot.state.library is not first, timeout=10, what="a reload")
        after = await alice.slash("cite", id="guessing/processing-guess/1")
        assert "Pick a number!" in only_embed(after)["description"]
