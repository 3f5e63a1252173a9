"""Citation ids: `doc/section-slug/n`, at most 40 characters, unique, readable and stable.

An id depends only on the document id and the heading path (plus ¶n), so it survives reloads
while the file's headings stay put. The passage's text version (a short hash) travels beside
the id (`doc/section/3@1a2b3c`), so a citation can tell when its passage changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from rapidfuzz import fuzz, process

from bot.engine.model import Corpus, Document, Passage, Section
from bot.engine.text import fold, slugify

MAX_ID = 40
MAX_DOC_ID = 20
INTRO = "intro"
_VALID_DOC_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def document_id(wanted: str | None, rel: str, used: set[str]) -> str:
    """The front matter id when valid and free, else a slug of the file path; unique."""
    if wanted:
        candidate = wanted.strip().lower()
        valid = _VALID_DOC_ID.match(candidate) and len(candidate) <= MAX_DOC_ID
        if valid and candidate not in used:
            used.add(candidate)
            return candidate
    base = _path_slug(rel) or "doc"
    candidate = base
    n = 2
    while candidate in used:
        suffix = f"-{n}"
        candidate = base[: MAX_DOC_ID - len(suffix)] + suffix
        n += 1
    used.add(candidate)
    return candidate


def _path_slug(rel: str) -> str:
    """The file's path as a slug: all of it when it fits, else as many of its last parts as
    fit (`guide/essentials/computed.md` is `essentials-computed`: the file's own name tells
    the documents of a folder apart), else its name cut at a word."""
    path = PurePosixPath(rel).with_suffix("")
    parts = [part for part in (slugify(p, MAX_ID) for p in path.parts) if part]
    fitting = ""
    for first in range(len(parts) - 1, -1, -1):
        joined = "-".join(parts[first:])
        if len(joined) > MAX_DOC_ID:
            break
        fitting = joined
    return fitting or _without_dangling(slugify(path.name, MAX_DOC_ID))


_DANGLING = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to"})
"""Words a name cut short may end on, that only join it to what was cut ("enchiridion-of").
Fewer than the slugs' stop words: "ch03-03-how" keeps its "how"."""


def _without_dangling(slug: str) -> str:
    words = slug.split("-")
    while len(words) > 1 and words[-1] in _DANGLING:
        words.pop()
    return "-".join(words)


def assign_slugs(corpus: Corpus, doc: Document) -> None:
    """Give every section of a document a slug unique within it, fitting the 40-char id."""
    used: set[str] = set()
    sections = corpus.sections[doc.first_section : doc.first_section + doc.section_count]
    for ordinal, section in enumerate(sections, 1):
        budget = MAX_ID - len(doc.id) - 2 - len(str(max(section.count, 1)))
        section.slug = _unique_slug(section, corpus, used, budget, ordinal)
        used.add(section.slug)


def _unique_slug(
    section: Section, corpus: Corpus, used: set[str], budget: int, ordinal: int
) -> str:
    if not section.headings:
        base = INTRO
    else:
        # The author's own id for the heading, when it gives one, is what the page's
        # address uses; it also holds when the heading is reworded or in another script.
        anchor = slugify(section.anchor, budget) if section.anchor else ""
        base = anchor or _heading_slug(section.name, budget, ordinal)
    if base not in used:
        return base
    if section.parent is not None:
        parent = corpus.sections[section.parent]
        joined = slugify(f"{parent.name} {section.name}", budget)
        if joined and joined not in used:
            return joined
    tag = hashlib.blake2b("\x1f".join(section.headings).encode(), digest_size=3).hexdigest()[:4]
    candidate = f"{base[: budget - 5].rstrip('-')}-{tag}"
    n = 2
    while candidate in used:
        suffix = f"-{n}"
        candidate = f"{base[: budget - 5 - len(suffix)].rstrip('-')}-{tag}{suffix}"
        n += 1
    return candidate


def _heading_slug(heading: str, budget: int, ordinal: int) -> str:
    """A slug of the heading's telling words (short words like "the" dropped when enough
    remain), so that more of what matters fits the id."""
    words = fold(heading).lower().split()
    telling = [w for w in words if w not in _SLUG_STOPWORDS]
    if len([w for w in telling if any(c.isalnum() for c in w)]) >= 2:
        words = telling
    return slugify(" ".join(words), budget) or f"section-{ordinal}"


_SLUG_STOPWORD_TEXT = (
    "a an and as at by for from how in into its of on or our the their to with your"
)
_SLUG_STOPWORDS = frozenset(_SLUG_STOPWORD_TEXT.split())
_ID_SHAPE = re.compile(r"[^\w/@.-]+")


