"""Faults: the gateway dropping mid-command, callbacks answered 429 or 500, an interaction
that reaches the bot too late, the corpus folder vanishing before a reload, and a reload
that fails half way. The member always gets an answer (or, when Discord's 3 seconds are
gone before the bot could answer, nothing breaks and the next interaction is answered), the
bot stays connected, and nothing is logged at ERROR but the faults a test causes on purpose.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path

import pytest

from bot.discord_app import respond
from bot.discord_app.client import ExcerptBot
from bot.engine import loader
from tests.conftest import BUNDLED
from tests.e2e.conftest import (
    DONE_COLOR,
    ERROR_COLOR,
    Launcher,
    cited,
    is_refusal,
    only_embed,
    select_values,
)
from tests.reliability.loader_faults import HalfWay
from tests.standin import MEMBER_DEFAULT, FakeDiscord, Guild, Kind, Member, Perm, Reply, wait_until
from tests.standin.exchanges import FIRST_ANSWER_WINDOW

CALLBACKS = "POST /interactions/*/*/callback"
MANAGER = MEMBER_DEFAULT | Perm.MANAGE_GUILD


def first_answer_latency(reply: Reply) -> float:
    exchange = reply.exchange
    assert exchange.callback_at is not None
    return exchange.callback_at - exchange.dispatched_at


async def still_serving(fake: FakeDiscord, bot: ExcerptBot, member: Member) -> None:
    """The bot is connected and answers the next command promptly."""
    assert bot.is_ready() and not bot.is_closed()
    reply = await member.slash("cite", id="interests/intro/1")
    assert cited(reply) == ["interests/intro/1"]
    assert first_answer_latency(reply) < FIRST_ANSWER_WINDOW


# -- the gateway dropping mid-command --------------------------------------------------------


async def test_the_gateway_drops_as_the_interaction_arrives(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    """The interaction is on the wire when the connection closes: the bot reads it, answers
    over HTTP (which does not need the gateway), and resumes."""
    pending = await alice.start_slash("cite", id="interests/islamic-nation-protects/3")
    assert await fake.gateway.drop() == 1
    reply = await pending.wait()
    assert cited(reply) == ["interests/islamic-nation-protects/3"]
    assert first_answer_latency(reply) < FIRST_ANSWER_WINDOW
    await fake.gateway.wait_resumed()
    await still_serving(fake, bot, alice)


def handled(caplog: pytest.LogCaptureFixture, command: str) -> bool:
    """The bot wrote the one line it writes when it is done with an interaction."""
    return any(f"command={command} outcome=" in r.getMessage() for r in caplog.records)


async def test_the_gateway_drops_while_the_bot_answers(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member, caplog: pytest.LogCaptureFixture
) -> None:
    """The connection closes while the answer is on its way (the callback's HTTP answer held
    back): the member has the answer, the bot finishes handling it and resumes."""
    caplog.set_level(logging.INFO, logger=respond.log.name)
    fake.faults.delay(0.5, CALLBACKS)
    pending = await alice.start_slash("search", query="disaster relief")
    await wait_until(lambda: pending.exchange.callback_at is not None, what="the callback")
    await fake.gateway.drop()
    reply = await pending.wait()
    assert select_values(reply)
    await wait_until(lambda: handled(caplog, "search"), what="the bot to finish the search")
    fake.faults.delay(0, CALLBACKS)
    await fake.gateway.wait_resumed()
    await still_serving(fake, bot, alice)


async def test_the_gateway_drops_between_a_deferral_and_its_follow_up(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member, caplog: pytest.LogCaptureFixture
) -> None:
    """🔖 Save defers, sends the DM, then follows up: a drop in between changes nothing."""
    caplog.set_level(logging.INFO, logger=respond.log.name)
    excerpt = await alice.slash("cite", id="interests/intro/1")
    fake.faults.delay(0.4, "POST /channels/*/messages")  # the DM
    clicking = asyncio.create_task(alice.click(excerpt, "Save"))
    await wait_until(lambda: fake.requests_matching("POST /channels/*/messages"), what="the DM")
    await fake.gateway.drop()
    done = await clicking
    assert done.deferred and "🔖 Sent to your DMs." in done.text
    [saved] = fake.channel_messages(fake.world.open_dm(alice.user))
    assert cited(saved) == ["interests/intro/1"]
    await wait_until(lambda: handled(caplog, "button:save"), what="the bot to finish the save")
    fake.faults.delay(0, "POST /channels/*/messages")
    await fake.gateway.wait_resumed()
    await still_serving(fake, bot, alice)


async def test_a_shutdown_lets_the_answers_in_flight_finish(
    fake: FakeDiscord, launcher: Launcher, guild: Guild, caplog: pytest.LogCaptureFixture
) -> None:
    """The bot is told to stop while it answers (the callback's HTTP answer held back, as a
    restart under traffic would find it): the answer completes, nothing is logged as an
    error, and the bot exits 0 (`Launcher.running` checks the exit code)."""
    caplog.set_level(logging.INFO, logger=respond.log.name)
    alice = fake.member(guild, "alice")
    async with launcher.running():
        fake.faults.delay(0.5, CALLBACKS)
        pending = await alice.start_slash("search", query="disaster relief")
        await wait_until(lambda: pending.exchange.callback_at is not None, what="the callback")
    assert handled(caplog, "search"), "closed before the answer was sent"
    assert select_values(await pending.wait())


async def test_an_interaction_held_past_3_seconds_times_out_quietly(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member, caplog: pytest.LogCaptureFixture
) -> None:
    """A drop long enough that the interaction reaches the bot after Discord's 3 seconds
    (the stand-in's clock is moved on instead of waiting): Discord refuses the late answer
    (10062), the bot logs a warning, does not try again, and the next command works."""
    await fake.gateway.drop()
    await fake.gateway.wait_resumed()
    pending = await alice.start_slash("cite", id="interests/intro/1")
    fake.clock.advance(FIRST_ANSWER_WINDOW + 0.5)
    await wait_until(
        lambda: fake.requests_matching(CALLBACKS), what="the bot's (late) answer to arrive"
    )
    late = await fake.violations.wait_for(Kind.UNKNOWN_INTERACTION)
    assert "after it was dispatched" in late.reason
    await asyncio.sleep(0.2)  # room for a second attempt, which must not come
    assert [r.status for r in fake.requests_matching(CALLBACKS)] == [404]
    assert not pending.exchange.acknowledged
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any("expired" in r.getMessage() for r in warnings), [r.getMessage() for r in warnings]
    await still_serving(fake, bot, alice)


async def test_an_autocomplete_held_past_3_seconds_is_a_warning(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member, caplog: pytest.LogCaptureFixture
) -> None:
    """discord.py answers autocomplete itself and would log the refused late answer as an
    error with a traceback: the bot makes it a warning; the next autocomplete works."""
    await alice.start_autocomplete("topic", "name", "umm")
    fake.clock.advance(FIRST_ANSWER_WINDOW + 0.5)
    await fake.violations.wait_for(Kind.UNKNOWN_INTERACTION)
    await wait_until(
        lambda: any("expired" in r.getMessage() for r in caplog.records), what="the warning"
    )
    [warning] = [r for r in caplog.records if "expired" in r.getMessage()]
    assert warning.levelno == logging.WARNING and warning.exc_info is None
    choices = await alice.autocomplete("topic", "name", "umm")
    assert choices[0]["value"] == "communities/solidifying-islamic-ummah"


# -- callbacks answered 429 or 500 -------------------------------------------------------------


async def test_a_429_then_200_on_a_button_update(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    """A private excerpt's Next updates it in place (type 7): a 429 on that callback is
    waited out and the update lands once."""
    excerpt = await alice.slash("cite", id="interests/islamic-nation-protects/3", public=False)
    fake.faults.rate_limit(CALLBACKS, retry_after=0.1)
    moved = await alice.click(excerpt, "Next")
    assert moved.type == 7 and cited(moved) == ["interests/islamic-nation-protects/4"]
    assert [r.status for r in fake.requests_matching(CALLBACKS)][-2:] == [429, 200]
    assert 0.1 <= first_answer_latency(moved) < FIRST_ANSWER_WINDOW


async def test_a_global_429_then_200_on_a_callback(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    fake.faults.rate_limit(CALLBACKS, retry_after=0.1, is_global=True)
    reply = await alice.slash("topic", name="conclusion")
    assert cited(reply)
    assert [r.status for r in fake.requests_matching(CALLBACKS)] == [429, 200]
    await still_serving(fake, bot, alice)


async def test_a_500_on_a_callback_is_retried_in_time(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    """discord.py retries a 5xx after 1 s: still inside the 3 seconds, answered once."""
    fake.faults.server_error(CALLBACKS)
    reply = await alice.slash("cite", id="interests/intro/1")
    assert cited(reply) == ["interests/intro/1"]
    assert [r.status for r in fake.requests_matching(CALLBACKS)] == [500, 200]
    assert 1.0 <= first_answer_latency(reply) < FIRST_ANSWER_WINDOW
    assert len(fake.channel_messages(alice.channel)) == 1, "answered once"
    await still_serving(fake, bot, alice)


async def test_a_500_whose_retry_comes_too_late(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member, caplog: pytest.LogCaptureFixture
) -> None:
    """A 500, and the retry lands after the 3 seconds (the clock is moved on while discord.py
    sleeps): Discord refuses it (10062); the bot logs a warning, stays healthy."""
    fake.faults.server_error(CALLBACKS)
    pending = await alice.start_slash("cite", id="interests/intro/1")
    await wait_until(lambda: fake.requests_matching(CALLBACKS), what="the first callback")
    fake.clock.advance(FIRST_ANSWER_WINDOW)
    await fake.violations.wait_for(Kind.UNKNOWN_INTERACTION, timeout=5)
    await asyncio.sleep(0.2)
    assert [r.status for r in fake.requests_matching(CALLBACKS)] == [500, 404]
    assert not pending.exchange.acknowledged
    assert any("expired" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    await still_serving(fake, bot, alice)


async def test_a_500_on_a_follow_up_is_retried(
    fake: FakeDiscord, bot: ExcerptBot, alice: Member
) -> None:
    """The follow-up after a deferral (Save) meets a 500: retried, delivered once."""
    excerpt = await alice.slash("cite", id="interests/intro/1")
    fake.faults.server_error("POST /webhooks/*/*")
    done = await alice.click(excerpt, "Save")
    assert done.deferred and "🔖 Sent to your DMs." in done.text
    assert [r.status for r in fake.requests_matching("POST /webhooks/*/*")] == [500, 200]
    await still_serving(fake, bot, alice)


# -- reloads that fail ------------------------------------------------------------------------


@pytest.mark.logs_errors
async def test_the_corpus_folder_vanishes_then_comes_back(
    fake: FakeDiscord, launcher: Launcher, guild: Guild, tmp_path: Path
) -> None:
    """Gone: the old corpus serves and the answer says why; emptied: the same; back: the
    reload works again and reports no change."""
    folder = tmp_path / "live"
    shutil.copytree(BUNDLED, folder)
    manager = fake.member(guild, "manager", permissions=MANAGER)
    async with launcher.running(launcher.settings(folder)) as bot:
        serving = bot.state.library
        folder.rename(tmp_path / "moved")
        gone = await manager.slash("corpus reload")
        assert only_embed(gone)["color"] == ERROR_COLOR
        assert "The corpus folder is gone." in only_embed(gone)["description"]
        assert bot.state.library is serving
        folder.mkdir()
        empty = await manager.slash("corpus reload")
        assert "No passage could be read from the corpus folder." in empty.text
        assert bot.state.library is serving
        assert select_values(await manager.slash("search", query="disaster relief"))
        folder.rmdir()
        (tmp_path / "moved").rename(folder)
        back = await manager.slash("corpus reload")
        assert back.embeds[0]["color"] == DONE_COLOR and "Nothing changed." in back.text
        assert bot.state.library is not serving


@pytest.mark.logs_errors
async def test_a_reload_that_fails_half_way_keeps_the_old_corpus_whole(
    fake: FakeDiscord,
    launcher: Launcher,
    guild: Guild,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The folder was edited (a passage changed, a document added), and reading it fails
    after two files. While it is half read and after it failed, the bot serves the old
    corpus whole: the old passage text, not the new document; the index cache holds no
    half-built entry; the answer says why; the next reload works."""
    folder = tmp_path / "live"
    shutil.copytree(BUNDLED, folder)
    cache = tmp_path / "cache"
    manager = fake.member(guild, "manager", permissions=MANAGER)
    plain = launcher.settings(folder)
    settings = plain.model_copy(
        update={"corpus": plain.corpus.model_copy(update={"cache_dir": cache})}
    )
    async with launcher.running(settings) as bot:
        serving = bot.state.library
        old_text = serving.cite("interests/intro/1").passage
        assert old_text is not None
        entries = sorted(p.name for p in cache.iterdir())
        intro = folder / "protection-of-national-interests-abroad.md"
        intro.write_text(
            intro.read_text(encoding="utf-8").replace("national interests", "NEW WORDS", 1),
            encoding="utf-8",
        )
        (folder / "zz-new.md").write_text("# Lighthouses\n\nKeepers of the light.\n", "utf-8")
        failing = HalfWay(good=2)
        monkeypatch.setattr(loader, "read_file", failing)
        try:
            reload = await manager.start_slash("corpus reload")
            assert await asyncio.to_thread(failing.reached.wait, 5), "the reload did not start"
            # Half read: the old corpus answers, whole.
            during = await manager.slash("cite", id="interests/intro/1")
            assert cited(during) == ["interests/intro/1"]
            assert old_text.text[:40] in only_embed(during)["description"]
            nothing = await manager.slash("search", query="lighthouses keepers")
            assert not nothing.message or not nothing.message.selects()
            busy = await manager.slash("corpus reload")
            assert is_refusal(busy) or "already" in busy.text.lower()
        finally:
            failing.hold.set()
        report = await reload.wait(timeout=10)
        embed = only_embed(report)
        assert embed["title"] == "Reload failed: the previous corpus keeps serving"
        assert "Reading the corpus failed" in embed["description"]
        assert "MemoryError" in embed["description"]
        assert bot.state.library is serving
        assert sorted(p.name for p in cache.iterdir()) == entries, "no half-built cache entry"
        after = await manager.slash("cite", id="interests/intro/1")
        assert old_text.text[:40] in only_embed(after)["description"]
        assert not serving.search("lighthouses").hits
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert [r.getMessage() for r in errors] == [f"reloading the corpus from {folder} failed"]
        monkeypatch.setattr(loader, "read_file", failing._real)
        again = await manager.slash("corpus reload")
        assert again.embeds[0]["title"] == "Corpus reloaded", again.text
        assert "Added **1**" in again.text and "changed **1**" in again.text
        assert cited(await manager.slash("topic", name="lighthouses")) == ["zz-new/intro/1"]
