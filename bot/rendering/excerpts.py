"""Engine results → messages: excerpts, search pages, sections, documents, help, notices.

Every function returns a `Message` that fits Discord's limits whatever the corpus or the
input: long text is cut at a sentence or word with an ellipsis and a button to read on.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.engine.diff import CorpusDiff
from bot.engine.library import Library, Stats
from bot.engine.model import Document, Passage, Problem, Section
from bot.engine.search import SearchResult
from bot.engine.snippets import Snippet
from bot.engine.text import cut_text, plain_text
from bot.rendering import custom_ids as ids
from bot.rendering import limits
from bot.rendering.escape import defuse_mentions, escape_markdown, user_text
from bot.rendering.limits import clip, size
from bot.rendering.linebreaks import join_soft_breaks
from bot.rendering.message import Button, Embed, Field, Message, Option, Select, Style
from bot.rendering.tables import tables_as_lists
from bot.rendering.wording import counted

COLOR = 0x3B82F6
NOTICE_COLOR = 0xF59E0B
ERROR_COLOR = 0xEF4444
DONE_COLOR = 0x22C55E
EXCERPT_ROOM = 3800
"""Room for passage text in an excerpt's description, below the 4096 limit."""
SECTION_PAGE_ROOM = 3600
SNIPPET_ROOM = 700


@dataclass(frozen=True, slots=True)
class View:
    """How an excerpt is being shown, which decides its buttons."""

    public: bool
    has_prev: bool = True
    has_next: bool = True
    share: bool = True
    """False for a copy saved to direct messages: no pin, post or save buttons there."""


# -- text helpers ---------------------------------------------------------------------------


def passage_markdown(passage: Passage, room: int) -> tuple[str, bool]:
    """The passage as Discord markdown within `room` characters; True when it was cut."""
    if passage.doc.markup:
        text = join_soft_breaks(tables_as_lists(passage.text))
    else:
        text = escape_markdown(passage.text)
    text = defuse_mentions(text)
    if size(text) <= room:
        return text, False
    cut = cut_text(text, room - 8)
    while size(cut) > room - 8:
        cut = cut_text(cut, len(cut) - 16)
    return _close_fences(cut), True


def _close_fences(text: str) -> str:
    """A cut inside a code block would swallow the rest of the message: close it."""
    if len(re.findall(r"^ {0,3}```", text, flags=re.MULTILINE)) % 2:
        return text + "\n```"
    return text


def citation_line(passage: Passage) -> str:
    return clip(passage.citation, limits.EMBED_TITLE)


def _footer(passage: Passage, extra: str | None = None) -> str:
    parts = [f"cite: {passage.citation_id}", f"v{passage.version}"]
    if extra:
        parts.append(extra)
    return clip(" · ".join(parts), limits.EMBED_FOOTER)


AUTHOR_ROOM = 200


def _document_fields(doc: Document) -> list[Field]:
    """Who wrote the document and where it comes from, as far as its file says."""
    fields = []
    if doc.author:
        author = defuse_mentions(escape_markdown(doc.author))
        fields.append(Field("Author", clip(author, AUTHOR_ROOM), inline=True))
    if doc.source:
        source = doc.source
        if source.startswith(("http://", "https://")) and size(source) <= 900:
            value = f"[{clip(escape_markdown(doc.title), 100)}]({source})"
        else:
            value = clip(defuse_mentions(escape_markdown(source)), limits.FIELD_VALUE)
        fields.append(Field("Source", value))
    return fields


# -- excerpts -------------------------------------------------------------------------------


