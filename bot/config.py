"""`config.yaml` validated into typed settings: everything but secrets.

A bad file stops the bot before it connects, with every mistake spelled out as the key, the
value found and what was expected (`ConfigError`); the command line turns that into exit
code 2. Paths in the file are relative to the file's folder.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

DEFAULT_CONFIG = Path("config.yaml")
SNOWFLAKE_MAX = 2**64 - 1

Snowflake = Annotated[int, Field(gt=0, le=SNOWFLAKE_MAX)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CorpusSettings(_Strict):
    path: Path = Path("corpus")
    """Folder of Markdown (.md) and plain text (.txt) files, read recursively."""
    watch: bool = False
    """Reload by itself when a file in the folder changes."""
    cache_dir: Path | None = None
    """Where to keep the built index between restarts; none keeps it in memory only."""


class Cooldown(_Strict):
    rate: int = Field(5, ge=1, le=1000)
    """Commands a member may run..."""
    per_seconds: float = Field(10.0, gt=0, le=86400)
    """...within this many seconds."""


class CommandSettings(_Strict):
    search_public: bool = False
    find_source_public: bool = False
    topic_public: bool = True
    random_public: bool = True
    cite_public: bool = True
    results_per_page: int = Field(5, ge=1, le=10)
    cooldown: Cooldown = Cooldown()


class DailyPost(_Strict):
    channel: Snowflake
    time: dt.time
    timezone: str = "UTC"
    document: str | None = None
    topic: str | None = None
    thread: bool = False

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("an IANA time zone name such as Europe/Paris or UTC") from exc
        return value


class ReadingList(_Strict):
    guild: Snowflake | None = None
    channel: Snowflake | None = None
    documents: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _has_scope(self) -> ReadingList:
        if self.guild is None and self.channel is None:
            raise ValueError("a reading list needs a guild or a channel")
        return self


class DiscordSettings(_Strict):
    guild_ids: list[Snowflake] = []
    """Sync commands to these servers only (instant, for development); empty = globally."""
    sync_commands: bool = True
    shard_count: int | None = Field(None, ge=1)
    shard_ids: list[int] | None = None
    owner_ids: list[Snowflake] = []
    """Members who may reload the corpus anywhere, besides server managers."""

    @model_validator(mode="after")
    def _shards_fit(self) -> DiscordSettings:
        if self.shard_ids is not None:
            if self.shard_count is None:
                raise ValueError("shard_ids needs shard_count")
            bad = [i for i in self.shard_ids if not 0 <= i < self.shard_count]
            if bad:
                raise ValueError(f"shard_ids {bad} are outside 0..{self.shard_count - 1}")
        return self


class LoggingSettings(_Strict):
    level: str = "INFO"

    @field_validator("level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return upper


class Settings(_Strict):
    corpus: CorpusSettings = CorpusSettings()
    discord: DiscordSettings = DiscordSettings()
    commands: CommandSettings = CommandSettings()
    daily: list[DailyPost] = []
    reading_lists: list[ReadingList] = []
    logging: LoggingSettings = LoggingSettings()


class ConfigError(Exception):
    """A config file that cannot be used, with one line per mistake."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))

    def report(self) -> str:
        lines = [f"Invalid configuration in {self.path}:"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


def load_settings(path: Path | None = None) -> Settings:
    """Read and validate the config file; a missing default file means all defaults."""
    explicit = path is not None
    path = path or Path(os.environ.get("EXCERPT_BOT_CONFIG", DEFAULT_CONFIG))
    if not path.exists():
        if explicit:
            raise ConfigError(path, ["file not found"])
        return Settings()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, [f"cannot read the file: {exc}"]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(path, [f"{where}not valid YAML: {reason}"]) from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(path, [f"expected a mapping of keys at the top, got {_kind(raw)}"])
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(path, [_describe(error, raw) for error in exc.errors()]) from exc
    return _relative_to(settings, path.parent)


def _relative_to(settings: Settings, base: Path) -> Settings:
    corpus = settings.corpus
    updates: dict[str, Any] = {}
    if not corpus.path.is_absolute():
        updates["path"] = base / corpus.path
    if corpus.cache_dir is not None and not corpus.cache_dir.is_absolute():
        updates["cache_dir"] = base / corpus.cache_dir
    if not updates:
        return settings
    return settings.model_copy(update={"corpus": corpus.model_copy(update=updates)})


def _describe(error: Any, raw: Any) -> str:
    location = [str(part) for part in error["loc"]]
    key = ".".join(location) or "(top level)"
    message = str(error["msg"])
    if error["type"] == "extra_forbidden":
        return f"{key}: unknown key (value {_show(error['input'])}); check its spelling"
    value = _lookup(raw, error["loc"])
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return f"{key}: got {_show(value)}, expected {_expectation(message)}"


def _expectation(message: str) -> str:
    lowered = message[:1].lower() + message[1:]
    for prefix in ("input should be ", "value should be "):
        if lowered.startswith(prefix):
            return lowered.removeprefix(prefix)
    return lowered


def _lookup(raw: Any, loc: tuple[Any, ...]) -> Any:
    node = raw
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return "(missing)"
    return node


def _show(value: Any) -> str:
    if value == "(missing)":
        return "nothing"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value: Any) -> str:
    return type(value).__name__
