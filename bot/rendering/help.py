"""The /help answer: what each command does, with an example of each drawn from the
documents the member can read (a rules server's help names its spells, not our samples)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from bot.engine.library import Library
from bot.rendering.limits import clip
from bot.rendering.message import Embed, Field, Message


@dataclass(frozen=True, slots=True)
class Examples:
    search: str
    topic: str
    document: str
    cite: str


COMMANDS: tuple[tuple[str, str, str], ...] = (
    (
        "/search query [document] [public]",
        "Full-text search that forgives typos and half-typed words. Shows the best passages "
        "with the matched words in bold; pick one to open it in full. Private unless "
        "`public: True`.",
        "/search query: {search}",
    ),
    (
        "/topic name [public]",
        "A section by its heading (or a bold lead-in that opens a paragraph). "
        "Suggestions appear as you type; when no heading matches, the section whose text "
        "does.",
        "/topic name: {topic}",
    ),
    (
        "/random [document] [topic] [public]",
        "A random passage, optionally from one document or topic. No repeats in a channel "
        "until every candidate was shown.",
        "/random document: {document}",
    ),
    (
        "/cite id [public]",
        "The exact passage for a citation id (shown in every excerpt's footer). Says so when "
        "the passage changed since it was cited. Several ids (up to 10, separated by spaces "
        "or commas) post a short reading list in one message.",
        "/cite id: {cite}",
    ),
    (
        "/documents [document]",
        "The documents (40 a page), or one document's table of contents with its section ids.",
        "/documents document: {document}",
    ),
    (
        "Find source (message menu)",
        "Right-click a message › Apps › Find source: the passages it quotes or paraphrases "
        "(and how many hold its words when many passages repeat them).",
        "Apps › Find source",
    ),
    (
        "/corpus reload · /corpus stats",
        "For server managers: reload the documents from disk (the old ones keep serving if "
        "it fails) and show figures.",
        "/corpus stats",
    ),
)

BUTTONS = (
    "◀️ ▶️ move to the previous or next passage · 📖 read the whole section · "
    "📣 post a private answer to the channel · 📌 pin (members who may pin messages) · "
    "🔖 save it to your direct messages"
)


def help_message(examples: Examples | None) -> Message:
    """The commands, with `examples` (none when no document can be read)."""
    embed = Embed(
        title="Cited excerpts: commands",
        description="Every excerpt comes with its citation. Nothing here ever pings anyone.",
        color=0x3B82F6,
    )
    for usage, what, example in COMMANDS:
        if examples is not None:
            example = example.format(**asdict(examples))
        elif "{" in example:
            example = ""
        embed.fields.append(Field(usage, f"{what}\nExample: `{example}`" if example else what))
    embed.fields.append(Field("Buttons on excerpts", BUTTONS))
    return Message(embeds=[embed], ephemeral=True)


def examples_from(library: Library, documents: Sequence[str] | None = None) -> Examples | None:
    """Examples from the first documents the member can read: headings of a few plain words
    for /search and /topic, the first document's id, its first passage's citation id and
    the next document's."""
    docs = [d for d in library.documents if documents is None or d.id in documents]
    if not docs:
        return None
    names: list[str] = []
    for doc in docs:
        for section in library.sections(doc):
            words = section.name.split()
            if section.count and 2 <= len(words) <= 4 and all(w.isalpha() for w in words):
                name = section.name.lower()
                if name not in names:
                    names.append(name)
            if len(names) == 2:
                break
        if len(names) == 2:
            break
    fallback = docs[0].title.lower()
    topic = names[0] if names else fallback
    search = names[1] if len(names) > 1 else topic
    cites = [
        library.corpus.passage(passages[0]).citation_id
        for doc in docs[:2]
        if (passages := library.corpus.document_passages(doc))
    ]
    return Examples(clip(search, 60), clip(topic, 60), docs[0].id, " ".join(cites))
