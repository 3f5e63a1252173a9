"""Discord's rules for message bodies: content, embeds, components, allowed_mentions, modals."""

from __future__ import annotations

from typing import Any

from .problems import JSON, Path, Problem

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TOTAL = 6000
EMBED_TEXT_LIMITS: dict[tuple[str, ...], int] = {
    ("title",): 256,
    ("description",): 4096,
    ("footer", "text"): 2048,
    ("author", "name"): 256,
}
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_ROWS = 5
MAX_BUTTONS_PER_ROW = 5
MAX_V2_COMPONENTS = 40
MAX_CUSTOM_ID = 100
MAX_BUTTON_LABEL = 80
MAX_SELECT_OPTIONS = 25
MAX_SELECT_TEXT = 100
MAX_PLACEHOLDER = 150
MAX_MODAL_TITLE = 45

FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7
FLAG_COMPONENTS_V2 = 1 << 15

ACTION_ROW, BUTTON, STRING_SELECT, TEXT_INPUT = 1, 2, 3, 4
SELECTS = {3, 5, 6, 7, 8}
LINK_STYLE, PREMIUM_STYLE = 5, 6
MENTION_PARSE = {"users", "roles", "everyone"}


def check_message(data: Any) -> list[Problem]:
    """Problems Discord reports as 50035 for a message body (create or edit).

    An empty message is a different error (50006); see :func:`is_empty`.
    """
    if not isinstance(data, dict):
        return [Problem((), "DICT_TYPE_CONVERT", "Must be an object.")]
    problems: list[Problem] = []
    content = data.get("content")
    if content is not None:
        if not isinstance(content, str):
            problems.append(Problem(("content",), "BASE_TYPE_STRING", "Must be a string."))
        elif len(content) > MAX_CONTENT:
            problems.append(_too_long(("content",), MAX_CONTENT))
    embeds = data.get("embeds")
    if embeds:
        problems.extend(_check_embeds(embeds))
    flags = data.get("flags") or 0
    v2 = bool(flags & FLAG_COMPONENTS_V2)
    if v2 and (content or embeds):
        problems.append(
            Problem(
                ("content",) if content else ("embeds",),
                "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
                "The 'content' and 'embeds' fields cannot be used with the components v2 flag.",
            )
        )
    components = data.get("components")
    if components:
        problems.extend(check_components(components, v2=v2))
    mentions = data.get("allowed_mentions")
    if mentions is not None:
        problems.extend(_check_allowed_mentions(mentions))
    return problems


def is_empty(message: JSON) -> bool:
    """A message needs content, an embed, a component, a file, a sticker or a poll."""
    return not any(
        message.get(key)
        for key in ("content", "embeds", "components", "attachments", "sticker_ids")
    ) and not message.get("poll")


