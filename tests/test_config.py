"""config.yaml: the new health and metrics keys, their errors, and the shipped file's defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from bot.config import ConfigError, Settings, load_settings
from tests.conftest import ROOT


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "key", "value", "expected"),
    [
        ("metrics: {port: 70000}", "metrics.port", "70000", "less than or equal to 65535"),
        ("metrics: {port: -1}", "metrics.port", "-1", "greater than or equal to 0"),
        ("metrics: {port: nine}", "metrics.port", "'nine'", "a valid integer"),
        ("metrics: {address: example.org}", "metrics.address", "'example.org'", "an IP address"),
        ("metrics: {addres: 0.0.0.0}", "metrics.addres", "'0.0.0.0'", "unknown key"),
        ("health: {interval_seconds: 0}", "health.interval_seconds", "0", "greater than or equal"),
        ("health: {max_age_seconds: yes}", "health.max_age_seconds", "True", "a valid number"),
        (
            "health: {interval_seconds: 30, max_age_seconds: 20}",
            "health.max_age_seconds",
            "20",
            "more than interval_seconds (30)",
        ),
        ("health: {file: [a, b]}", "health.file", "['a', 'b']", "path"),
        ("health: 5", "health", "5", "a valid dictionary"),
    ],
)
def test_bad_health_and_metrics_values_name_the_key_value_and_expectation(
    tmp_path: Path, text: str, key: str, value: str, expected: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(write_config(tmp_path, text))
    report = caught.value.report()
    assert len(caught.value.problems) == 1, report
    problem = caught.value.problems[0]
    assert problem.startswith(f"{key}: "), report
    assert value in problem and expected in problem, report


def test_health_and_metrics_defaults_and_values(tmp_path: Path) -> None:
    defaults = Settings()
    assert defaults.health.file is None
    assert (defaults.health.interval_seconds, defaults.health.max_age_seconds) == (15, 60)
    assert (defaults.metrics.port, defaults.metrics.address) == (None, "127.0.0.1")
    text = (
        "health: {file: run/status.json, interval_seconds: 5, max_age_seconds: 20}\n"
        "metrics: {port: 9100, address: '::'}\n"
    )
    settings = load_settings(write_config(tmp_path, text))
    assert settings.health.file == tmp_path / "run" / "status.json", "relative to the file"
    assert settings.health.interval_seconds == 5 and settings.health.max_age_seconds == 20
    assert settings.metrics.port == 9100 and settings.metrics.address == "::"


def test_the_cache_folder_from_the_environment_overrides_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_config(tmp_path, "corpus: {cache_dir: here}\n")
    monkeypatch.delenv("EXCERPT_BOT_CACHE", raising=False)
    assert load_settings(path).corpus.cache_dir == tmp_path / "here"
    monkeypatch.setenv("EXCERPT_BOT_CACHE", "/var/cache/excerpt")
    assert load_settings(path).corpus.cache_dir == Path("/var/cache/excerpt")
    monkeypatch.setenv("EXCERPT_BOT_CONFIG", str(tmp_path / "absent.yaml"))
    assert load_settings().corpus.cache_dir == Path("/var/cache/excerpt"), "no file: defaults"
    monkeypatch.setenv("EXCERPT_BOT_CACHE", "  ")
    assert load_settings().corpus.cache_dir is None, "blank means unset"


def test_the_cache_folder_cannot_be_the_corpus_folder_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EXCERPT_BOT_CACHE", raising=False)
    path = write_config(tmp_path, "corpus: {path: docs, cache_dir: ./docs/}\n")
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    [problem] = raised.value.problems
    assert problem.startswith(f"corpus.cache_dir: got '{tmp_path / 'docs'}', expected a folder")
    monkeypatch.setenv("EXCERPT_BOT_CACHE", str(tmp_path / "docs"))
    with pytest.raises(ConfigError):
        load_settings(write_config(tmp_path, "corpus: {path: docs}\n"))
    monkeypatch.setenv("EXCERPT_BOT_CACHE", str(tmp_path / "docs" / "cache"))
    assert load_settings(path).corpus.cache_dir == tmp_path / "docs" / "cache"


def _leaves(model: BaseModel, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in model:
        key = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            out.update(_leaves(value, key + "."))
        else:
            out[key] = value
    return out


def _flatten(raw: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in raw.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{name}."))
        else:
            out[f"{prefix}{name}"] = value
    return out


def test_the_shipped_config_lists_every_key_with_its_default() -> None:
    """config.yaml says "the values below are the defaults": keep it true."""
    raw = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    shipped = _flatten(raw)
    defaults = _leaves(Settings())
    assert set(shipped) == set(defaults)
    for key, value in shipped.items():
        default = defaults[key]
        if isinstance(default, Path):
            default = str(default)
        assert value == default, f"{key}: config.yaml says {value!r}, the default is {default!r}"
