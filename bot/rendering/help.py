"""The /help answer: what each command does, with an example of each."""

from __future__ import annotations

from bot.rendering.message import Embed, Field, Message

COMMANDS: tuple[tuple[str, str, str], ...] = (
    (
        "/search query [document] [public]",
        "Full-text search that forgives typos and half-typed words. Shows the best passages "
        "with the matched words in bold; pick one to open it in full. Private unless "
        "`public: True`.",
        "/search query: cyber security",
    ),
    (
        "/topic name [public]",
        "A section by its heading (or a bold lead-in such as “Intelligence Gathering”). "
        "Suggestions appear as you type; when no heading matches, the section whose text "
        "does.",
        "/topic name: ummah",
    ),
    (
        "/random [document] [topic] [public]",
        "A random passage, optionally from one document or topic. No repeats in a channel "
        "until every candidate was shown.",
        "/random document: disaster",
    ),
    (
        "/cite id [public]",
        "The exact passage for a citation id (shown in every excerpt's footer). Says so when "
        "the passage changed since it was cited. Several ids (up to 10, separated by spaces "
        "or commas) post a short reading list in one message.",
        "/cite id: interests/islamic-nation-protects/3 disaster/intro/2",
    ),
    (
        "/documents [document]",
        "The documents (40 a page), or one document's table of contents with its section ids.",
        "/documents document: interests",
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


def help_message() -> Message:
    embed = Embed(
        title="Cited excerpts: commands",
        description="Every excerpt comes with its citation. Nothing here ever pings anyone.",
        color=0x3B82F6,
    )
    for usage, what, example in COMMANDS:
        embed.fields.append(Field(usage, f"{what}\nExample: `{example}`"))
    embed.fields.append(Field("Buttons on excerpts", BUTTONS))
    return Message(embeds=[embed], ephemeral=True)
