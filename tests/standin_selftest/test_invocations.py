"""What the Discord client would not let a user type: caught before anything is sent."""

from __future__ import annotations

from typing import Any

import pytest

from tests.standin.invocations import Resolved, build_options, command_path
from tests.standin.models import Channel, Role, User
from tests.standin.problems import JSON

DEFINITIONS: list[JSON] = [
    {"name": "query", "type": 3, "required": True, "min_length": 2, "max_length": 5},
    {"name": "page", "type": 4, "min_value": 1, "max_value": 9},
    {"name": "weight", "type": 10},
    {"name": "public", "type": 5},
    {"name": "mode", "type": 3, "choices": [{"name": "Fast", "value": "fast"}]},
    {"name": "where", "type": 7, "channel_types": [0]},
    {"name": "role", "type": 8},
    {"name": "file", "type": 11},
]
TEXT_CHANNEL = Channel(10, 0, "general", 1)
THREAD = Channel(11, 11, "talk", 1, parent_id=10)


def options(**values: Any) -> list[JSON]:
    return build_options(DEFINITIONS, {"query": "abc", **values}, Resolved(0))


def test_typed_values_and_resolved_entries() -> None:
    resolved = Resolved(1024)
    built = build_options(
        DEFINITIONS,
        {"query": "abc", "page": 3, "weight": 0.5, "where": TEXT_CHANNEL, "role": Role(7, "r", 0)},
        resolved,
    )
    assert [(o["name"], o["value"]) for o in built] == [
        ("query", "abc"),
        ("page", 3),
        ("weight", 0.5),
        ("where", "10"),
        ("role", "7"),
    ]
    assert set(resolved.payload()) == {"channels", "roles"}
    assert resolved.channels["10"]["permissions"] == "1024"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"query": "a"}, "2-5 characters"),
        ({"query": 5}, "takes a str"),
        ({"page": 10}, "1..9"),
        ({"page": True}, "takes a number"),
        ({"page": 1.5}, "takes a number"),
        ({"public": "yes"}, "takes a bool"),
        ({"mode": "slow"}, "only offers"),
        ({"where": THREAD}, "channel types"),
        ({"role": User(1, "u")}, "cannot take"),
        ({"file": "a.txt"}, "cannot fill"),
    ],
)
def test_values_the_client_would_not_allow(values: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        options(**values)


def test_autocomplete_needs_an_autocomplete_option() -> None:
    with pytest.raises(ValueError, match="has no autocomplete"):
        build_options(DEFINITIONS, {}, Resolved(0), focused=("query", "ab"))
    with pytest.raises(ValueError, match="no option 'nope'"):
        build_options(DEFINITIONS, {}, Resolved(0), focused=("nope", "ab"))


def test_sub_command_paths() -> None:
    command: JSON = {
        "name": "corpus",
        "options": [
            {"name": "admin", "type": 2, "options": [{"name": "reload", "type": 1}]},
            {"name": "stats", "type": 1, "options": [{"name": "detail", "type": 5}]},
        ],
    }
    chain, leaf = command_path(command, ["admin", "reload"])
    assert [step["name"] for step in chain] == ["admin", "reload"] and leaf == []
    with pytest.raises(ValueError, match="needs a sub-command"):
        command_path(command, [])
    with pytest.raises(ValueError, match="no sub-command 'purge'"):
        command_path(command, ["purge"])
