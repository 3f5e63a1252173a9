"""`config.yaml` validated into typed settings: everything but secrets.

A bad file stops the bot before it connects, with every mistake spelled out as the key, the
value found and what was expected (`ConfigError`); the command line turns that into exit
code 2. Paths in the file are relative to the file's folder.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
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
    ValidationInfo,
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
    """Folder of Markdown (.md, .markdown, .mdx, .qmd, .rmd) and plain text (.txt) files, read
    recursively."""
    watch: bool = False
    """Reload by itself when a file in the folder changes."""
    cache_dir: Path | None = None
    """Where to keep the built index between restarts; none keeps it in memory only."""


class Cooldown(_Strict):
    rate: int = Field(default=5, ge=1, le=1000)
    """Commands a member may run..."""
    per_seconds: float = Field(default=10.0, gt=0, le=86400)
    """...within this many seconds."""


class CommandSettings(_Strict):
    search_public: bool = False
    find_source_public: bool = False
    topic_public: bool = True
    random_public: bool = True
    cite_public: bool = True
    results_per_page: int = Field(default=5, ge=1, le=10)
    cooldown: Cooldown = Cooldown()


class DailyPost(_Strict):
    channel: Snowflake
    time: dt.time
    timezone: str = "UTC"
    document: str | None = None
    topic: str | None = None
    thread: bool = False

    @field_validator("time", mode="before")
    @classmethod
    def _time_of_day(cls, value: Any) -> Any:
        # YAML 1.1 reads an unquoted 10:30 as the number 630 (base 60), which pydantic would
        # take as 630 seconds: 00:10:30. Refuse numbers rather than post at the wrong time.
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(
                'a time of day in quotes, such as "10:30" (unquoted, YAML reads 10:30 as a number)'
            )
        if isinstance(value, str) and len(value.split(":", 1)[0].strip()) == 1:
            value = "0" + value.strip()  # "9:00" → "09:00"
        return value

    @field_validator("time")
    @classmethod
    def _no_zone_in_time(cls, value: dt.time) -> dt.time:
        if value.tzinfo is not None:
            raise ValueError('a time without a zone, such as "09:00" (the zone goes in timezone)')
        return value

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
    shard_count: int | None = Field(default=None, ge=1)
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


class HealthSettings(_Strict):
    """The status file `python -m bot health` (the Docker HEALTHCHECK) reads."""

    file: Path | None = None
    """Where the running bot writes its status; none: a file in the system's temporary
    folder, named after the shards the process runs (see `bot.health.status_path`)."""
    interval_seconds: float = Field(default=15.0, ge=1, le=3600, strict=True)
    """How often the status is rewritten while the bot runs (and on every connect,
    disconnect and resume)."""
    max_age_seconds: float = Field(default=60.0, ge=2, le=86400, strict=True)
    """`python -m bot health` calls an older status stale: the bot is stuck or gone."""

    @field_validator("max_age_seconds")
    @classmethod
    def _outlives_interval(cls, value: float, info: ValidationInfo) -> float:
        interval = info.data.get("interval_seconds")
        if interval is not None and value <= interval:
            raise ValueError(
                f"more than interval_seconds ({interval:g}), or a healthy bot looks stale"
            )
        return value


class MetricsSettings(_Strict):
    """Prometheus metrics over HTTP: off unless a port is given."""

    port: int | None = Field(default=None, ge=0, le=65535, strict=True)
    """Serve /metrics on this port; none: no metrics; 0: any free port (logged)."""
    address: str = "127.0.0.1"
    """The address to listen on: 127.0.0.1 keeps it local; 0.0.0.0 in a container whose
    port a scraper reaches through the container network."""

    @field_validator("address")
    @classmethod
    def _ip_address(cls, value: str) -> str:
        value = value.strip()
        if value == "localhost":
            return value
        try:
            ipaddress.ip_address(value)
        except ValueError as exc:
            raise ValueError("an IP address such as 127.0.0.1, 0.0.0.0 or ::") from exc
        return value


class StateSettings(_Strict):
    """Where the bot remembers what it did across restarts (daily posts made, channels
    where it pinned excerpts): one small JSON file per process."""

    dir: Path | None = None
    """Folder of the state file; none: `corpus.cache_dir` if set, else the folder of
    `health.file` if set, else the system's temporary folder."""


class Settings(_Strict):
    corpus: CorpusSettings = CorpusSettings()
    discord: DiscordSettings = DiscordSettings()
    commands: CommandSettings = CommandSettings()
    daily: list[DailyPost] = []
    reading_lists: list[ReadingList] = []
    logging: LoggingSettings = LoggingSettings()
    health: HealthSettings = HealthSettings()
    metrics: MetricsSettings = MetricsSettings()
    state: StateSettings = StateSettings()


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
    """Read and validate the config file; a missing default file means all defaults.

    `EXCERPT_BOT_CONFIG` names the file when `path` is not given, and `EXCERPT_BOT_CACHE`
    overrides `corpus.cache_dir` (so an image can keep its cache in a volume whatever
    config file is mounted)."""
    explicit = path is not None
    path = path or Path(os.environ.get("EXCERPT_BOT_CONFIG", DEFAULT_CONFIG))
    if not path.exists():
        if explicit:
            raise ConfigError(path, ["file not found"])
        return _checked(path, _from_environment(Settings()))
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
    return _checked(path, _from_environment(_relative_to(settings, path.parent)))


def _checked(path: Path, settings: Settings) -> Settings:
    """What only the folders resolved can tell: the index cache cannot be the corpus folder
    itself (its entries would be read as documents); a folder inside it is fine."""
    corpus = settings.corpus
    if corpus.cache_dir is not None and corpus.cache_dir.resolve() == corpus.path.resolve():
        raise ConfigError(
            path,
            [
                f"corpus.cache_dir: got '{corpus.cache_dir}', expected a folder other than "
                "the corpus folder (corpus.path) itself; one inside it, such as "
                f"'{corpus.path / '.cache'}', will do"
            ],
        )
    return settings


def _from_environment(settings: Settings) -> Settings:
    cache = os.environ.get("EXCERPT_BOT_CACHE", "").strip()
    if not cache:
        return settings
    corpus = settings.corpus.model_copy(update={"cache_dir": Path(cache)})
    return settings.model_copy(update={"corpus": corpus})


def _relative_to(settings: Settings, base: Path) -> Settings:
    corpus = settings.corpus
    updates: dict[str, Any] = {}
    if not corpus.path.is_absolute():
        updates["path"] = base / corpus.path
    if corpus.cache_dir is not None and not corpus.cache_dir.is_absolute():
        updates["cache_dir"] = base / corpus.cache_dir
    if updates:
        settings = settings.model_copy(update={"corpus": corpus.model_copy(update=updates)})
    health = settings.health
    if health.file is not None and not health.file.is_absolute():
        health = health.model_copy(update={"file": base / health.file})
        settings = settings.model_copy(update={"health": health})
    state = settings.state
    if state.dir is not None and not state.dir.is_absolute():
        settings = settings.model_copy(update={"state": StateSettings(dir=base / state.dir)})
    return settings


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