def excerpt(
    passage: Passage,
    view: View,
    *,
    heading: str | None = None,
    note: str | None = None,
    shared_by: str | None = None,
    following: Sequence[Passage] = (),
) -> Message:
    """One passage with its citation, and the buttons to move around it and share it; with
    `following`, the passages after it in its section, each marked with its number."""
    notes: list[str] = []
    if heading:
        notes.append(heading)
    if note:
        notes.append(f"*{note}*")
    header = "\n".join(notes)
    room = EXCERPT_ROOM - size(header) - 2 if header else EXCERPT_ROOM
    text, cut = passage_markdown(passage, max(room, 500))
    title = citation_line(passage)
    shown = passage
    if following:
        parts = [f"**¶{passage.number}** {text}"]
        room -= size(parts[0])
        for later in following:
            more, more_cut = passage_markdown(later, room - 12) if room > 200 else ("", True)
            if more_cut and shown is not passage:
                # Next goes on from the last passage shown.
                view = dataclasses.replace(view, has_next=True)
                break
            parts.append(f"**¶{later.number}** {more}")
            room -= size(parts[-1]) + 2
            shown = later
            if more_cut:
                # The passage after the caption, too long for the room: shown cut.
                cut = True
                break
        text = "\n\n".join(parts)
        if shown is not passage:
            title = clip(f"{passage.citation}–{shown.number}", limits.EMBED_TITLE)
    description = f"{header}\n\n{text}" if header else text
    embed = Embed(
        title=title,
        description=clip(description, limits.EMBED_DESCRIPTION),
        color=COLOR,
        footer=_footer(passage, "cut short: use Whole section to read on" if cut else None),
    )
    embed.fields.extend(_document_fields(passage.doc))
    if shared_by:
        embed.author = clip(f"Shared by {user_text(shared_by)}", limits.EMBED_AUTHOR)
    rows = excerpt_rows(passage, view, shown)
    return Message(embeds=[embed], rows=rows, ephemeral=not view.public)


def excerpt_rows(
    passage: Passage, view: View, last: Passage | None = None
) -> list[tuple[Button, ...]]:
    """The buttons of an excerpt of `passage` (up to `last`, which Next goes on from)."""
    cid = passage.citation_id
    section_id = f"{passage.doc.id}/{passage.section.slug}"
    page = 1
    after = (last or passage).citation_id
    nav = (
        Button("Previous", ids.make(ids.PREV, cid), emoji="◀️", disabled=not view.has_prev),
        Button("Next", ids.make(ids.NEXT, after), emoji="▶️", disabled=not view.has_next),
        Button("Whole section", ids.make(ids.SECTION, page, section_id), emoji="📖"),
    )
    if not view.share:
        return [nav]
    share: list[Button] = []
    if view.public:
        share.append(Button("Pin", ids.make(ids.PIN, cid), emoji="📌"))
    else:
        share.append(Button("Post to channel", ids.make(ids.POST, cid), Style.PRIMARY, "📣"))
    share.append(Button("Save", ids.make(ids.SAVE, cid), emoji="🔖"))
    return [nav, tuple(share)]


# -- search ---------------------------------------------------------------------------------


