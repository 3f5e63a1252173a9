"""docs/OPERATIONS.md stays true: every config key with its default (from the models), every
environment variable the code reads, and the invite link's permissions (from the code)."""

from __future__ import annotations

import ast
import re
import typing
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import discord
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from bot.config import Settings
from tests.conftest import ROOT

DOC = ROOT / "docs" / "OPERATIONS.md"
REQUIRED = "required"
# Either one allows pinning (see DISCORD.md); the invite asks for the narrower Pin Messages.
PIN_ALTERNATIVE = "manage_messages"


def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _model(annotation: Any) -> type[BaseModel] | None:
    return (
        annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    )


def config_reference(
    model: type[BaseModel] = Settings, prefix: str = ""
) -> Iterator[tuple[str, str]]:
    """(key, default as YAML) of every key of the config models; list items as `key[].field`."""
    for name, info in model.model_fields.items():
        key = prefix + name
        nested = _model(info.annotation)
        if nested is not None:
            yield from config_reference(nested, key + ".")
            continue
        item = None
        if typing.get_origin(info.annotation) is list:
            item = _model(typing.get_args(info.annotation)[0])
        yield key, _yaml(info.default)
        if item is not None:
            yield from config_reference(item, key + "[].")


def _yaml(value: Any) -> str:
    if value is PydanticUndefined:
        return REQUIRED
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    return str(value)


def documented_config() -> dict[str, str]:
    """key: default from the doc's configuration table rows (| `key` | `default` | ... |)."""
    rows = re.findall(r"^\| `([a-z_\[\].]+)` \| (`[^`|]*`|required) \|", doc(), re.M)
    return {key: default.strip("`") for key, default in rows}


def test_every_config_key_is_documented_with_its_default() -> None:
    documented = documented_config()
    expected = dict(config_reference())
    missing = {k: v for k, v in expected.items() if k not in documented}
    rows = "\n".join(
        f"| `{k}` | {'required' if v == REQUIRED else f'`{v}`'} | ... |" for k, v in missing.items()
    )
    assert not missing, f"add to docs/OPERATIONS.md section 4:\n{rows}"
    wrong = {k: (documented[k], v) for k, v in expected.items() if documented[k] != v}
    assert not wrong, f"documented default vs the model's: {wrong}"
    stale = set(documented) - set(expected)
    assert not stale, f"documented keys the config no longer has: {stale}"
    assert len(expected) > 30


def _string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def test_every_environment_variable_the_code_reads_is_documented() -> None:
    names: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        names |= {
            s for s in _string_constants(path) if re.fullmatch(r"(DISCORD|EXCERPT)_[A-Z_]+", s)
        }
    assert {"DISCORD_TOKEN", "DISCORD_TOKEN_FILE", "EXCERPT_SHARD_IDS"} <= names
    table = set(re.findall(r"^\| `([A-Z_]+)` \|", doc(), re.M))
    assert names <= table, f"undocumented: {names - table}"


def bot_permissions_in_code() -> set[str]:
    """The channel permissions the buttons check for the bot (and the member) before acting."""
    flags = set(discord.Permissions.VALID_FLAGS)
    used = _string_constants(ROOT / "bot" / "discord_app" / "buttons.py") & flags
    assert {"pin_messages", "send_messages", "embed_links"} <= used
    return used


def invite() -> tuple[dict[str, list[str]], str]:
    [url] = set(re.findall(r"https://discord\.com/oauth2/authorize\?[^\s)`]+", doc()))
    return urllib.parse.parse_qs(urllib.parse.urlsplit(url).query), url


def test_the_invite_link_asks_for_exactly_the_scopes_and_permissions_used() -> None:
    query, url = invite()
    assert query["client_id"] == ["YOUR_APP_ID"]
    assert query["scope"] == ["bot applications.commands"], "scope=bot+applications.commands"
    assert url.count("scope=bot+applications.commands") == 1
    needed = bot_permissions_in_code() - {PIN_ALTERNATIVE}
    expected = discord.Permissions(**dict.fromkeys(needed, True)).value
    assert int(query["permissions"][0]) == expected == 2252074691611648


def test_the_permission_table_breaks_the_integer_down() -> None:
    text = doc()
    needed = bot_permissions_in_code() - {PIN_ALTERNATIVE}
    total = 0
    for name in needed:
        value = getattr(discord.Permissions, name).flag
        title = name.replace("_", " ").title().replace(" In ", " in ")
        row = re.search(rf"^\| {re.escape(title)} \| 1 << (\d+) \| (\d+) \| .+ \|$", text, re.M)
        assert row, f"no row for {title}"
        assert (1 << int(row.group(1))) == int(row.group(2)) == value, title
        total += value
    assert f"**{total}**" in text


def test_the_readme_links_the_operations_guide_and_keeps_its_quick_start() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Running your own" in readme and "(docs/OPERATIONS.md)" in readme
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert (
        "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/python -m bot" in quick
    )
    assert "docs/OPERATIONS" not in quick


def test_section_links_resolve() -> None:
    text = doc()
    anchors = {
        re.sub(r"[^a-z0-9 -]", "", heading.lower()).replace(" ", "-")
        for heading in re.findall(r"^#+ (.+)$", text, re.M)
    }
    for link in re.findall(r"\]\(#([^)]+)\)", text):
        assert link in anchors, link
