"""Every kind of config mistake stops the bot with the key, the value and the expectation,
exit code 2 and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import EXIT_CONFIG, main

MISTAKES: dict[str, tuple[str | bytes, list[str]]] = {
    "yaml syntax": ("corpus:\n  path: [unclosed\n", ["line", "YAML"]),
    "not a mapping": ("- just\n- a list\n", ["mapping", "list"]),
    "unknown top key": ("corpuss:\n  path: x\n", ["corpuss", "unknown key"]),
    "unknown nested key": ("corpus:\n  wacth: true\n", ["corpus.wacth", "unknown key"]),
    "wrong type": ("corpus:\n  watch: sometimes\n", ["corpus.watch", "'sometimes'", "bool"]),
    "section not a mapping": ("commands: 5\n", ["commands", "5"]),
    "out of range": (
        "commands:\n  results_per_page: 50\n",
        ["commands.results_per_page", "50", "less than or equal to 10"],
    ),
    "negative id": ("discord:\n  guild_ids: [-4]\n", ["discord.guild_ids.0", "-4", "greater"]),
    "bad time zone": (
        "daily:\n  - {channel: 1, time: '09:00', timezone: Mars/Olympus}\n",
        ["daily.0.timezone", "Mars/Olympus", "IANA"],
    ),
    "bad time": ("daily:\n  - {channel: 1, time: '9 am'}\n", ["daily.0.time", "9 am"]),
    "shards without count": ("discord:\n  shard_ids: [0, 1]\n", ["discord", "shard_count"]),
    "shard out of range": (
        "discord:\n  shard_count: 2\n  shard_ids: [2]\n",
        ["discord", "[2]", "0..1"],
    ),
    "reading list without place": (
        "reading_lists:\n  - {documents: [a]}\n",
        ["reading_lists.0", "guild or a channel"],
    ),
    "reading list empty": (
        "reading_lists:\n  - {channel: 5, documents: []}\n",
        ["reading_lists.0.documents", "[]"],
    ),
    "log level": ("logging: {level: LOUD}\n", ["logging.level", "LOUD", "INFO"]),
    "not utf-8": (b"corpus:\n  path: caf\xe9\n", ["cannot read"]),
}


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_config_mistake_is_explained_without_a_traceback(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, must_say = MISTAKES[name]
    config = tmp_path / "config.yaml"
    if isinstance(content, bytes):
        config.write_bytes(content)
    else:
        config.write_text(content)
    code = main(["check", "--config", str(config)])
    out, err = capsys.readouterr()
    assert code == EXIT_CONFIG
    assert "Traceback" not in out + err
    assert str(config) in err
    for words in must_say:
        assert words in err, f"{words!r} missing from:\n{err}"


def test_missing_or_unreadable_config_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--config", str(tmp_path / "nope.yaml")]) == EXIT_CONFIG
    assert "file not found" in capsys.readouterr().err
    assert main(["check", "--config", str(tmp_path)]) == EXIT_CONFIG
    err = capsys.readouterr().err
    assert "cannot read" in err and "Traceback" not in err


def test_every_mistake_in_one_file_is_listed_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "corpus:\n  wacth: true\ncommands:\n  results_per_page: 0\nlogging: {level: LOUD}\n"
    )
    assert main(["check", "--config", str(config)]) == EXIT_CONFIG
    err = capsys.readouterr().err
    for key in ("corpus.wacth", "commands.results_per_page", "logging.level"):
        assert key in err
