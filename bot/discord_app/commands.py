"""The slash commands and their autocomplete, answered from the library in memory.

Commands are built per bot by `slash_commands(settings, cooldown)`, so each bot object has
its own per-member cooldown buckets and its own visibility defaults from `config.yaml`.
Autocomplete answers from memory and never offers more than 25 choices of at most 100
characters, whatever the engine returns.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.config import Settings
from bot.discord_app import respond
from bot.discord_app.state import state_of
from bot.engine.library import Library
from bot.engine.topics import Suggestion
from bot.rendering import answers
from bot.rendering.answers import MAX_CITATIONS, MAX_QUERY
from bot.rendering.limits import CHOICE_NAME, CHOICE_VALUE, CHOICES, clip, size

log = logging.getLogger(__name__)

T = TypeVar("T")
Decorator = Callable[[T], T]
Suggest = Callable[[Library, Sequence[str] | None], list[Suggestion]]


def per_member_cooldown(settings: Settings) -> Callable[[Any], Any]:
    """One cooldown check shared by every command: N commands per member in S seconds."""
    rate = settings.commands.cooldown.rate
    per = settings.commands.cooldown.per_seconds

    def bucket(interaction: discord.Interaction) -> app_commands.Cooldown:
        return app_commands.Cooldown(rate, per)

    return app_commands.checks.dynamic_cooldown(bucket)


def scope(interaction: discord.Interaction) -> list[str] | None:
    """The documents this channel sees (its reading list), None for all."""
    state = state_of(interaction)
    return state.reading_lists.for_interaction(interaction, state.library)


def _public(choice: bool | None, default: bool) -> bool:
    return default if choice is None else choice


def _public_help(default: bool) -> str:
    return "True: everyone here sees the answer; False: only you. Default: " + (
        "everyone" if default else "only you"
    )


# -- autocomplete ---------------------------------------------------------------------------


def choices(suggestions: Iterable[Suggestion]) -> list[app_commands.Choice[str]]:
    """At most 25 choices, names 1-100 characters, values at most 100 (others dropped)."""
    out: list[app_commands.Choice[str]] = []
    for suggestion in suggestions:
        name = clip(" ".join(suggestion.label.split()), CHOICE_NAME)
        value = suggestion.value
        if not name or not value or size(value) > CHOICE_VALUE:
            continue
        out.append(app_commands.Choice(name=name, value=value))
        if len(out) >= CHOICES:
            break
    return out


def _complete(interaction: discord.Interaction, suggest: Suggest) -> list[app_commands.Choice[str]]:
    state = state_of(interaction)
    try:
        with state.latency.timing():
            suggestions = suggest(state.library, scope(interaction))
    except Exception:
        # discord.py would swallow it and leave the member with "loading options failed".
        log.exception("autocomplete failed for %s", respond.name_of(interaction))
        return []
    return choices(suggestions)


async def complete_documents(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return _complete(interaction, lambda lib, docs: lib.suggest_documents(current, docs))


async def complete_topics(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return _complete(interaction, lambda lib, docs: lib.suggest_topics(current, docs))


async def complete_random_topic(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Topics, narrowed to the document already chosen in the same /random, if any."""
    chosen = getattr(interaction.namespace, "document", None)

    def suggest(lib: Library, docs: Sequence[str] | None) -> list[Suggestion]:
        if isinstance(chosen, str) and chosen.strip():
            doc = lib.document(chosen)
            if doc is not None and (docs is None or doc.id in docs):
                docs = [doc.id]
        return lib.suggest_topics(current, docs)

    return _complete(interaction, suggest)


_LAST_PART = re.compile(r"^(?P<head>.*[\s,;])(?P<last>[^\s,;]*)$", re.S)


