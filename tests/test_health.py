"""`python -m bot health`: the status file a running bot keeps, judged healthy or not."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot import cli, health
from bot.discord_app import main
from bot.health import ShardStatus, Status
from tests.discord_app.conftest import default_settings

NOW = 1_800_000_000.0


def running(**changes: object) -> Status:
    """A healthy two-shard status written just now; `changes` spoil it."""
    fields: dict[str, object] = {
        "written_at": NOW - 2,
        "state": "running",
        "corpus_loaded": True,
        "documents": 5,
        "passages": 120,
        "ready": True,
        "shard_count": 2,
        "shard_ids": [0, 1],
        "shards": {0: ShardStatus(True, 42.0), 1: ShardStatus(True, None)},
        "guilds": 3,
        "pid": 4321,
    }
    fields.update(changes)
    return Status(**fields)  # type: ignore[arg-type]


def judged(tmp_path: Path, status: Status, max_age: float = 60) -> tuple[int, str]:
    path = tmp_path / "status.json"
    health.write_status(path, status)
    return health.check(path, max_age=max_age, now=NOW)


def test_a_fresh_connected_status_is_healthy(tmp_path: Path) -> None:
    code, line = judged(tmp_path, running())
    assert code == 0, line
    assert line.startswith("healthy: shard(s) 0,1 connected, heartbeat 42 ms")
    assert "120 passages" in line and "2 s ago" in line and "pid 4321" in line


def test_a_stale_status_is_unhealthy(tmp_path: Path) -> None:
    code, line = judged(tmp_path, running(written_at=NOW - 95))
    assert code == 1
    assert "95 s old (at most 60 s)" in line
    code, line = judged(tmp_path, running(written_at=NOW - 95), max_age=120)
    assert code == 0, "--max-age moves the line"


def test_a_disconnected_shard_is_unhealthy(tmp_path: Path) -> None:
    down = {0: ShardStatus(True, 40.0), 1: ShardStatus(False, None)}
    code, line = judged(tmp_path, running(shards=down))
    assert (code, line) == (1, "unhealthy: disconnected from Discord: shard(s) 1")
    code, line = judged(tmp_path, running(shards={0: ShardStatus(True, 40.0)}))
    assert (code, line) == (1, "unhealthy: disconnected from Discord: shard(s) 1"), "missing"
    code, line = judged(tmp_path, running(shards={}, ready=False))
    assert (code, line) == (1, "unhealthy: not connected to Discord yet")


def test_a_corpus_not_loaded_is_unhealthy(tmp_path: Path) -> None:
    code, line = judged(tmp_path, running(corpus_loaded=False, passages=0))
    assert (code, line) == (1, "unhealthy: the corpus is not loaded")


def test_stopping_or_not_ready_is_unhealthy_and_every_reason_is_given(tmp_path: Path) -> None:
    code, line = judged(tmp_path, running(ready=False))
    assert code == 1 and "not ready yet" in line
    code, line = judged(
        tmp_path, running(state="stopping", shards={}, corpus_loaded=False, written_at=NOW - 300)
    )
    assert code == 1
    for reason in ("300 s old", "shutting down", "corpus is not loaded"):
        assert reason in line
    assert "connected" not in line, "a stopping bot's connections are not news"
    code, line = judged(tmp_path, running(ready=False, shards={}))
    assert (code, line) == (1, "unhealthy: not connected to Discord yet")


def test_no_file_or_a_broken_file_is_unhealthy(tmp_path: Path) -> None:
    code, line = health.check(tmp_path / "absent.json", max_age=60)
    assert code == 1 and "no status file" in line and "absent.json" in line
    broken = tmp_path / "broken.json"
    for text in ("{not json", '{"format": 99}', '{"format": 1}', "[]"):
        broken.write_text(text, encoding="utf-8")
        code, line = health.check(broken, max_age=60)
        assert code == 1 and "cannot read the status file" in line, text


def test_the_file_round_trips_and_is_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "deeper" / "status.json"
    status = running(event="shard_disconnect 1")
    health.write_status(path, status)
    assert health.read_status(path) == status
    health.write_status(path, running(passages=7))
    assert health.read_status(path).passages == 7
    assert [p.name for p in path.parent.iterdir()] == ["status.json"], "no temporary left"


def test_default_path_is_per_shard_set(tmp_path: Path) -> None:
    folder = str(tmp_path)
    assert health.default_path(None, folder) == tmp_path / "excerpt-bot-health.json"
    assert health.default_path([1, 0], folder) == tmp_path / "excerpt-bot-health-shards-0-1.json"
    assert health.status_path(tmp_path / "x.json", [0]) == tmp_path / "x.json"


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"EXCERPT_SHARD_IDS": "1"},
        {"EXCERPT_SHARD_IDS": " 2, 3,"},
        {"EXCERPT_SHARD_COUNT": "8", "EXCERPT_SHARD_IDS": "7,6"},
    ],
)
def test_shard_ids_are_read_as_the_bot_reads_them(environ: dict[str, str]) -> None:
    settings = default_settings(discord={"shard_count": 4, "shard_ids": [0]})
    _, expected = main.shard_settings(settings, environ)
    assert health.shard_ids_from(environ, settings.discord.shard_ids) == expected


def test_the_health_command_exits_0_or_1_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status_file = tmp_path / "status.json"
    config = tmp_path / "config.yaml"
    config.write_text(
        f"health: {{file: {status_file}, interval_seconds: 5, max_age_seconds: 30}}\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("EXCERPT_SHARD_IDS", raising=False)
    argv = ["health", "--config", str(config)]
    assert cli.main(argv) == 1
    assert "no status file" in capsys.readouterr().err

    health.write_status(status_file, running(written_at=time.time()))
    assert cli.main(argv) == 0
    assert capsys.readouterr().out.startswith("healthy: ")

    health.write_status(status_file, running(written_at=time.time() - 45))
    assert cli.main(argv) == 1, "older than health.max_age_seconds"
    assert "45 s old (at most 30 s)" in capsys.readouterr().err
    assert cli.main([*argv, "--max-age", "90"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as usage:
        cli.main([*argv, "--max-age", "0"])
    assert usage.value.code == 2
    assert "above 0" in capsys.readouterr().err


def test_the_health_command_finds_the_file_of_its_shards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without health.file, each shard set has its own file in the temporary folder, and
    the check (run with the same environment as the bot) reads the right one."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    monkeypatch.setenv("EXCERPT_SHARD_COUNT", "2")
    monkeypatch.setenv("EXCERPT_SHARD_IDS", "1")
    config = tmp_path / "config.yaml"
    config.write_text("logging: {level: INFO}\n", encoding="utf-8")
    health.write_status(
        tmp_path / "excerpt-bot-health-shards-1.json",
        running(written_at=time.time(), shard_ids=[1], shards={1: ShardStatus(True, 9.0)}),
    )
    assert cli.main(["health", "--config", str(config)]) == 0
    monkeypatch.setenv("EXCERPT_SHARD_IDS", "0")
    assert cli.main(["health", "--config", str(config)]) == 1
    assert "excerpt-bot-health-shards-0.json" in capsys.readouterr().err
