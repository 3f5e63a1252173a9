"""Would this message ping someone? (Discord accepts it either way; the project forbids it.)

The project's rule is stricter than Discord: every message carries ``allowed_mentions``
with nothing allowed, and mention syntax in embeds is flagged too, although Discord itself
never pings from embed text.
"""

from __future__ import annotations

import re

from .problems import JSON

MENTION = re.compile(r"@everyone|@here|<@!?\d+>|<@&\d+>")


def message_texts(data: JSON) -> list[str]:
    texts = [str(data.get("content") or "")]
    for embed in data.get("embeds") or []:
        texts.append(str(embed.get("title") or ""))
        texts.append(str(embed.get("description") or ""))
        texts.append(str((embed.get("footer") or {}).get("text") or ""))
        texts.append(str((embed.get("author") or {}).get("name") or ""))
        for field in embed.get("fields") or []:
            texts.append(str(field.get("name") or ""))
            texts.append(str(field.get("value") or ""))
    return texts


def mentions_in(data: JSON) -> list[str]:
    return [match for text in message_texts(data) for match in MENTION.findall(text)]


def is_silenced(allowed_mentions: JSON | None) -> bool:
    """True when ``allowed_mentions`` lets nothing through."""
    if allowed_mentions is None:
        return False
    return not (
        allowed_mentions.get("parse")
        or allowed_mentions.get("users")
        or allowed_mentions.get("roles")
    )


def ping_reasons(data: JSON) -> list[str]:
    """Why sending ``data`` as a new message would notify someone (empty when it would not)."""
    allowed = data.get("allowed_mentions")
    reasons: list[str] = []
    found = mentions_in(data)
    if found and not is_silenced(allowed):
        reasons.append(f"mentions {sorted(set(found))} with allowed_mentions={allowed!r}")
    replying = data.get("message_reference") is not None
    if replying and (allowed is None or allowed.get("replied_user")):
        reasons.append("a reply that pings the replied-to user")
    return reasons