async def complete_citations(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Citation ids; after one or more ids and a space or comma, ids to add to the list
    (each choice's value is the whole list, so it only fits while under 100 characters)."""
    match = _LAST_PART.match(current)
    head = match.group("head") if match else ""
    before = [part for part in re.split(r"[\s,;]+", head) if part]
    if not match or not any("/" in part.strip("/") for part in before):
        return _complete(interaction, lambda lib, docs: lib.suggest_citations(current, docs))
    last = match.group("last")
    count = len(before) + 1

    def suggest(lib: Library, docs: Sequence[str] | None) -> list[Suggestion]:
        found = lib.suggest_citations(last, docs)
        return [
            Suggestion(f"{count}: {s.label}", head + s.value)
            for s in found
            if size(head + s.value) <= CHOICE_VALUE
        ]

    return _complete(interaction, suggest)


# -- commands -------------------------------------------------------------------------------


def slash_commands(
    settings: Settings, cooldown: Callable[[Any], Any]
) -> list[app_commands.Command[Any, ..., None]]:
    """/search, /topic, /random, /cite, /documents and /help for one bot."""
    defaults = settings.commands

    @app_commands.command(name="search", description="Search the documents (forgives typos)")
    @app_commands.describe(
        query="Words to look for",
        document="Only this document",
        public=_public_help(defaults.search_public),
    )
    @app_commands.autocomplete(document=complete_documents)
    @cooldown
    async def search(
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, MAX_QUERY],
        document: str | None = None,
        public: bool | None = None,
    ) -> None:
        state = state_of(interaction)
        with state.latency.timing():
            message = answers.search(
                state.library,
                query,
                document=document,
                documents=scope(interaction),
                per_page=defaults.results_per_page,
                public=_public(public, defaults.search_public),
            )
        await respond.answer(interaction, message)

    @app_commands.command(name="topic", description="A section by its heading, spelled roughly")
    @app_commands.describe(
        name="A heading or a bold lead-in (suggestions as you type)",
        public=_public_help(defaults.topic_public),
    )
    @app_commands.autocomplete(name=complete_topics)
    @cooldown
    async def topic(
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, MAX_QUERY],
        public: bool | None = None,
    ) -> None:
        state = state_of(interaction)
        message = answers.topic(
            state.library,
            name,
            documents=scope(interaction),
            public=_public(public, defaults.topic_public),
        )
        await respond.answer(interaction, message)

    @app_commands.command(name="random", description="A random passage, no repeats in a channel")
    @app_commands.describe(
        document="Only from this document",
        topic="Only from this topic",
        public=_public_help(defaults.random_public),
    )
    @app_commands.autocomplete(document=complete_documents, topic=complete_random_topic)
    @cooldown
    async def random(
        interaction: discord.Interaction,
        document: str | None = None,
        topic: str | None = None,
        public: bool | None = None,
    ) -> None:
        state = state_of(interaction)
        key = interaction.channel_id or interaction.user.id
        message = answers.random(
            state.library,
            key,
            document=document or None,
            topic=topic or None,
            documents=scope(interaction),
            public=_public(public, defaults.random_public),
        )
        await respond.answer(interaction, message)

    @app_commands.command(
        name="cite", description="The exact passage for a citation id, or a list of several"
    )
    @app_commands.describe(
        id="A citation id (document/section/paragraph, shown under every excerpt), or up to 10",
        public=_public_help(defaults.cite_public),
    )
    @app_commands.autocomplete(id=complete_citations)
    @cooldown
    async def cite(
        interaction: discord.Interaction,
        id: app_commands.Range[str, 1, MAX_CITATIONS],
        public: bool | None = None,
    ) -> None:
        state = state_of(interaction)
        message = answers.cite(
            state.library,
            id,
            documents=scope(interaction),
            public=_public(public, defaults.cite_public),
        )
        await respond.answer(interaction, message)

    @app_commands.command(
        name="documents", description="The documents, or one document's table of contents"
    )
    @app_commands.describe(document="A document for its table of contents")
    @app_commands.autocomplete(document=complete_documents)
    @cooldown
    async def documents(interaction: discord.Interaction, document: str | None = None) -> None:
        state = state_of(interaction)
        message = answers.documents(state.library, document or None, allowed=scope(interaction))
        # A listing is a lookup aid for the member who asked, like /help: private.
        await respond.answer(interaction, message, ephemeral=True)

    @app_commands.command(name="help", description="What each command does, with examples")
    @cooldown
    async def help_(interaction: discord.Interaction) -> None:
        message = answers.help_(state_of(interaction).library, scope(interaction))
        await respond.answer(interaction, message, ephemeral=True)

    return [search, topic, random, cite, documents, help_]
