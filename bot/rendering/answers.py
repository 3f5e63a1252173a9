"""Each command and each button, answered as a `Message` from the library.

The Discord layer and the offline console both call these, so a command looks the same in
both; only Discord side effects (pinning, posting, direct messages) live in the Discord layer.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Hashable, Sequence

from bot.engine.library import Library
from bot.engine.model import Passage
from bot.engine.text import plain_text
from bot.engine.topics import TEXT, TopicMatch
from bot.rendering import custom_ids as ids
from bot.rendering import excerpts
from bot.rendering.escape import user_text
from bot.rendering.excerpts import View
from bot.rendering.help import examples_from, help_message
from bot.rendering.limits import clip
from bot.rendering.message import Message

MAX_QUERY = 300
MAX_CITATIONS = 500
"""What `/cite` reads: room for ten ids of up to 40 characters with their separators."""


CAPTION_CHARS = 120
"""An opening passage this short that is no sentence is a caption of its section."""
QUOTE_CHARS = 400
"""So is an opening block quote this short: a summary or a note over the entry (a tldr
page's description, "> Note: …")."""
RUN_ON_ROOM = 1800
"""How much of the passages after such a caption an excerpt of it shows."""
_SENTENCE_END = re.compile(r"[.!?…:;。！？：；][\"'”’」』)\]）]*$")


def run_on(library: Library, passage: Passage) -> list[Passage]:
    """The passages an excerpt of `passage` shows after it. None, unless it opens its
    section with a caption that says little alone: a line that is no sentence (a stat
    block's "*Large monstrosity, unaligned*", an API entry's "* Extends: {EventEmitter}")
    or a short block quote (a tldr page's description over its examples). Then the
    section's own passage after it, and as many more as fit `RUN_ON_ROOM`, so that the
    excerpt (and a pin or a saved copy of it) shows the entry rather than its first line."""
    if passage.number != 1 or not _caption(passage.text):
        return []
    section = passage.section
    following: list[Passage] = []
    used = 0
    for index in range(passage.index + 1, section.first + section.count):
        used += len(library.corpus.texts[index])
        if used > RUN_ON_ROOM and following:
            break
        following.append(library.corpus.passage(index))
    return following


def _caption(text: str) -> bool:
    if "```" in text:
        return False
    if len(text) < QUOTE_CHARS and all(line.startswith(">") for line in text.splitlines()):
        return True
    return len(text) < CAPTION_CHARS and not _SENTENCE_END.search(plain_text(text).rstrip())


def view_of(
    library: Library, passage: Passage, public: bool, following: Sequence[Passage] = ()
) -> View:
    """The buttons' view of an excerpt of `passage` and the passages `following` it."""
    last = following[-1] if following else passage
    return View(
        public=public,
        has_prev=library.neighbour(passage, -1) is not None,
        has_next=library.neighbour(last, +1) is not None,
    )


def show(
    library: Library,
    passage: Passage,
    public: bool,
    *,
    heading: str | None = None,
    note: str | None = None,
    shared_by: str | None = None,
) -> Message:
    following = run_on(library, passage)
    return excerpts.excerpt(
        passage,
        view_of(library, passage, public, following),
        heading=heading,
        note=note,
        shared_by=shared_by,
        following=following,
    )


def search(
    library: Library,
    query: str,
    *,
    document: str | None = None,
    documents: Sequence[str] | None = None,
    page: int = 1,
    per_page: int = 5,
    public: bool = False,
) -> Message:
    query = " ".join(query.split())
    if not query:
        return excerpts.notice("Type some words to search for, for example `/search safety`.")
    scope, refusal = _scope(library, document, documents)
    if refusal is not None:
        return refusal
    page = max(1, page)
    result = library.search(
        query[:MAX_QUERY], documents=scope, limit=per_page, offset=(page - 1) * per_page
    )
    if not result.hits:
        if page > 1:
            return excerpts.notice("There are no more results for that search.")
        doc_id = scope[0] if document and scope else None
        return excerpts.no_results(query, result.did_you_mean, doc_id)
    doc_id = scope[0] if document and scope else None
    return excerpts.search_page(
        result, page=page, per_page=per_page, document=doc_id, public=public
    )


def topic(
    library: Library,
    name: str,
    *,
    documents: Sequence[str] | None = None,
    public: bool = True,
) -> Message:
    if not name.strip():
        return excerpts.notice("Name a topic, for example `/topic safety`.")
    matches = library.topic(name, documents=documents, limit=4)
    if not matches:
        others = library.suggest_topics(name, documents)[:5]
        hint = ""
        if others:
            hint = " Close topics: " + ", ".join(f"**{user_text(s.label)}**" for s in others)
        return excerpts.notice(
            f"No topic matches **{clip(user_text(name), 200)}**.{hint} "
            "Try `/search` to look inside the text."
        )
    best = matches[0]
    return show(library, best.passage, public, heading=_topic_heading(name, best, matches[1:]))


def _topic_heading(name: str, best: TopicMatch, others: list[TopicMatch]) -> str:
    heading = f"📖 **{clip(user_text(best.topic.name), 200)}**"
    if best.rank == TEXT:
        heading += (
            f"\n*No heading is called **{clip(user_text(name), 100)}**: "
            "this section's text matches it best.*"
        )
    alternatives = [m.topic.name for m in others if m.topic.name != best.topic.name][:3]
    if best.rank != 0 and alternatives:
        heading += "\n*Also: " + "; ".join(clip(user_text(a), 60) for a in alternatives) + "*"
    return heading


def random(
    library: Library,
    key: Hashable,
    *,
    document: str | None = None,
    topic: str | None = None,
    documents: Sequence[str] | None = None,
    public: bool = True,
) -> Message:
    # Cut what the member typed like every other query: the engine's notes quote it.
    document = document[:MAX_QUERY] if document else document
    topic = topic[:MAX_QUERY] if topic else topic
    pick = library.random(key, document=document, topic=topic, documents=documents)
    note = _inert(pick.note) if pick.note else None
    if pick.passage is None:
        return excerpts.notice(note or "There is nothing to choose from.")
    return show(library, pick.passage, public, heading="🎲 A random passage", note=note)


def _inert(note: str) -> str:
    """An engine note that may quote user input: shown literally, never as a mention."""
    return clip(user_text(note), 600)


def cite(
    library: Library,
    citation: str,
    *,
    documents: Sequence[str] | None = None,
    public: bool = True,
) -> Message:
    if not citation.strip():
        examples = examples_from(library, documents)
        first = examples.cite.split()[:1] if examples else []
        example = f", for example `/cite {first[0]}`" if first else ""
        return excerpts.notice(f"Give a citation id (shown under every excerpt){example}.")
    several = split_citations(citation[:MAX_CITATIONS])
    if several is not None:
        return reading_list(library, several, documents=documents, public=public)
    # An id is under 60 characters; a longer text is cut like a query (the note quotes it).
    resolution = library.cite(citation[:MAX_QUERY])
    passage = resolution.passage
    if passage is not None and documents is not None and passage.doc.id not in documents:
        passage = None
        resolution.note = "That passage is not on this channel's reading list."
    alternatives = [
        alt for alt in resolution.alternatives if documents is None or alt.doc.id in documents
    ]
    if passage is None:
        hint = ""
        if alternatives:
            alt = alternatives[0]
            hint = f" The closest passage is `{alt.citation_id}` ({alt.citation})."
        reason = resolution.note or "No passage has that citation id."
        return excerpts.notice(f"{reason}{hint}")
    note = None if resolution.exact else resolution.note
    return show(library, passage, public, note=note)


_SEPARATORS = re.compile(r"[\s,;]+")
_SPACED_SLASH = re.compile(r"\s*/\s*")


def split_citations(text: str) -> list[str] | None:
    """The ids of a `/cite` given several (separated by spaces or commas), or None when the
    text is one id (or words to look for): several means at least two parts shaped like an
    id (`doc/section/n`). Repeated ids are kept once, in the order typed."""
    parts = [p for p in _SEPARATORS.split(_SPACED_SLASH.sub("/", text.strip())) if p]
    if sum("/" in p.strip("/") for p in parts) < 2:
        return None
    seen: set[str] = set()
    unique: list[str] = []
    for part in parts:
        if part.lower() not in seen:
            seen.add(part.lower())
            unique.append(part)
    return unique


def reading_list(
    library: Library,
    ids: Sequence[str],
    *,
    documents: Sequence[str] | None = None,
    public: bool = True,
) -> Message:
    """`/cite` with several ids: the passages in one message, in order (at most 10); ids
    that name nothing (here) are reported in the same message."""
    items: list[excerpts.ListItem] = []
    missing: list[tuple[str, str]] = []
    shown: set[int] = set()
    wanted = list(ids)
    for typed in wanted[: excerpts.LIST_MAX]:
        if "/" not in typed.strip("/"):
            missing.append((typed, "not a citation id"))
            continue
        resolution = library.cite(typed)
        passage = resolution.passage
        if passage is None:
            missing.append((typed, "no passage has this id"))
        elif documents is not None and passage.doc.id not in documents:
            missing.append((typed, "not on this channel's reading list"))
        elif passage.index not in shown:
            shown.add(passage.index)
            note = None if resolution.exact else _inert(resolution.note or "")
            items.append(excerpts.ListItem(passage, note or None))
    dropped = max(0, len(wanted) - excerpts.LIST_MAX)
    return excerpts.reading_list(items, missing, public=public, dropped=dropped)


def daily(library: Library, passage: Passage) -> Message:
    """The excerpt a `daily:` entry posts: public, with the pin and save buttons."""
    return show(library, passage, True, heading="📅 **Passage of the day**")


def documents(
    library: Library,
    document: str | None = None,
    *,
    allowed: Sequence[str] | None = None,
) -> Message:
    docs = [d for d in library.documents if allowed is None or d.id in allowed]
    if not document:
        if not docs:
            return excerpts.notice("No documents are loaded.")
        return excerpts.document_list(docs, library)
    doc = library.document(document)
    if doc is None or (allowed is not None and doc.id not in allowed):
        return excerpts.notice(
            f"No document matches **{clip(user_text(document), 200)}**. "
            "`/documents` lists them all."
        )
    return excerpts.table_of_contents(library, doc)


def find_source(library: Library, text: str, *, documents: Sequence[str] | None = None) -> Message:
    if not text.strip():
        return excerpts.notice("That message has no text to look for.")
    return excerpts.find_source(library.find_source(text, documents=documents))


def help_(library: Library, documents: Sequence[str] | None = None) -> Message:
    return help_message(examples_from(library, documents))


def action(
    library: Library,
    action: ids.Action,
    *,
    public: bool,
    documents: Sequence[str] | None = None,
    per_page: int = 5,
) -> Message:
    """The answer to a navigation button or select (not pin, post or save)."""
    values = action.values
    if action.verb in (ids.PREV, ids.NEXT):
        passage = _passage(library, values["cid"], documents)
        if passage is None:
            return _gone()
        target = library.neighbour(passage, -1 if action.verb == ids.PREV else 1)
        if target is None:
            return excerpts.notice("There is no passage that way.")
        return show(library, target, public)
    if action.verb == ids.SECTION:
        section_doc, _, slug = values["section"].partition("/")
        section = library.corpus.section_by_slug(section_doc, slug)
        if section is None:
            return _gone()
        doc_id = library.corpus.documents[section.doc].id
        if documents is not None and doc_id not in documents:
            return _gone()
        return excerpts.section_page(library, section, int(values["page"]), public=public)
    if action.verb == ids.SEARCH:
        return search(
            library,
            values["query"],
            document=values["doc"] or None,
            documents=documents,
            page=int(values["page"]),
            per_page=per_page,
            public=public,
        )
    if action.verb == ids.DOCS:
        docs = [d for d in library.documents if documents is None or d.id in documents]
        return excerpts.document_list(docs, library, int(values["page"]))
    if action.verb == ids.TOC:
        doc = library.document(values["doc"])
        if doc is None or (documents is not None and doc.id not in documents):
            return _gone()
        return excerpts.table_of_contents(library, doc, int(values["page"]))
    return excerpts.notice("That button does nothing here.", error=True)


def open_passage(
    library: Library, cid: str, *, public: bool, documents: Sequence[str] | None = None
) -> Message:
    passage = _passage(library, cid, documents)
    if passage is None:
        return _gone()
    return show(library, passage, public)


def shared(library: Library, passage: Passage, shared_by: str) -> Message:
    """A private excerpt posted to its channel by a member: public, "Shared by" them."""
    return show(library, passage, True, shared_by=shared_by)


def saved(library: Library, passage: Passage, origin_url: str | None = None) -> Message:
    """The copy of an excerpt sent to a member's direct messages by the 🔖 button."""
    heading = "🔖 Saved" + (f" from [this message]({origin_url})" if origin_url else "")
    following = run_on(library, passage)
    view = view_of(library, passage, True, following)
    view = dataclasses.replace(view, share=False)
    return excerpts.excerpt(passage, view, heading=heading, following=following)


def resolve_passage(
    library: Library, cid: str, *, documents: Sequence[str] | None = None
) -> Passage | None:
    """The passage a button's citation id names exactly, if it exists and is in scope."""
    return _passage(library, cid, documents)


def _passage(library: Library, cid: str, documents: Sequence[str] | None) -> Passage | None:
    resolution = library.cite(cid)
    passage = resolution.passage
    if passage is None or not resolution.exact:
        return None
    if documents is not None and passage.doc.id not in documents:
        return None
    return passage


def gone() -> Message:
    """The answer to a button whose passage no longer resolves (edited, removed, out of scope)."""
    return _gone()


def _gone() -> Message:
    return excerpts.notice(
        "That passage is no longer in the corpus (it was edited or removed since). "
        "Try `/search` for it."
    )


def _scope(
    library: Library, document: str | None, allowed: Sequence[str] | None
) -> tuple[list[str] | None, Message | None]:
    if not document:
        return (list(allowed) if allowed is not None else None), None
    doc = library.document(document)
    if doc is None or (allowed is not None and doc.id not in allowed):
        return None, excerpts.notice(
            f"No document matches **{clip(user_text(document), 200)}**. "
            "`/documents` lists them all."
        )
    return [doc.id], None
