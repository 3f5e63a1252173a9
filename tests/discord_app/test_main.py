"""Startup: the token, shards from the environment, exit codes, clean shutdown on signals."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import discord
import pytest

from bot import cli
from bot.discord_app import main
from bot.discord_app.client import create_bot
from bot.engine.library import Library
from tests.conftest import ROOT
from tests.discord_app.conftest import default_settings

SECRET = "MTIzNDU2Nzg5.secret-token-value"


def test_run_without_a_token_explains_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("DISCORD_TOKEN_FILE", raising=False)
    code = cli.main(["run", "--config", str(ROOT / "config.yaml")])
    assert code == 2
    err = capsys.readouterr().err
    assert "DISCORD_TOKEN" in err and "console" in err


def test_token_from_the_environment_or_a_file(tmp_path: Path) -> None:
    assert main.read_token({"DISCORD_TOKEN": f"  {SECRET}\n"}) == SECRET
    assert main.read_token({}) is None
    path = tmp_path / "token"
    path.write_text(SECRET + "\n", encoding="utf-8")
    assert main.read_token({"DISCORD_TOKEN_FILE": str(path)}) == SECRET
    with pytest.raises(main.SetupError, match="cannot be read"):
        main.read_token({"DISCORD_TOKEN_FILE": str(tmp_path / "missing")})
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(main.SetupError, match="is empty"):
        main.read_token({"DISCORD_TOKEN_FILE": str(path)})


def test_shards_from_the_environment_override_the_config() -> None:
    settings = default_settings(discord={"shard_count": 2, "shard_ids": [0]})
    assert main.shard_settings(settings, {}) == (2, [0])
    env = {"EXCERPT_SHARD_COUNT": "6", "EXCERPT_SHARD_IDS": "2, 3"}
    assert main.shard_settings(settings, env) == (6, [2, 3])
    assert main.shard_settings(default_settings(), {}) == (None, None)
    for bad, why in (
        ({"EXCERPT_SHARD_COUNT": "zero"}, "EXCERPT_SHARD_COUNT"),
        ({"EXCERPT_SHARD_COUNT": "0"}, "EXCERPT_SHARD_COUNT"),
        ({"EXCERPT_SHARD_IDS": "a,b"}, "EXCERPT_SHARD_IDS"),
        ({"EXCERPT_SHARD_IDS": "5"}, "outside 0..1"),
    ):
        with pytest.raises(main.SetupError, match=why):
            main.shard_settings(settings, bad)
    with pytest.raises(main.SetupError, match="need a shard count"):
        main.shard_settings(default_settings(), {"EXCERPT_SHARD_IDS": "0"})


def test_bad_shard_environment_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", SECRET)
    monkeypatch.setenv("EXCERPT_SHARD_IDS", "x")
    assert main.run_bot(default_settings()) == 2
    captured = capsys.readouterr()
    assert "EXCERPT_SHARD_IDS" in captured.err
    assert SECRET not in captured.out + captured.err


def test_a_corpus_with_nothing_to_serve_exits_1_without_leaking_the_token(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", SECRET)
    monkeypatch.delenv("EXCERPT_SHARD_IDS", raising=False)
    monkeypatch.delenv("EXCERPT_SHARD_COUNT", raising=False)
    monkeypatch.setattr(main, "setup_logging", lambda level: None)
    settings = default_settings(corpus={"path": str(tmp_path / "nothing")})
    assert main.run_bot(settings) == 1
    assert "no passage loaded" in caplog.text
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err + caplog.text


async def test_sigterm_closes_the_bot_cleanly_with_exit_code_0(
    bundled: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = create_bot(default_settings(), bundled)
    connected = asyncio.Event()

    async def login(token: str) -> None:
        assert token == SECRET

    async def connect(*, reconnect: bool = True) -> None:
        connected.set()
        while not bot.is_closed():
            await asyncio.sleep(0.01)

    monkeypatch.setattr(bot, "login", login)
    monkeypatch.setattr(bot, "connect", connect)
    serving = asyncio.create_task(main.serve(bot, SECRET))
    await asyncio.wait_for(connected.wait(), 5)
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(serving, 5) == 0
    assert bot.is_closed()
    loop = asyncio.get_running_loop()
    assert not loop.remove_signal_handler(signal.SIGTERM), "the handler is removed after"


async def test_a_rejected_token_exits_2(bundled: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    bot = create_bot(default_settings(), bundled)

    async def login(token: str) -> None:
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setattr(bot, "login", login)
    assert await main.serve(bot, SECRET) == 2
