"""Message bodies: content, embeds, components, allowed_mentions; pings and emptiness."""

from __future__ import annotations

from typing import Any

import pytest

from tests.standin.mentions import ping_reasons
from tests.standin.problems import JSON
from tests.standin.validate_messages import check_message, is_empty


def where(data: JSON) -> list[str]:
    return [".".join(map(str, p.path)) for p in check_message(data)]


def button(label: str = "Next", custom_id: str | None = "next", **extra: Any) -> JSON:
    data: JSON = {"type": 2, "style": 1, "label": label, **extra}
    if custom_id is not None:
        data["custom_id"] = custom_id
    return data


def row(*components: JSON) -> JSON:
    return {"type": 1, "components": list(components)}


def select(options: int = 3, **extra: Any) -> JSON:
    choices = [{"label": f"o{n}", "value": f"v{n}"} for n in range(options)]
    return {"type": 3, "custom_id": "pick", "options": choices, **extra}


FULL_EMBED = {
    "title": "t" * 256,
    "description": "d" * 4096,
    "footer": {"text": "f" * 1000},
    "author": {"name": "a" * 256},
}


@pytest.mark.parametrize(
    "data",
    [
        {"content": "c" * 2000},
        {"embeds": [FULL_EMBED]},
        {"embeds": [{"description": "x"}] * 10},
        {"components": [row(*(button(f"b{n}", f"b{n}") for n in range(5)))] * 1},
        {"components": [row(select(25, placeholder="p" * 150, max_values=25))]},
        {"components": [row(button("Docs", None, style=5, url="https://example.org"))]},
        {"components": [row(button("", "e", emoji={"name": "📌"}))]},
        {"content": "x", "allowed_mentions": {"parse": [], "users": ["1"]}},
    ],
)
def test_valid_bodies(data: JSON) -> None:
    assert check_message(data) == []


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"content": "c" * 2001}, "content"),
        ({"embeds": [{"description": "x"}] * 11}, "embeds"),
        ({"embeds": [{"title": "t" * 257}]}, "embeds.0.title"),
        ({"embeds": [{"description": "d" * 4097}]}, "embeds.0.description"),
        ({"embeds": [{"footer": {"text": "f" * 2049}}]}, "embeds.0.footer.text"),
        ({"embeds": [{"author": {"name": "a" * 257}}]}, "embeds.0.author.name"),
        ({"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]}, "embeds.0.fields"),
        ({"embeds": [{"fields": [{"name": "n" * 257, "value": "v"}]}]}, "embeds.0.fields.0.name"),
        ({"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]}, "embeds.0.fields.0.value"),
        ({"embeds": [FULL_EMBED, {"description": "d" * 1000}]}, "embeds"),
        ({"components": [row(button())] * 6}, "components"),
        (
            {"components": [row(*(button(f"b{n}", f"b{n}") for n in range(6)))]},
            "components.0.components",
        ),
        ({"components": [row(select(), button())]}, "components.0.components"),
        (
            {"components": [row(button("a", "same"), button("b", "same"))]},
            "components.0.components.1.custom_id",
        ),
        ({"components": [row(button(custom_id="c" * 101))]}, "components.0.components.0.custom_id"),
        ({"components": [row(button(label="l" * 81))]}, "components.0.components.0.label"),
        (
            {"components": [row(button(style=5, url="https://example.org"))]},
            "components.0.components.0.custom_id",
        ),
        ({"components": [row(button(custom_id=None))]}, "components.0.components.0.custom_id"),
        ({"components": [row(select(26, max_values=1))]}, "components.0.components.0.options"),
        (
            {"components": [row(select(placeholder="p" * 151))]},
            "components.0.components.0.placeholder",
        ),
        (
            {"components": [row(dict(select(), options=[{"label": "l" * 101, "value": "v"}]))]},
            "components.0.components.0.options.0.label",
        ),
        ({"components": [button()]}, "components.0"),
        (
            {"content": "x", "allowed_mentions": {"parse": ["users"], "users": ["1"]}},
            "allowed_mentions.users",
        ),
        (
            {"content": "x", "flags": 1 << 15, "components": [{"type": 10, "content": "y"}]},
            "content",
        ),
    ],
)
def test_invalid_bodies(data: JSON, path: str) -> None:
    assert path in where(data)


def test_empty_messages() -> None:
    assert is_empty({"content": "", "embeds": [], "allowed_mentions": {"parse": []}})
    assert not is_empty({"attachments": [{"id": 0, "filename": "a.txt"}]})
    assert not is_empty({"embeds": [{"title": "t"}]})


@pytest.mark.parametrize(
    ("data", "pings"),
    [
        ({"content": "hi <@123>"}, True),
        ({"content": "hi <@!123>", "allowed_mentions": {"parse": ["users"]}}, True),
        ({"content": "<@&9> see", "allowed_mentions": {"parse": [], "roles": ["9"]}}, True),
        ({"embeds": [{"description": "@here"}], "allowed_mentions": {"parse": ["everyone"]}}, True),
        ({"content": "@everyone", "allowed_mentions": {"parse": []}}, False),
        ({"content": "no mention at all"}, False),
        ({"content": "x", "message_reference": {"message_id": "1"}}, True),
        (
            {
                "content": "x",
                "message_reference": {"message_id": "1"},
                "allowed_mentions": {"parse": [], "replied_user": False},
            },
            False,
        ),
    ],
)
def test_would_it_ping(data: JSON, pings: bool) -> None:
    assert bool(ping_reasons(data)) is pings
