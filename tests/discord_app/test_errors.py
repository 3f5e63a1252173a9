"""One error handler: a short private answer, once; a traceback in the log, never to the user."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from discord import app_commands

from bot.discord_app import errors
from bot.discord_app.convert import Outcome
from bot.rendering import answers
from tests.discord_app import payloads
from tests.discord_app.conftest import (
    Harness,
    callbacks,
    is_ephemeral,
    only_callback,
    reply,
    text_of,
)


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("boom: secret internals")


def _tracebacks(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]


@pytest.mark.logs_errors
async def test_an_exception_in_a_command_gives_one_private_apology(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(answers, "topic", _boom)
    sent = await harness.command("topic", name="safety")
    callback = only_callback(sent)
    assert callback.callback_type == 4
    message = reply(sent)
    assert is_ephemeral(message)
    text = text_of(message)
    assert "Sorry, something went wrong" in text
    assert "boom" not in text and "Traceback" not in text
    logged = _tracebacks(caplog)
    assert len(logged) == 1
    assert "unexpected error in topic" in logged[0].getMessage()
    assert "boom: secret internals" in caplog.text
    assert "outcome=error" in caplog.text


@pytest.mark.logs_errors
async def test_an_exception_after_deferring_is_answered_by_follow_up(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.discord_app import corpus_admin

    monkeypatch.setattr(corpus_admin, "diff_corpora", _boom)
    data = payloads.subcommand("corpus", "reload")
    context = {"permissions": payloads.MANAGER_PERMISSIONS}
    sent = await harness.dispatch(payloads.interaction(2, data, **context))
    assert [r.callback_type for r in callbacks(sent)] == [5]
    assert sent[-1].path.startswith("/webhooks/")
    assert "Sorry, something went wrong" in text_of(reply(sent))
    assert _tracebacks(caplog)
    assert not harness.bot.state.reload_lock.locked()


@pytest.mark.logs_errors
async def test_an_exception_in_a_button_gives_one_private_apology(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    shown = await harness.shown("cite", id="interests/islamic-nation-protects/3")
    monkeypatch.setattr(answers, "action", _boom)
    custom_id = "xb:next:interests/islamic-nation-protects/3"
    sent = await harness.press(custom_id, shown)
    assert only_callback(sent).callback_type == 4
    message = reply(sent)
    assert is_ephemeral(message)
    assert "Sorry, something went wrong" in text_of(message)
    assert _tracebacks(caplog)
    assert "command=button:next outcome=error" in caplog.text


@pytest.mark.logs_errors
async def test_an_exception_in_autocomplete_offers_nothing(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(type(harness.bot.state.library), "suggest_topics", _boom)
    sent = await harness.complete("topic", "name", "saf")
    callback = only_callback(sent)
    assert callback.callback_type == 8
    assert callback.payload["data"]["choices"] == []
    assert _tracebacks(caplog)


async def test_a_command_discord_knows_but_the_bot_does_not(harness: Harness) -> None:
    sent = await harness.command("vanished")
    message = reply(sent)
    assert is_ephemeral(message)
    assert "out of date" in text_of(message)


@pytest.mark.parametrize(
    ("error", "expected", "outcome"),
    [
        (
            app_commands.MissingPermissions(["manage_messages"]),
            "**Manage Messages**",
            Outcome.REFUSED,
        ),
        (
            app_commands.BotMissingPermissions(["embed_links"]),
            "I need **Embed Links**",
            Outcome.REFUSED,
        ),
        (app_commands.NoPrivateMessage(), "not in direct messages", Outcome.REFUSED),
        (app_commands.CheckFailure(), "can't use this here", Outcome.REFUSED),
        (
            app_commands.CommandOnCooldown(app_commands.Cooldown(1, 10), 3.2),
            "try again in 4 s",
            Outcome.COOLDOWN,
        ),
        (RuntimeError("x"), "Sorry", Outcome.ERROR),
    ],
)
def test_describe(error: Exception, expected: str, outcome: Outcome) -> None:
    message, found = errors.describe(error)
    assert found is outcome
    assert message.ephemeral
    assert expected in (message.embeds[0].description or "")


@pytest.mark.logs_errors
async def test_a_failing_apology_is_logged_not_raised(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(answers, "topic", _boom)
    harness.fake.fail("POST", r"/callback$", 404, 10062, "Unknown interaction")
    harness.fake.fail("POST", r"/callback$", 404, 10062, "Unknown interaction")
    await harness.command("topic", name="safety")
    assert "could not tell the user" in caplog.text


def test_refusal_carries_its_answer() -> None:
    from bot.rendering import excerpts

    refusal = errors.Refusal(excerpts.not_allowed("do it"))
    message, outcome = errors.describe(refusal)
    assert outcome is Outcome.REFUSED
    assert "Only server managers" in (message.embeds[0].description or "")