def parse_citation(text: str) -> tuple[str, str | None, int | None, str | None]:
    """Split a typed citation into (doc id, slug, paragraph, version), forgiving about case,
    spaces and stray punctuation. Missing parts are None."""
    cleaned = _ID_SHAPE.sub("", fold(text.strip().strip("`").strip()).lower())
    version = None
    if "@" in cleaned:
        cleaned, _, version = cleaned.partition("@")
        version = version or None
    parts = [p for p in cleaned.split("/") if p]
    doc = parts[0] if parts else ""
    slug = parts[1] if len(parts) > 1 else None
    number = None
    if len(parts) > 2:
        digits = "".join(c for c in parts[2] if c.isdigit())
        number = int(digits) if digits and len(digits) < 9 else None
    return doc, slug, number, version


@dataclass(slots=True)
class Resolution:
    """The answer to a citation id: the passage, and if it is not an exact match, why."""

    query: str
    passage: Passage | None
    exact: bool
    note: str | None = None
    alternatives: list[Passage] = field(default_factory=list)


def resolve(corpus: Corpus, text: str) -> Resolution:
    """Find the passage for a citation id, or the closest current one and why."""
    doc_id, slug, number, version = parse_citation(text)
    if not doc_id:
        return Resolution(text, None, False, "That is not a citation id.")
    doc = corpus.document(doc_id)
    notes: list[str] = []
    if doc is None:
        found = _closest(doc_id, [d.id for d in corpus.documents], cutoff=60)
        if found is None:
            return Resolution(text, None, False, f"No document has the id `{doc_id}`.")
        doc = corpus.documents[found]
        notes.append(f"no document `{doc_id}`; closest is `{doc.id}`")
    sections = corpus.sections[doc.first_section : doc.first_section + doc.section_count]
    if not sections:
        return Resolution(text, None, False, f"Document `{doc.id}` has no passages.")
    section: Section | None = None
    if slug is not None:
        section = corpus.section_by_slug(doc.id, slug)
        if section is None:
            found = _closest(slug, [s.slug for s in sections], cutoff=50)
            if found is not None:
                section = sections[found]
                notes.append(f"no section `{slug}`; closest is `{section.slug}`")
    if section is None:
        section = next((s for s in sections if s.count), sections[0])
        if slug is not None and not notes:
            notes.append(f"no section `{slug}` in `{doc.id}`")
    if section.count == 0:
        below = corpus.subtree_passages(section)
        if not below:
            return Resolution(text, None, False, f"Section `{section.slug}` has no text.")
        passage = corpus.passage(below[0])
        notes.append("that section has no text of its own; showing the first passage below it")
        return Resolution(text, passage, False, _sentence(notes))
    wanted = number or 1
    if wanted > section.count:
        notes.append(f"`{section.slug}` has {section.count} paragraph(s), not {wanted}")
        wanted = section.count
    passage = corpus.passage(section.first + wanted - 1)
    if version and version != passage.version:
        notes.append("the passage changed since it was cited; this is its current text")
        alternatives = _same_version(corpus, section, version)
        if alternatives:
            notes.append("the cited text is still in this section")
        return Resolution(text, passage, False, _sentence(notes), alternatives)
    return Resolution(text, passage, not notes, _sentence(notes) if notes else None)


def _closest(typed: str, names: list[str], *, cutoff: int) -> int | None:
    """The position of the name that a typed (or remembered) one most likely means: the
    first that it begins word for word (`fs-readfile` → `fs-readfile-path-options-callback`,
    not `fs-readfilesync-…`), else the first holding it word for word (`spawn` →
    `child-process-spawn-command-args`), else the first it begins, else the first with a
    word it begins (`readfi` → `filehandle-readfile-options`), else the closest spelling."""
    segments = f"-{typed}-"
    tiers = (
        lambda name: name.startswith(segments[1:]),
        lambda name: segments in f"-{name}-",
        lambda name: name.startswith(typed),
        lambda name: segments[:-1] in f"-{name}",
    )
    for holds in tiers:
        found = next((i for i, name in enumerate(names) if holds(name)), None)
        if found is not None:
            return found
    match = process.extractOne(typed, names, scorer=fuzz.ratio, score_cutoff=cutoff)
    return match[2] if match is not None else None


def _same_version(corpus: Corpus, section: Section, version: str) -> list[Passage]:
    """Passages of the section whose text is exactly the cited version (it moved)."""
    return [
        corpus.passage(i)
        for i in corpus.section_passages(section)
        if corpus.passage(i).version == version
    ]


def _sentence(notes: list[str]) -> str:
    text = "; ".join(notes)
    return text[:1].upper() + text[1:] + "."
