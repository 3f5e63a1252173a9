"""Discord's rules for application command definitions (bulk overwrite on ``tree.sync()``)."""

from __future__ import annotations

import unicodedata
from typing import Any

from .problems import JSON, Path, Problem

SLASH, USER_MENU, MESSAGE_MENU = 1, 2, 3
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, NUMBER = 3, 4, 10
OPTION_TYPES = range(1, 12)

MAX_PER_TYPE = {SLASH: 100, USER_MENU: 15, MESSAGE_MENU: 15}
MAX_OPTIONS = 25
MAX_CHOICES = 25
MAX_NAME = 32
MAX_DESCRIPTION = 100
MAX_CHOICE_NAME = 100
MAX_CHOICE_VALUE = 100
MAX_COMMAND_TEXT = 8000

# Scripts Discord's name regex admits besides letters and numbers: \p{sc=Deva}, \p{sc=Thai}.
_EXTRA_SCRIPTS = ((0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x0E00, 0x0E7F))


def check_command_list(commands: Any) -> list[Problem]:
    """Problems with a whole bulk-overwrite body (a list of command definitions)."""
    if not isinstance(commands, list):
        return [Problem((), "BASE_TYPE_ARRAY", "Must be an array.")]
    problems: list[Problem] = []
    counts: dict[int, int] = {}
    seen: set[tuple[int, str]] = set()
    for index, command in enumerate(commands):
        if not isinstance(command, dict):
            problems.append(Problem((index,), "DICT_TYPE_CONVERT", "Must be an object."))
            continue
        kind = command.get("type", SLASH)
        counts[kind] = counts.get(kind, 0) + 1
        key = (kind, str(command.get("name")))
        if key in seen:
            problems.append(
                Problem(
                    (index, "name"),
                    "APPLICATION_COMMANDS_DUPLICATE_NAME",
                    f"Application command names must be unique: {key[1]!r}",
                )
            )
        seen.add(key)
        problems.extend(p.under(index) for p in check_command(command))
    for kind, count in counts.items():
        limit = MAX_PER_TYPE.get(kind)
        if limit is not None and count > limit:
            problems.append(
                Problem(
                    (),
                    "APPLICATION_COMMANDS_TOO_MANY",
                    f"Maximum number of type {kind} application commands reached ({limit}).",
                )
            )
    return problems


def check_command(command: JSON) -> list[Problem]:
    kind = command.get("type", SLASH)
    if kind not in MAX_PER_TYPE:
        return [
            Problem(("type",), "BASE_TYPE_CHOICES", f"Value must be one of {list(MAX_PER_TYPE)}.")
        ]
    problems: list[Problem] = []
    name = command.get("name")
    description = command.get("description") or ""
    if kind == SLASH:
        problems.extend(_check_name(name, ("name",)))
        problems.extend(_check_description(description, ("description",)))
        problems.extend(_check_options(command.get("options") or [], ("options",), depth=0))
    else:
        if not isinstance(name, str) or not 1 <= len(name) <= MAX_NAME:
            problems.append(_bad_length(("name",), 1, MAX_NAME))
        if description:
            problems.append(
                Problem(
                    ("description",),
                    "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION",
                    "Context menu commands cannot have a description.",
                )
            )
        if command.get("options"):
            problems.append(
                Problem(
                    ("options",), "BASE_TYPE_BAD_LENGTH", "Context menu commands take no options."
                )
            )
    size = command_text_length(command)
    if size > MAX_COMMAND_TEXT:
        problems.append(
            Problem(
                (),
                "APPLICATION_COMMAND_TOO_LARGE",
                f"Command exceeds maximum size ({size} > {MAX_COMMAND_TEXT} characters).",
            )
        )
    return problems


def command_text_length(node: JSON) -> int:
    """Names, descriptions and choice names/values of a command and all its options."""
    total = len(str(node.get("name") or "")) + len(str(node.get("description") or ""))
    for choice in node.get("choices") or []:
        total += len(str(choice.get("name") or "")) + len(str(choice.get("value") or ""))
    for option in node.get("options") or []:
        total += command_text_length(option)
    return total


def is_valid_slash_name(name: str) -> bool:
    return (
        1 <= len(name) <= MAX_NAME
        and all(_name_char_ok(ch) for ch in name)
        and name == name.lower()
    )


def _name_char_ok(ch: str) -> bool:
    if ch in "-_'" or unicodedata.category(ch)[0] in "LN":
        return True
    return any(low <= ord(ch) <= high for low, high in _EXTRA_SCRIPTS)


def _check_name(name: Any, path: Path) -> list[Problem]:
    if not isinstance(name, str) or not 1 <= len(name) <= MAX_NAME:
        return [_bad_length(path, 1, MAX_NAME)]
    if not is_valid_slash_name(name):
        return [
            Problem(
                path,
                "APPLICATION_COMMAND_INVALID_NAME",
                f"Command name is invalid (lowercase letters, digits, - _ ' only): {name!r}",
            )
        ]
    return []