def _too_long(path: Path, limit: int) -> Problem:
    return Problem(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def _bad_length(path: Path, low: int, high: int) -> Problem:
    return Problem(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")


def _check_embeds(embeds: Any) -> list[Problem]:
    if not isinstance(embeds, list):
        return [Problem(("embeds",), "BASE_TYPE_ARRAY", "Must be an array.")]
    problems: list[Problem] = []
    if len(embeds) > MAX_EMBEDS:
        problems.append(_too_long(("embeds",), MAX_EMBEDS))
    total = 0
    for index, embed in enumerate(embeds):
        if not isinstance(embed, dict):
            problems.append(Problem(("embeds", index), "DICT_TYPE_CONVERT", "Must be an object."))
            continue
        for keys, limit in EMBED_TEXT_LIMITS.items():
            text = _dig(embed, keys)
            total += len(text)
            if len(text) > limit:
                problems.append(_too_long(("embeds", index, *keys), limit))
        fields = embed.get("fields") or []
        if len(fields) > MAX_FIELDS:
            problems.append(_too_long(("embeds", index, "fields"), MAX_FIELDS))
        for number, field in enumerate(fields):
            where = ("embeds", index, "fields", number)
            name, value = str(field.get("name") or ""), str(field.get("value") or "")
            total += len(name) + len(value)
            if not 1 <= len(name) <= MAX_FIELD_NAME:
                problems.append(_bad_length((*where, "name"), 1, MAX_FIELD_NAME))
            if not 1 <= len(value) <= MAX_FIELD_VALUE:
                problems.append(_bad_length((*where, "value"), 1, MAX_FIELD_VALUE))
    if total > MAX_EMBED_TOTAL:
        problems.append(
            Problem(
                ("embeds",),
                "MAX_EMBED_SIZE_EXCEEDED",
                f"Embed size exceeds maximum size of {MAX_EMBED_TOTAL} ({total}).",
            )
        )
    return problems


def _dig(embed: JSON, keys: tuple[str, ...]) -> str:
    node: Any = embed
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return str(node) if node is not None else ""


def check_components(components: Any, *, v2: bool) -> list[Problem]:
    if not isinstance(components, list):
        return [Problem(("components",), "BASE_TYPE_ARRAY", "Must be an array.")]
    problems: list[Problem] = []
    custom_ids: dict[str, Path] = {}
    if v2:
        count = _count_components(components)
        if count > MAX_V2_COMPONENTS:
            problems.append(
                Problem(
                    ("components",),
                    "BASE_TYPE_MAX_LENGTH",
                    f"Must be {MAX_V2_COMPONENTS} or fewer components in total ({count}).",
                )
            )
    elif len(components) > MAX_ROWS:
        problems.append(_too_long(("components",), MAX_ROWS))
    for index, component in enumerate(components):
        path = ("components", index)
        if not v2 and (not isinstance(component, dict) or component.get("type") != ACTION_ROW):
            problems.append(
                Problem(path, "UNION_TYPE_CHOICES", "Top-level components must be action rows.")
            )
            continue
        problems.extend(_check_component(component, path, custom_ids))
    return problems


def _count_components(components: list[Any]) -> int:
    total = 0
    for component in components:
        if isinstance(component, dict):
            total += 1 + _count_components(component.get("components") or [])
            if isinstance(component.get("accessory"), dict):
                total += 1
    return total


def _check_component(component: Any, path: Path, custom_ids: dict[str, Path]) -> list[Problem]:
    if not isinstance(component, dict):
        return [Problem(path, "DICT_TYPE_CONVERT", "Must be an object.")]
    kind = component.get("type")
    if kind == ACTION_ROW:
        return _check_row(component, path, custom_ids)
    if kind == BUTTON:
        return _check_button(component, path, custom_ids)
    if kind in SELECTS:
        return _check_select(component, path, custom_ids)
    if kind == TEXT_INPUT:
        return [Problem(path, "COMPONENT_TYPE_INVALID", "Text inputs are only allowed in modals.")]
    problems: list[Problem] = []
    for index, child in enumerate(component.get("components") or []):
        problems.extend(_check_component(child, (*path, "components", index), custom_ids))
    if component.get("accessory") is not None:
        accessory = component["accessory"]
        problems.extend(_check_component(accessory, (*path, "accessory"), custom_ids))
    return problems


def _check_row(row: JSON, path: Path, custom_ids: dict[str, Path]) -> list[Problem]:
    children = row.get("components") or []
    where = (*path, "components")
    if not children:
        return [_bad_length(where, 1, MAX_BUTTONS_PER_ROW)]
    problems: list[Problem] = []
    kinds = [child.get("type") for child in children if isinstance(child, dict)]
    if any(kind in SELECTS for kind in kinds):
        if len(children) != 1:
            problems.append(
                Problem(
                    where, "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "A select must be alone in its row."
                )
            )
    elif len(children) > MAX_BUTTONS_PER_ROW:
        problems.append(_too_long(where, MAX_BUTTONS_PER_ROW))
    for index, child in enumerate(children):
        problems.extend(_check_component(child, (*where, index), custom_ids))
    return problems


def _check_custom_id(
    component: JSON, path: Path, custom_ids: dict[str, Path], *, required: bool
) -> list[Problem]:
    custom_id = component.get("custom_id")
    where = (*path, "custom_id")
    if custom_id is None:
        if required:
            return [Problem(where, "BASE_TYPE_REQUIRED", "This field is required")]
        return []
    if not isinstance(custom_id, str) or not 1 <= len(custom_id) <= MAX_CUSTOM_ID:
        return [_bad_length(where, 1, MAX_CUSTOM_ID)]
    if custom_id in custom_ids:
        return [
            Problem(
                where,
                "COMPONENT_CUSTOM_ID_DUPLICATED",
                f"Component custom id cannot be duplicated: {custom_id!r}",
            )
        ]
    custom_ids[custom_id] = where
    return []


def _check_button(button: JSON, path: Path, custom_ids: dict[str, Path]) -> list[Problem]:
    problems: list[Problem] = []
    style = button.get("style")
    label = button.get("label")
    if label is not None and len(str(label)) > MAX_BUTTON_LABEL:
        problems.append(_too_long((*path, "label"), MAX_BUTTON_LABEL))
    if style == LINK_STYLE:
        if not button.get("url"):
            problems.append(
                Problem((*path, "url"), "BASE_TYPE_REQUIRED", "Link buttons need a url.")
            )
        if button.get("custom_id") is not None:
            problems.append(
                Problem(
                    (*path, "custom_id"),
                    "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED",
                    "Link buttons cannot have a custom_id.",
                )
            )
    elif style == PREMIUM_STYLE:
        if not button.get("sku_id"):
            problems.append(Problem((*path, "sku_id"), "BASE_TYPE_REQUIRED", "Needs a sku_id."))
    elif style in (1, 2, 3, 4):
        if button.get("url"):
            problems.append(
                Problem((*path, "url"), "BUTTON_COMPONENT_URL_NOT_ALLOWED", "Only link buttons.")
            )
        problems.extend(_check_custom_id(button, path, custom_ids, required=True))
    else:
        problems.append(Problem((*path, "style"), "BASE_TYPE_CHOICES", "Invalid button style."))
    if style != PREMIUM_STYLE and not label and not button.get("emoji"):
        problems.append(
            Problem(
                (*path, "label"), "BUTTON_COMPONENT_LABEL_OR_EMOJI", "Needs a label or an emoji."
            )
        )
    return problems


def _check_select(select: JSON, path: Path, custom_ids: dict[str, Path]) -> list[Problem]:
    problems = _check_custom_id(select, path, custom_ids, required=True)
    placeholder = select.get("placeholder")
    if placeholder is not None and len(str(placeholder)) > MAX_PLACEHOLDER:
        problems.append(_too_long((*path, "placeholder"), MAX_PLACEHOLDER))
    low, high = select.get("min_values", 1), select.get("max_values", 1)
    if not 0 <= low <= MAX_SELECT_OPTIONS:
        problems.append(_bad_length((*path, "min_values"), 0, MAX_SELECT_OPTIONS))
    if not 1 <= high <= MAX_SELECT_OPTIONS:
        problems.append(_bad_length((*path, "max_values"), 1, MAX_SELECT_OPTIONS))
    if select.get("type") != STRING_SELECT:
        return problems
    options = select.get("options") or []
    if not 1 <= len(options) <= MAX_SELECT_OPTIONS:
        problems.append(_bad_length((*path, "options"), 1, MAX_SELECT_OPTIONS))
    values: set[str] = set()
    for index, option in enumerate(options):
        where = (*path, "options", index)
        for key, required in (("label", True), ("value", True), ("description", False)):
            text = option.get(key)
            if text is None and not required:
                continue
            if not isinstance(text, str) or not 1 <= len(text) <= MAX_SELECT_TEXT:
                problems.append(_bad_length((*where, key), 1, MAX_SELECT_TEXT))
        value = str(option.get("value"))
        if value in values:
            problems.append(
                Problem(
                    (*where, "value"),
                    "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
                    f"Select option values must be unique: {value!r}",
                )
            )
        values.add(value)
    if high > max(len(options), 1):
        problems.append(
            Problem((*path, "max_values"), "BASE_TYPE_MAX", "max_values exceeds the option count.")
        )
    return problems


def _check_allowed_mentions(mentions: Any) -> list[Problem]:
    if not isinstance(mentions, dict):
        return [Problem(("allowed_mentions",), "DICT_TYPE_CONVERT", "Must be an object.")]
    problems: list[Problem] = []
    parse = mentions.get("parse") or []
    unknown = [item for item in parse if item not in MENTION_PARSE]
    if unknown:
        problems.append(
            Problem(("allowed_mentions", "parse"), "BASE_TYPE_CHOICES", f"Unknown: {unknown}")
        )
    for key in ("users", "roles"):
        if key in parse and mentions.get(key):
            problems.append(
                Problem(
                    ("allowed_mentions", key),
                    "SET_TYPE_ALREADY_CONTAINS_VALUE",
                    f"'{key}' cannot be both parsed and listed.",
                )
            )
        if len(mentions.get(key) or []) > 100:
            problems.append(_too_long(("allowed_mentions", key), 100))
    return problems


def check_modal(data: Any) -> list[Problem]:
    if not isinstance(data, dict):
        return [Problem(("data",), "DICT_TYPE_CONVERT", "Must be an object.")]
    problems: list[Problem] = []
    title = data.get("title")
    if not isinstance(title, str) or not 1 <= len(title) <= MAX_MODAL_TITLE:
        problems.append(_bad_length(("data", "title"), 1, MAX_MODAL_TITLE))
    custom_id = data.get("custom_id")
    if not isinstance(custom_id, str) or not 1 <= len(custom_id) <= MAX_CUSTOM_ID:
        problems.append(_bad_length(("data", "custom_id"), 1, MAX_CUSTOM_ID))
    if not 1 <= len(data.get("components") or []) <= MAX_ROWS:
        problems.append(_bad_length(("data", "components"), 1, MAX_ROWS))
    return problems
