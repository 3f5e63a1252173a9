"""compose.yaml: two bot processes that split the shards between them, and mount what the
image expects where it expects it."""

from __future__ import annotations

from typing import Any

import yaml

from bot.discord_app.main import shard_settings
from tests.conftest import ROOT
from tests.deploy.dockerfile import parse
from tests.discord_app.conftest import default_settings


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def runtime_env() -> dict[str, str]:
    _, stages = parse((ROOT / "Dockerfile").read_text(encoding="utf-8"))
    return stages[-1].env()


def mounts(service: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """target: (source, options) of each `source:target[:options]` volume."""
    found = {}
    for volume in service["volumes"]:
        source, target, *options = volume.split(":")
        found[target] = (source, ":".join(options))
    return found


def test_two_services_split_the_shards() -> None:
    services = compose()["services"]
    assert len(services) == 2
    owned: list[int] = []
    for name, service in services.items():
        env = {k: str(v) for k, v in service["environment"].items()}
        count, ids = shard_settings(default_settings(), env)
        assert count == 2, name
        assert ids is not None and len(ids) == 1, name
        owned += ids
    assert sorted(owned) == [0, 1], "every shard run once"


def test_both_share_one_cache_volume_and_the_token_secret() -> None:
    data = compose()
    services = list(data["services"].values())
    image_env = runtime_env()
    caches = {mounts(s)[image_env["EXCERPT_BOT_CACHE"]] for s in services}
    assert len(caches) == 1, "one cache volume for both"
    [(volume, options)] = caches
    assert volume in data["volumes"] and options == "", "a named volume, writable"
    for service in services:
        assert service["secrets"] == ["discord_token"]
        env = service["environment"]
        assert env["DISCORD_TOKEN_FILE"] == "/run/secrets/discord_token"
        assert "DISCORD_TOKEN" not in env, "the token only ever comes from the secret"
    assert set(data["secrets"]["discord_token"]) == {"file"}


def test_corpus_and_config_are_mounted_read_only_where_the_image_reads_them() -> None:
    image_env = runtime_env()
    for name, service in compose()["services"].items():
        found = mounts(service)
        assert found["/app/corpus"] == ("./corpus", "ro"), name
        assert found[image_env["EXCERPT_BOT_CONFIG"]] == ("./config.yaml", "ro"), name
        assert service["read_only"] is True and "/tmp" in service["tmpfs"], (
            "a read-only container still has a /tmp for the health status file"
        )
        assert service["init"] is True and service["restart"] == "unless-stopped"
        assert service["build"] == "." and service["image"] == "excerpt-bot:latest"