def _check_description(description: Any, path: Path) -> list[Problem]:
    if not isinstance(description, str) or not 1 <= len(description) <= MAX_DESCRIPTION:
        return [_bad_length(path, 1, MAX_DESCRIPTION)]
    return []


def _check_options(options: Any, path: Path, *, depth: int) -> list[Problem]:
    if not isinstance(options, list):
        return [Problem(path, "BASE_TYPE_ARRAY", "Must be an array.")]
    problems: list[Problem] = []
    if len(options) > MAX_OPTIONS:
        problems.append(_too_many(path, MAX_OPTIONS))
    names: set[str] = set()
    seen_optional = False
    kinds = {option.get("type") for option in options if isinstance(option, dict)}
    if kinds & {SUB_COMMAND, SUB_COMMAND_GROUP} and kinds - {SUB_COMMAND, SUB_COMMAND_GROUP}:
        problems.append(
            Problem(
                path,
                "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                "Sub-commands and sub-command groups cannot be mixed with other options.",
            )
        )
    for index, option in enumerate(options):
        where = (*path, index)
        if not isinstance(option, dict):
            problems.append(Problem(where, "DICT_TYPE_CONVERT", "Must be an object."))
            continue
        name = option.get("name")
        if name in names:
            problems.append(
                Problem(
                    (*where, "name"),
                    "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                    f"Option names must be unique: {name!r}",
                )
            )
        names.add(str(name))
        if option.get("required"):
            if seen_optional:
                problems.append(
                    Problem(
                        (*where, "required"),
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                        "Required options must be placed before non-required options.",
                    )
                )
        elif option.get("type") not in (SUB_COMMAND, SUB_COMMAND_GROUP):
            seen_optional = True
        problems.extend(_check_option(option, where, depth=depth))
    return problems


def _check_option(option: JSON, path: Path, *, depth: int) -> list[Problem]:
    problems = _check_name(option.get("name"), (*path, "name"))
    problems += _check_description(option.get("description"), (*path, "description"))
    kind = option.get("type")
    if kind not in OPTION_TYPES:
        return [*problems, Problem((*path, "type"), "BASE_TYPE_CHOICES", "Invalid option type.")]
    if (kind == SUB_COMMAND_GROUP and depth > 0) or (kind == SUB_COMMAND and depth > 1):
        problems.append(
            Problem((*path, "type"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Nested too deep.")
        )
    if kind in (SUB_COMMAND, SUB_COMMAND_GROUP):
        children = option.get("options") or []
        if kind == SUB_COMMAND_GROUP and any(
            isinstance(child, dict) and child.get("type") != SUB_COMMAND for child in children
        ):
            problems.append(
                Problem(
                    (*path, "options"),
                    "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                    "A sub-command group may only contain sub-commands.",
                )
            )
        return problems + _check_options(children, (*path, "options"), depth=depth + 1)
    choices = option.get("choices")
    if choices:
        if kind not in (STRING, INTEGER, NUMBER):
            problems.append(
                Problem((*path, "choices"), "BASE_TYPE_BAD_LENGTH", "Only text/number options.")
            )
        if option.get("autocomplete"):
            problems.append(
                Problem(
                    (*path, "autocomplete"),
                    "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE",
                    "Autocomplete cannot be enabled on an option that has choices.",
                )
            )
        problems.extend(check_choices(choices, (*path, "choices")))
    if option.get("autocomplete") and kind not in (STRING, INTEGER, NUMBER):
        problems.append(
            Problem((*path, "autocomplete"), "BASE_TYPE_CHOICES", "Only text/number options.")
        )
    return problems


def check_choices(choices: Any, path: Path) -> list[Problem]:
    """Choice lists: on option definitions and in autocomplete answers alike."""
    if not isinstance(choices, list):
        return [Problem(path, "BASE_TYPE_ARRAY", "Must be an array.")]
    problems: list[Problem] = []
    if len(choices) > MAX_CHOICES:
        problems.append(_too_many(path, MAX_CHOICES))
    for index, choice in enumerate(choices):
        where = (*path, index)
        if not isinstance(choice, dict):
            problems.append(Problem(where, "DICT_TYPE_CONVERT", "Must be an object."))
            continue
        name = choice.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= MAX_CHOICE_NAME:
            problems.append(_bad_length((*where, "name"), 1, MAX_CHOICE_NAME))
        value = choice.get("value")
        if isinstance(value, str):
            if len(value) > MAX_CHOICE_VALUE:
                problems.append(_bad_length((*where, "value"), 0, MAX_CHOICE_VALUE))
        elif isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(
                Problem((*where, "value"), "BASE_TYPE_REQUIRED", "Must be a string or a number.")
            )
    return problems


def _bad_length(path: Path, low: int, high: int) -> Problem:
    return Problem(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")


def _too_many(path: Path, limit: int) -> Problem:
    return Problem(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")
