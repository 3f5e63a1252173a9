"""Command definitions: what Discord would refuse on a bulk overwrite, and where it says so."""

from __future__ import annotations

from typing import Any

import pytest

from tests.standin.problems import JSON, form_errors
from tests.standin.validate_commands import check_command_list


def slash(name: str = "search", description: str = "Search", **extra: Any) -> JSON:
    return {"name": name, "description": description, "type": 1, **extra}


def option(name: str = "query", kind: int = 3, **extra: Any) -> JSON:
    return {"name": name, "description": "What to find", "type": kind, **extra}


def where(commands: list[JSON]) -> list[str]:
    return [".".join(map(str, p.path)) for p in check_command_list(commands)]


@pytest.mark.parametrize(
    "commands",
    [
        [slash()],
        [slash("सहायता")],
        [slash("it's-ok_1")],
        [{"name": "Find Source", "type": 3}, {"name": "Profile Card", "type": 2}],
        [slash(options=[option(required=True), option("page", 4)])],
        [
            slash(
                options=[
                    {
                        "name": "corpus",
                        "description": "x",
                        "type": 2,
                        "options": [
                            {"name": "reload", "description": "y", "type": 1, "options": [option()]}
                        ],
                    }
                ]
            )
        ],
        [slash(options=[option(choices=[{"name": "n" * 100, "value": "v" * 100}] * 25)])],
    ],
)
def test_valid_definitions(commands: list[JSON]) -> None:
    assert check_command_list(commands) == []


@pytest.mark.parametrize(
    ("commands", "path"),
    [
        ([slash("Search")], "0.name"),
        ([slash("two words")], "0.name"),
        ([slash("n" * 33)], "0.name"),
        ([slash(description="")], "0.description"),
        ([slash(description="d" * 101)], "0.description"),
        ([{"name": "Find source", "type": 3, "description": "no"}], "0.description"),
        ([{"name": "m" * 33, "type": 3}], "0.name"),
        ([slash(options=[option(), option("page", required=True)])], "0.options.1.required"),
        ([slash(options=[option(), option()])], "0.options.1.name"),
        ([slash(options=[option(f"o{n}") for n in range(26)])], "0.options"),
        ([slash(options=[option("Upper")])], "0.options.0.name"),
        ([slash(options=[option(description="d" * 101)])], "0.options.0.description"),
        (
            [slash(options=[option(choices=[{"name": "a", "value": "v" * 101}])])],
            "0.options.0.choices.0.value",
        ),
        (
            [slash(options=[option(choices=[{"name": "", "value": "v"}])])],
            "0.options.0.choices.0.name",
        ),
        (
            [slash(options=[option(choices=[{"name": "a", "value": "a"}], autocomplete=True)])],
            "0.options.0.autocomplete",
        ),
        ([slash(options=[option(), {"name": "sub", "description": "s", "type": 1}])], "0.options"),
        ([slash(), slash()], "1.name"),
    ],
)
def test_invalid_definitions(commands: list[JSON], path: str) -> None:
    assert path in where(commands)


def test_8000_characters_per_command() -> None:
    choices = [{"name": "n" * 100, "value": "v" * 50} for _ in range(25)]  # 3750 each
    options = [option(f"o{n}", choices=choices) for n in range(2)]
    assert check_command_list([slash(options=options)]) == []
    options.append(option("o2", choices=choices))
    [problem] = check_command_list([slash(options=options)])
    assert problem.code == "APPLICATION_COMMAND_TOO_LARGE"


@pytest.mark.parametrize(("kind", "limit"), [(1, 100), (2, 15), (3, 15)])
def test_global_command_counts(kind: int, limit: int) -> None:
    def make(n: int) -> JSON:
        return slash(f"c{n}") if kind == 1 else {"name": f"c{n}", "type": kind}

    assert check_command_list([make(n) for n in range(limit)]) == []
    [problem] = check_command_list([make(n) for n in range(limit + 1)])
    assert problem.code == "APPLICATION_COMMANDS_TOO_MANY"


def test_errors_nest_like_discords() -> None:
    problems = check_command_list([slash(), slash("find", options=[option(description="")])])
    assert form_errors(problems) == {
        "1": {
            "options": {
                "0": {
                    "description": {
                        "_errors": [
                            {
                                "code": "BASE_TYPE_BAD_LENGTH",
                                "message": "Must be between 1 and 100 in length.",
                            }
                        ]
                    }
                }
            }
        }
    }