def search_page(
    result: SearchResult,
    *,
    page: int,
    per_page: int,
    document: str | None,
    public: bool,
) -> Message:
    """A page of search hits: citation and snippet for each, a select to open one in full,
    and buttons for the other pages."""
    shown_query = clip(user_text(result.query), 200)
    pages = max(1, -(-result.total // per_page))
    embed = Embed(title=clip(f"Search: {shown_query}", limits.EMBED_TITLE), color=COLOR)
    lines: list[str] = []
    if result.corrected and result.did_you_mean:
        lines.append(f"Showing results for **{user_text(result.did_you_mean)}**.")
    if document:
        lines.append(f"In document `{document}` only.")
    first = (page - 1) * per_page
    room = (limits.EMBED_TOTAL - 800) // max(1, len(result.hits))
    for number, hit in enumerate(result.hits, first + 1):
        name = clip(f"{number}. {hit.passage.citation}", limits.FIELD_NAME)
        snippet = snippet_markdown(hit.snippet, min(SNIPPET_ROOM, room - size(name) - 60))
        value = clip(f"{snippet}\n`{hit.passage.citation_id}`", limits.FIELD_VALUE)
        embed.fields.append(Field(name, value))
    embed.description = "\n".join(lines) or None
    more = "+" if result.more else ""
    passages = "passage" if result.total == 1 and not more else "passages"
    embed.footer = f"Page {page} of {pages}{more} · {result.total}{more} {passages} matched"
    rows: list[tuple[Button, ...] | tuple[Select]] = []
    if result.hits:
        options = tuple(
            Option(
                clip(f"{number}. {hit.passage.citation}", limits.SELECT_TEXT),
                hit.passage.citation_id,
                clip(" ".join(hit.snippet.text.split()), limits.SELECT_TEXT) or None,
            )
            for number, hit in enumerate(result.hits, first + 1)
        )
        rows.append((Select(ids.make(ids.OPEN, int(public)), options, "Open a passage in full"),))
    if pages > 1 or result.more:
        rows.append(
            (
                Button(
                    "Previous page",
                    ids.search_id(page - 1, document, result.query),
                    emoji="◀️",
                    disabled=page <= 1,
                ),
                Button(
                    "Next page",
                    ids.search_id(page + 1, document, result.query),
                    emoji="▶️",
                    disabled=page >= pages and not result.more,
                ),
            )
        )
    return Message(embeds=[embed], rows=list(rows), ephemeral=not public)


def snippet_markdown(snippet: Snippet, room: int) -> str:
    """A snippet as Discord markdown: escaped text, matched words in bold."""
    text = defuse_mentions(snippet.render(escape=escape_markdown))
    if size(text) <= room:
        return text
    plain = defuse_mentions(escape_markdown(snippet.text))
    return clip(plain, room)


def no_results(query: str, did_you_mean: str | None, document: str | None) -> Message:
    lines = [f"Nothing matches **{clip(user_text(query), 300)}**"]
    if document:
        lines[0] += f" in `{document}`"
    lines[0] += "."
    if did_you_mean:
        lines.append(f"Did you mean **{clip(user_text(did_you_mean), 300)}**?")
    else:
        lines.append("Try fewer or different words, or `/topic` to browse by heading.")
    rows: list[tuple[Button, ...]] = []
    if did_you_mean:
        rows.append(
            (
                Button(
                    clip(f"Search for “{did_you_mean}”", limits.BUTTON_LABEL),
                    ids.search_id(1, document, did_you_mean),
                    Style.PRIMARY,
                    "🔎",
                ),
            )
        )
    return Message(
        embeds=[Embed(description="\n".join(lines), color=NOTICE_COLOR)],
        rows=list(rows),
        ephemeral=True,
    )


# -- sections, documents --------------------------------------------------------------------


def section_pages(library: Library, section: Section) -> list[list[int]]:
    """The passages of a section and its subsections, grouped into pages that fit."""
    pages: list[list[int]] = [[]]
    used = 0
    for pid in library.corpus.subtree_passages(section):
        cost = min(size(library.corpus.texts[pid]), SECTION_PAGE_ROOM) + 80
        if pages[-1] and used + cost > SECTION_PAGE_ROOM:
            pages.append([])
            used = 0
        pages[-1].append(pid)
        used += cost
    return pages


def section_page(library: Library, section: Section, page: int, *, public: bool) -> Message:
    """One page of a whole section: its passages in order, each with its ¶ number."""
    doc = library.corpus.documents[section.doc]
    pages = section_pages(library, section)
    page = min(max(page, 1), len(pages))
    parts: list[str] = []
    room = SECTION_PAGE_ROOM
    last_headings: tuple[str, ...] | None = None
    for pid in pages[page - 1]:
        passage = library.corpus.passage(pid)
        if passage.section.headings != last_headings and passage.section is not section:
            parts.append(f"__{clip(escape_markdown(passage.section.name), 200)}__")
        last_headings = passage.section.headings
        text, _ = passage_markdown(passage, max(room // len(pages[page - 1]), 300))
        parts.append(f"**¶{passage.number}** {text}")
    description = "\n\n".join(parts) or "*This section has no text of its own.*"
    title = " › ".join((doc.title, *section.headings))
    section_id = f"{doc.id}/{section.slug}"
    embed = Embed(
        title=clip(title, limits.EMBED_TITLE),
        description=clip(_close_fences(description), limits.EMBED_DESCRIPTION),
        color=COLOR,
        footer=clip(f"section: {section_id} · page {page} of {len(pages)}", 2048),
    )
    embed.fields.extend(_document_fields(doc))
    rows: list[tuple[Button, ...]] = []
    if len(pages) > 1:
        rows.append(
            (
                Button(
                    "Previous page",
                    ids.make(ids.SECTION, page - 1, section_id),
                    emoji="◀️",
                    disabled=page <= 1,
                ),
                Button(
                    "Next page",
                    ids.make(ids.SECTION, page + 1, section_id),
                    emoji="▶️",
                    disabled=page >= len(pages),
                ),
            )
        )
    return Message(embeds=[embed], rows=rows, ephemeral=not public)


DOCUMENT_LINES = 40


def document_list(documents: Sequence[Document], library: Library, page: int = 1) -> Message:
    """The documents, a page of them at a time (a corpus of tldr pages has a thousand)."""
    pages = max(1, -(-len(documents) // DOCUMENT_LINES))
    page = min(max(page, 1), pages)
    lines = []
    for doc in documents[(page - 1) * DOCUMENT_LINES : page * DOCUMENT_LINES]:
        count = len(library.corpus.document_passages(doc))
        title = clip(escape_markdown(doc.title), 120)
        author = (
            f" · {clip(defuse_mentions(escape_markdown(doc.author)), 60)}" if doc.author else ""
        )
        lines.append(f"**{title}**{author} · `{doc.id}` · {counted(count, 'passage')}")
    footer = "Use /documents document:<id> for a table of contents."
    if pages > 1:
        footer = f"{counted(len(documents), 'document')} · page {page} of {pages} · {footer}"
    embed = Embed(
        title="Documents",
        description=_fit_lines(lines, limits.EMBED_DESCRIPTION - 100),
        color=COLOR,
        footer=clip(footer, limits.EMBED_FOOTER),
    )
    return Message(embeds=[embed], rows=_page_buttons(lambda n: ids.make(ids.DOCS, n), page, pages))


def _page_buttons(
    custom_id: Callable[[int], str], page: int, pages: int
) -> list[tuple[Button, ...]]:
    """Previous and next page buttons, `custom_id` making each one's id from its page."""
    if pages <= 1:
        return []
    return [
        (
            Button("Previous page", custom_id(page - 1), emoji="◀️", disabled=page <= 1),
            Button("Next page", custom_id(page + 1), emoji="▶️", disabled=page >= pages),
        )
    ]


TOC_LINES = 40


def table_of_contents(library: Library, doc: Document, page: int = 1) -> Message:
    sections = library.sections(doc)
    pages = max(1, -(-len(sections) // TOC_LINES))
    page = min(max(page, 1), pages)
    lines = []
    for section in sections[(page - 1) * TOC_LINES : page * TOC_LINES]:
        indent = "\u2003" * max(0, min(len(section.headings), 6) - 1)
        name = escape_markdown(section.name) if section.headings else "*Introduction*"
        lines.append(f"{indent}{clip(name, 120)} · `{doc.id}/{section.slug}`")
    embed = Embed(
        title=clip(doc.title, limits.EMBED_TITLE),
        description=_fit_lines(lines, limits.EMBED_DESCRIPTION - 100),
        color=COLOR,
        footer=clip(
            f"{doc.id} · {counted(len(sections), 'section')} · page {page} of {pages}",
            limits.EMBED_FOOTER,
        ),
    )
    embed.fields.extend(_document_fields(doc))
    rows = _page_buttons(lambda n: ids.make(ids.TOC, n, doc.id), page, pages)
    return Message(embeds=[embed], rows=rows)


def _fit_lines(lines: list[str], room: int) -> str:
    out: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        cost = size(line) + 1
        if used + cost > room - 40:
            out.append(f"…and {len(lines) - i} more")
            break
        out.append(line)
        used += cost
    return "\n".join(out) or "*Nothing here.*"


# -- find source ----------------------------------------------------------------------------


def find_source(result: SearchResult) -> Message:
    """Private answer to the Find source menu: the likeliest passages, each postable."""
    if not result.hits:
        return notice("I could not find a passage that this message quotes or paraphrases.")
    embeds: list[Embed] = []
    rows: list[tuple[Button, ...]] = []
    budget = (limits.EMBED_TOTAL - 300) // len(result.hits)
    for rank, hit in enumerate(result.hits, 1):
        passage = hit.passage
        text, _ = passage_markdown(passage, min(1500, budget - 400))
        embeds.append(
            Embed(
                title=clip(f"{rank}. {passage.citation}", limits.EMBED_TITLE),
                description=text,
                color=COLOR,
                footer=_footer(passage),
            )
        )
        rows.append(
            (
                Button(
                    clip(f"Post #{rank} to channel", limits.BUTTON_LABEL),
                    ids.make(ids.POST, passage.citation_id),
                    Style.PRIMARY,
                    "📣",
                ),
            )
        )
    content = None
    if result.verbatim > len(result.hits):
        # A sentence repeated in many entries: the reader should know these are examples.
        content = (
            f"These words appear word for word in **{result.verbatim}** passages; "
            f"here are {len(result.hits)} of them."
        )
    return Message(content=content, embeds=embeds, rows=rows[: limits.ACTION_ROWS], ephemeral=True)


# -- reading lists: several citations in one message ----------------------------------------

LIST_MAX = limits.EMBEDS
"""Passages in one reading list: one embed each, and a message holds at most 10."""
LIST_MIN_ROOM = 120
"""Room for a passage's text below which it is not worth showing (the list is cut instead)."""
LIST_CUT_NOTE = "cut short: /cite the id to read it all"


@dataclass(frozen=True, slots=True)
class ListItem:
    """One passage of a reading list, with a note when it is not exactly what was asked."""

    passage: Passage
    note: str | None = None


def reading_list(
    items: Sequence[ListItem],
    missing: Sequence[tuple[str, str]] = (),
    *,
    public: bool,
    dropped: int = 0,
) -> Message:
    """Several passages in one message, in the order asked: one embed each (title the
    citation, footer the citation id), cut to fit Discord's 6000 characters for all embeds
    together; ids that resolved to nothing are listed above them (`missing`: what was typed,
    and why), and `dropped` ids beyond the first ten are counted. A select opens any of the
    passages in full."""
    items = list(items[:LIST_MAX])
    lines: list[str] = []
    if items:
        lines.append(f"📚 **Reading list** · {counted(len(items), 'passage')}")
    for typed, why in missing:
        lines.append(f"❔ Not found: {clip(user_text(typed), 60)} ({why})")
    if dropped:
        lines.append(
            f"…and {dropped} more id{'s' if dropped != 1 else ''} not shown (at most {LIST_MAX})."
        )
    content = _fit_lines(lines, limits.CONTENT) if lines else None
    if not items:
        return notice(content or "Give one or more citation ids.")
    embeds = [
        Embed(
            title=citation_line(item.passage),
            url=_source_url(item.passage.doc),
            color=COLOR,
            footer=_footer(item.passage),
        )
        for item in items
    ]
    headers = [f"*{clip(item.note, 300)}*" if item.note else "" for item in items]
    worst_footers = [_footer(item.passage, LIST_CUT_NOTE) for item in items]
    fixed = sum(size(e.title or "") for e in embeds) + sum(size(f) for f in worst_footers)
    fixed += sum(size(h) + 2 for h in headers)
    rooms = _share(
        limits.EMBED_TOTAL - fixed - 20 * len(items),
        [size(passage_markdown(item.passage, limits.EMBED_DESCRIPTION)[0]) for item in items],
        cap=EXCERPT_ROOM,
    )
    for embed, item, header, room in zip(embeds, items, headers, rooms, strict=True):
        text, cut = passage_markdown(item.passage, max(room, LIST_MIN_ROOM))
        embed.description = f"{header}\n\n{text}" if header else text
        if cut:
            embed.footer = _footer(item.passage, LIST_CUT_NOTE)
    options = tuple(
        Option(
            clip(f"{n}. {item.passage.citation}", limits.SELECT_TEXT),
            item.passage.citation_id,
            clip(plain_preview(item.passage, limits.SELECT_TEXT), limits.SELECT_TEXT) or None,
        )
        for n, item in enumerate(items, 1)
    )
    select = Select(ids.make(ids.OPEN, int(public)), options, "Open a passage in full")
    return Message(content=content, embeds=embeds, rows=[(select,)], ephemeral=not public)


def _source_url(doc: Document) -> str | None:
    source = doc.source or ""
    if source.startswith(("http://", "https://")) and size(source) <= 2000:
        return source
    return None


def _share(total: int, wanted: Sequence[int], *, cap: int) -> list[int]:
    """Split `total` characters between texts wanting `wanted` each: short texts take what
    they need, the long ones share the rest equally (each at most `cap`)."""
    rooms = [0] * len(wanted)
    left = max(total, 0)
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    for rank, i in enumerate(order):
        fair = left // (len(order) - rank)
        rooms[i] = min(wanted[i], fair, cap)
        left -= rooms[i]
    return rooms


# -- daily posts ----------------------------------------------------------------------------

THREAD_NAME = 100
"""Discord's limit on a thread's name."""


def thread_name(passage: Passage, limit: int = THREAD_NAME) -> str:
    """A discussion thread's name: the passage's citation, shortened from the document
    title first so that the section and ¶ number (what tells passages apart) stay."""
    end = f" ¶{passage.number}"
    parts = [" ".join(p.split()) for p in (passage.doc.title, *passage.section.headings)]
    whole = " › ".join(parts) + end
    if size(whole) <= limit:
        return whole
    room = limit - size(end)
    last = parts[-1]
    if len(parts) > 1:
        title_room = room - size(last) - size(" › ")
        if title_room >= 12:
            return clip(parts[0], title_room) + " › " + last + end
    return clip(last, room) + end


# -- notices --------------------------------------------------------------------------------


def notice(text: str, *, error: bool = False) -> Message:
    """A short private answer: a refusal, an apology, a confirmation."""
    return Message(
        embeds=[
            Embed(
                description=clip(text, limits.EMBED_DESCRIPTION),
                color=ERROR_COLOR if error else NOTICE_COLOR,
            )
        ],
        ephemeral=True,
    )


def plain_preview(passage: Passage, room: int = 200) -> str:
    return clip(plain_text(passage.text), room)


def confirmation(text: str) -> Message:
    """A short private answer saying that something was done."""
    return Message(
        embeds=[Embed(description=clip(text, limits.EMBED_DESCRIPTION), color=DONE_COLOR)],
        ephemeral=True,
    )


# -- answers of the Discord layer: pin, post, save, refusals, errors --------------------------

PERMISSION_NAMES = {
    "pin_messages": "Pin Messages",
    "manage_messages": "Manage Messages",
    "send_messages": "Send Messages",
    "send_messages_in_threads": "Send Messages in Threads",
    "embed_links": "Embed Links",
    "view_channel": "View Channel",
    "read_message_history": "Read Message History",
    "manage_guild": "Manage Server",
}


def _requirement(alternatives: Sequence[str]) -> str:
    names = [f"**{PERMISSION_NAMES.get(p, p.replace('_', ' ').title())}**" for p in alternatives]
    return " or ".join(names)


def missing_permissions(
    action: str,
    member: Sequence[Sequence[str]] = (),
    bot: Sequence[Sequence[str]] = (),
) -> Message:
    """Exactly what is missing to `action`: each requirement is a tuple of alternatives
    (permission attribute names such as `pin_messages`), for the member and for the bot."""
    lines = [f"I can't {action}:"]
    if member:
        lines.append(
            "• you need " + " and ".join(_requirement(r) for r in member) + " in this channel"
        )
    if bot:
        lines.append(
            "• I need " + " and ".join(_requirement(r) for r in bot) + " in this channel "
            "(a server admin can grant it in the channel's permissions)"
        )
    return notice("\n".join(lines), error=True)


def pinned() -> Message:
    return confirmation("📌 Pinned.")


def already_pinned() -> Message:
    return notice("📌 This excerpt is already pinned in this channel.")


def pins_full() -> Message:
    return notice(
        f"This channel already has {limits.PINS_PER_CHANNEL} pinned messages, Discord's limit. "
        "Unpin one and press 📌 again.",
        error=True,
    )


def pin_refused() -> Message:
    """The pin button is not on the excerpt it names (or not on a public message by the bot)."""
    return notice(
        "I only pin my own public excerpts, from the 📌 button on the excerpt itself. "
        "Post the excerpt to the channel first, then pin that message.",
        error=True,
    )


def posted(jump_url: str | None = None) -> Message:
    where = f" [Go to it]({jump_url})" if jump_url else ""
    return confirmation(f"📣 Posted to the channel.{where}")


def saved_to_dms() -> Message:
    return confirmation("🔖 Sent to your DMs.")


def dms_closed() -> Message:
    return notice(
        "I can't send you a direct message: your DMs are closed to me. Allow direct messages "
        "from server members (Privacy Settings) and press 🔖 again.",
        error=True,
    )


def not_in_dms(action: str) -> Message:
    return notice(f"{action} works in server channels, not in direct messages.", error=True)


def button_refused() -> Message:
    """A custom_id the bot did not make, or one cut short: never trusted, never acted on."""
    return notice(
        "That button is not one I can act on (it is damaged or not mine). "
        "Run the command again for fresh buttons.",
        error=True,
    )


def cooldown(retry_after: float) -> Message:
    seconds = max(1, int(-(-retry_after // 1)))
    return notice(f"You're going fast: try again in {seconds} s.", error=True)


def apology() -> Message:
    return notice(
        "Sorry, something went wrong on my side. It was logged; please try again.", error=True
    )


def not_allowed(what: str) -> Message:
    return notice(
        f"Only server managers (**Manage Server**) and the bot's owners can {what}.",
        error=True,
    )


def command_unavailable() -> Message:
    return notice(
        "That command is out of date here (it changed since Discord last synced it). "
        "Try again in a minute.",
        error=True,
    )


# -- corpus administration ------------------------------------------------------------------

ID_SAMPLES = 8
PROBLEM_SAMPLES = 8


def reload_busy() -> Message:
    return notice("A reload is already running; its report will come in a moment.")


def reload_failed(reason: str, problems: Sequence[Problem] = ()) -> Message:
    """The new corpus was not swapped in: why, and the old corpus keeps serving."""
    embed = Embed(
        title="Reload failed: the previous corpus keeps serving",
        description=clip(defuse_mentions(escape_markdown(reason)), 1000),
        color=ERROR_COLOR,
    )
    if problems:
        embed.fields.append(_problems_field(problems))
    return Message(embeds=[embed], ephemeral=True)


def reload_report(
    diff: CorpusDiff, stats: Stats, problems: Sequence[Problem], seconds: float
) -> Message:
    """What a successful reload changed, with counts, a few ids and the problems found."""
    embed = Embed(
        title="Corpus reloaded",
        description=(
            f"{counted(stats.documents, 'document', mark='**')}, "
            f"{counted(stats.sections, 'section', mark='**')}, "
            f"{counted(stats.passages, 'passage', mark='**')}, read in {seconds:.2f} s.\n"
            f"Added **{len(diff.added)}**, changed **{len(diff.changed)}**, "
            f"removed **{len(diff.removed)}** passages."
            + ("\nNothing changed." if diff.empty else "")
        ),
        color=DONE_COLOR,
    )
    for name, cids in (("Added", diff.added), ("Changed", diff.changed), ("Removed", diff.removed)):
        if cids:
            embed.fields.append(Field(name, _id_samples(cids)))
    if problems:
        embed.fields.append(_problems_field(problems))
    embed.footer = "Citation ids of changed passages keep working; /cite says what changed."
    return Message(embeds=[embed], ephemeral=True)


def _id_samples(cids: Sequence[str]) -> str:
    shown = ", ".join(f"`{cid}`" for cid in cids[:ID_SAMPLES])
    if len(cids) > ID_SAMPLES:
        shown += f" and {len(cids) - ID_SAMPLES} more"
    return clip(shown, limits.FIELD_VALUE)


def _problems_field(problems: Sequence[Problem]) -> Field:
    lines = [
        clip(defuse_mentions(escape_markdown(str(p))), 200) for p in problems[:PROBLEM_SAMPLES]
    ]
    if len(problems) > PROBLEM_SAMPLES:
        lines.append(f"…and {len(problems) - PROBLEM_SAMPLES} more (`python -m bot check`)")
    return Field(f"Problems ({len(problems)})", _fit_lines(lines, limits.FIELD_VALUE))


@dataclass(frozen=True, slots=True)
class StalePin:
    """A pinned excerpt of the bot whose passage changed or left the corpus."""

    channel: str
    """The channel's name."""
    jump_url: str
    citation_id: str
    removed: bool
    """True: no passage has the id any more; False: its text changed."""


def stale_pins_embed(
    stale: Sequence[StalePin],
    *,
    messages: int,
    channels: int,
    problems: Sequence[str] = (),
    room: int = limits.EMBED_DESCRIPTION,
) -> Embed:
    """The pinned excerpts moderators should look at after a reload, with jump links;
    `messages` pinned excerpts were checked in `channels` channels. `room` is what the
    message's other embeds leave of the 6000 characters. `problems` are markdown (channel
    names in them already escaped)."""
    title = "📌 Pinned excerpts to check" if stale else "📌 Pinned excerpts"
    room = min(room - size(title), limits.EMBED_DESCRIPTION)
    lines: list[str] = []
    if stale:
        lines.append(
            f"**{len(stale)}** of {counted(messages, 'pinned excerpt')} no longer "
            f"{'matches' if len(stale) == 1 else 'match'} the corpus; update or unpin "
            f"{'it' if len(stale) == 1 else 'them'}:"
        )
    elif messages:
        lines.append(
            f"{'The' if messages == 1 else 'All'} {counted(messages, 'pinned excerpt')} in "
            f"{counted(channels, 'channel')} {'matches' if messages == 1 else 'match'} the "
            "corpus."
        )
    else:
        lines.append(f"No pinned excerpt of mine in the {counted(channels, 'channel')} checked.")
    for pin in stale:
        what = "no longer in the corpus" if pin.removed else "changed since it was pinned"
        name = clip(escape_markdown(pin.channel), 60)
        lines.append(f"• [#{name} · {pin.citation_id}]({pin.jump_url}) — {what}")
    lines += [f"⚠️ {clip(defuse_mentions(p), 200)}" for p in problems]
    return Embed(
        title=title,
        description=_fit_lines(lines, max(room, 200)),
        color=NOTICE_COLOR if stale else DONE_COLOR,
    )


def stats_message(
    stats: Stats,
    *,
    uptime_seconds: float,
    p50_ms: float | None,
    p99_ms: float | None,
    samples: int,
) -> Message:
    """Figures for /corpus stats: the corpus, how long it took, how fast searches answer."""
    latency = (
        f"p50 {p50_ms:.1f} ms · p99 {p99_ms:.1f} ms ({samples} searches)"
        if p50_ms is not None and p99_ms is not None
        else "no searches yet"
    )
    figures = (
        ("Documents", f"{stats.documents}"),
        ("Sections", f"{stats.sections}"),
        ("Passages", f"{stats.passages}"),
        ("Topics", f"{stats.topics}"),
        ("Load time", f"{stats.load_seconds:.2f} s + index {stats.index_seconds:.2f} s"),
        ("Uptime", _duration(uptime_seconds)),
        ("Search latency", latency),
        ("Problems", f"{stats.problems} ({counted(stats.skipped, 'file')} skipped)"),
    )
    embed = Embed(title="Corpus figures", color=COLOR)
    embed.fields.extend(Field(name, value, inline=True) for name, value in figures)
    return Message(embeds=[embed], ephemeral=True)


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h {minutes} min"
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"
