"""Discord's limits on a message payload, written out from shared/docs/DISCORD.md.

Deliberately independent of bot.rendering.limits: if the renderer's numbers were wrong, these
checks would still catch a payload Discord would reject.
"""

from __future__ import annotations

import re
from typing import Any

MENTION = re.compile(r"@(everyone|here)\b|<@[!&]?\d+>|<#\d+>")


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def violations(payload: dict[str, Any]) -> list[str]:
    """Every way `payload` (a message as sent to Discord) breaks a limit or could ping."""
    found: list[str] = []

    def over(what: str, text: str | None, limit: int, minimum: int = 0) -> None:
        if text is None:
            return
        if not minimum <= units(text) <= limit:
            found.append(f"{what}: {units(text)} not in {minimum}..{limit}")

    if payload.get("allowed_mentions") != {"parse": []}:
        found.append(f"allowed_mentions is {payload.get('allowed_mentions')!r}")
    over("content", payload.get("content"), 2000)
    content = payload.get("content") or ""
    if MENTION.search(content):
        found.append("content carries live mention syntax")
    embeds = payload.get("embeds") or []
    if len(embeds) > 10:
        found.append(f"{len(embeds)} embeds")
    total = 0
    for embed in embeds:
        over("title", embed.get("title"), 256)
        over("description", embed.get("description"), 4096)
        over("footer", (embed.get("footer") or {}).get("text"), 2048)
        over("author", (embed.get("author") or {}).get("name"), 256)
        fields = embed.get("fields") or []
        if len(fields) > 25:
            found.append(f"{len(fields)} fields")
        for field in fields:
            over("field name", field["name"], 256, 1)
            over("field value", field["value"], 1024, 1)
            total += units(field["name"]) + units(field["value"])
        for text in (
            embed.get("title"),
            embed.get("description"),
            (embed.get("footer") or {}).get("text"),
            (embed.get("author") or {}).get("name"),
        ):
            total += units(text or "")
    if total > 6000:
        found.append(f"embeds hold {total} characters in all")
    if not content and not embeds:
        found.append("empty message")
    rows = payload.get("components") or []
    if len(rows) > 5:
        found.append(f"{len(rows)} action rows")
    custom_ids: list[str] = []
    for row in rows:
        items = row["components"]
        selects = [c for c in items if c["type"] == 3]
        if selects and len(items) != 1:
            found.append("a select shares its row")
        if len(items) > 5 or not items:
            found.append(f"a row of {len(items)}")
        for item in items:
            if item["type"] == 2:
                over("button label", item.get("label"), 80)
                if item.get("style") == 5:
                    if "url" not in item or "custom_id" in item:
                        found.append("link button shape")
                else:
                    custom_ids.append(item.get("custom_id", ""))
            elif item["type"] == 3:
                custom_ids.append(item.get("custom_id", ""))
                options = item["options"]
                if not 1 <= len(options) <= 25:
                    found.append(f"select with {len(options)} options")
                over("placeholder", item.get("placeholder"), 150)
                for option in options:
                    over("option label", option["label"], 100, 1)
                    over("option value", option["value"], 100, 1)
                    over("option description", option.get("description"), 100)
    for custom_id in custom_ids:
        over("custom_id", custom_id, 100, 1)
    if len(custom_ids) != len(set(custom_ids)):
        found.append("duplicate custom_id")
    return found
