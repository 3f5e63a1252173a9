"""The custom_id of every button and select the bot sends: its whole state, ≤ 100 chars.

State lives in the id so that buttons keep working after a restart: a citation id (stable
across reloads) names the passage, never a row number. Every id starts with `xb:` and a verb;
`parse` refuses anything else, so a forged or truncated id is answered politely, never trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.rendering.limits import CUSTOM_ID, prefix_within, size

PREFIX = "xb"

# Verbs: previous / next passage, whole section page, post to channel, pin, save,
# search page, search result select, table of contents page, documents list page.
PREV, NEXT, SECTION, POST, PIN, SAVE, SEARCH, OPEN, TOC, DOCS = (
    "prev",
    "next",
    "sect",
    "post",
    "pin",
    "save",
    "find",
    "open",
    "toc",
    "docs",
)

_CID = r"[a-z0-9_-]{1,20}/[a-z0-9_-]{1,40}/\d{1,6}"
_SECTION = r"[a-z0-9_-]{1,20}/[a-z0-9_-]{1,40}"
_DOC = r"[a-z0-9_-]{0,20}"
PATTERNS = {
    PREV: re.compile(rf"{PREFIX}:{PREV}:(?P<cid>{_CID})"),
    NEXT: re.compile(rf"{PREFIX}:{NEXT}:(?P<cid>{_CID})"),
    SECTION: re.compile(rf"{PREFIX}:{SECTION}:(?P<page>\d{{1,4}}):(?P<section>{_SECTION})"),
    POST: re.compile(rf"{PREFIX}:{POST}:(?P<cid>{_CID})"),
    PIN: re.compile(rf"{PREFIX}:{PIN}:(?P<cid>{_CID})"),
    SAVE: re.compile(rf"{PREFIX}:{SAVE}:(?P<cid>{_CID})"),
    SEARCH: re.compile(
        rf"{PREFIX}:{SEARCH}:(?P<page>\d{{1,3}}):(?P<doc>{_DOC}):(?P<query>.+)", re.S
    ),
    OPEN: re.compile(rf"{PREFIX}:{OPEN}:(?P<public>[01])"),
    TOC: re.compile(rf"{PREFIX}:{TOC}:(?P<page>\d{{1,4}}):(?P<doc>{_DOC})"),
    DOCS: re.compile(rf"{PREFIX}:{DOCS}:(?P<page>\d{{1,4}})"),
}


@dataclass(frozen=True, slots=True)
class Action:
    verb: str
    values: dict[str, str]


def make(verb: str, *parts: object) -> str:
    custom_id = ":".join((PREFIX, verb, *(str(p) for p in parts)))
    return prefix_within(custom_id, CUSTOM_ID)


def search_id(page: int, document: str | None, query: str) -> str:
    """A search page id; a very long query is cut to fit (the page says so)."""
    return make(SEARCH, page, document or "", query)


def parse(custom_id: str) -> Action | None:
    """The action an id stands for, or None for anything the bot did not make."""
    if size(custom_id) > CUSTOM_ID or not custom_id.startswith(PREFIX + ":"):
        return None
    verb = custom_id.split(":", 2)[1] if custom_id.count(":") >= 2 else ""
    pattern = PATTERNS.get(verb)
    if pattern is None:
        return None
    match = pattern.fullmatch(custom_id)
    if match is None:
        return None
    return Action(verb, match.groupdict())
