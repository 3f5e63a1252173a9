"""The corpus as the engine sees it: documents › sections › passages, plus topics.

Passages and topics are many (hundreds of thousands), so the corpus keeps them as columns
(packed texts, compact integer arrays) and hands out small `Passage` and `Topic` values on
demand; sections and documents are few enough to be plain objects.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple, overload

from bot.engine.texts import PackedTexts


class Severity(StrEnum):
    """How bad a loading problem is: a skipped file is missing from the corpus."""

    SKIPPED = "skipped"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one corpus file, precise enough to go and fix it."""

    file: str
    line: int
    reason: str
    severity: Severity = Severity.SKIPPED

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity.value}: {self.reason}"


@dataclass(slots=True)
class Document:
    index: int
    id: str
    title: str
    file: str
    source: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    markup: bool = True
    """False for plain-text files, whose text must be escaped before Discord renders it."""
    first_section: int = 0
    section_count: int = 0
    digest: str = ""
    """Content hash of the file, to tell what changed between two loads."""


@dataclass(slots=True)
class Section:
    index: int
    doc: int
    headings: tuple[str, ...]
    """Heading path below the document title; empty for the document's intro."""
    level: int
    line: int
    slug: str = ""
    first: int = 0
    """Corpus-wide index of the section's first passage."""
    count: int = 0
    parent: int | None = None
    anchor: str = ""
    """The id the heading's attribute block gives it (`{#deep-watchers}`), if any."""

    @property
    def name(self) -> str:
        return self.headings[-1] if self.headings else ""


class TopicKind(StrEnum):
    SECTION = "section"
    LEADIN = "leadin"
    """A paragraph opening with a bold lead-in such as `**2. Intelligence Gathering:**`."""
    DOCUMENT = "document"
    TITLE = "title"
    """A bold title alone on its line (`**Actions**`) over the passage it heads, which runs on
    to the next title of its section."""


class Topic(NamedTuple):
    """Something a user can look up by name: a document, a section, or a bold lead-in.

    A named tuple rather than a dataclass: `TopicTable` builds one on every read, and
    tuples are the cheapest immutable objects to build."""

    name: str
    section: int
    """The section it is in (a document's first section)."""
    passage: int
    """Corpus-wide index of the opening passage (for a section with no text of its own, the
    first passage below it; -1 when there is none)."""
    kind: TopicKind = TopicKind.SECTION

    @property
    def leadin(self) -> bool:
        """True for a topic within a section's text: a lead-in or a title."""
        return self.kind is TopicKind.LEADIN or self.kind is TopicKind.TITLE


_KINDS = tuple(TopicKind)


class TopicTable(Sequence[Topic]):
    """The corpus's topics as columns, each `Topic` built when read: a large corpus has
    hundreds of thousands, which as tuples of objects would cost some 140 bytes each,
    as columns 17 (their names are the headings' own strings)."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.sections = array("I")
        self.passages = array("i")
        self.kinds = array("B")

    @classmethod
    def from_columns(
        cls, names: list[str], sections: array[int], passages: array[int], kinds: array[int]
    ) -> TopicTable:
        table = cls()
        table.names, table.sections, table.passages, table.kinds = names, sections, passages, kinds
        return table

    def append(self, topic: Topic) -> None:
        self.names.append(topic.name)
        self.sections.append(topic.section)
        self.passages.append(topic.passage)
        self.kinds.append(_KINDS.index(topic.kind))

    def is_document(self, index: int) -> bool:
        """Whether the topic at `index` is a document's title (read from its column)."""
        return _KINDS[self.kinds[index]] is TopicKind.DOCUMENT

    def set_passage(self, index: int, passage: int) -> None:
        self.passages[index] = passage

    def pop(self) -> Topic:
        topic = self[-1]
        for column in (self.names, self.sections, self.passages, self.kinds):
            del column[-1]
        return topic

    def __len__(self) -> int:
        return len(self.names)

    @overload
    def __getitem__(self, index: int) -> Topic: ...

    @overload
    def __getitem__(self, index: slice) -> list[Topic]: ...

    def __getitem__(self, index: int | slice) -> Topic | list[Topic]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        # tuple.__new__ skips the named tuple's Python-level constructor: a third of the
        # time, and topic look-ups read a hundred topics each.
        return tuple.__new__(
            Topic,
            (
                self.names[index],
                self.sections[index],
                self.passages[index],
                _KINDS[self.kinds[index]],
            ),
        )

    def __iter__(self) -> Iterator[Topic]:
        return map(
            Topic, self.names, self.sections, self.passages, map(_KINDS.__getitem__, self.kinds)
        )


@dataclass(frozen=True, slots=True)
class Passage:
    index: int
    doc: Document
    section: Section
    number: int
    """¶n: 1-based position within its section."""
    text: str
    line: int

    @property
    def citation_id(self) -> str:
        return citation_id(self.doc, self.section, self.number)

    @property
    def version(self) -> str:
        return text_version(self.text)

    @property
    def citation(self) -> str:
        """Document title › section path ¶n."""
        return " › ".join((self.doc.title, *self.section.headings)) + f" ¶{self.number}"


def citation_id(doc: Document, section: Section, number: int) -> str:
    return f"{doc.id}/{section.slug}/{number}"


def text_version(text: str) -> str:
    """A short fingerprint of a passage's text, to tell whether a cited passage changed."""
    digest = hashlib.blake2b(text.encode(), digest_size=4).hexdigest()
    return digest[:6]


@dataclass(slots=True)
class Corpus:
    """A loaded corpus: read-only once built; a reload builds a new one and swaps it in."""

    root: str
    documents: list[Document] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    texts: PackedTexts = field(default_factory=PackedTexts)
    passage_section: array[int] = field(default_factory=lambda: array("I"))
    passage_line: array[int] = field(default_factory=lambda: array("I"))
    topics: TopicTable = field(default_factory=TopicTable)
    problems: list[Problem] = field(default_factory=list)
    files_seen: int = 0
    load_seconds: float = 0.0
    _doc_ids: dict[str, Document] | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.texts)

    def passage(self, index: int) -> Passage:
        section = self.sections[self.passage_section[index]]
        return Passage(
            index=index,
            doc=self.documents[section.doc],
            section=section,
            number=index - section.first + 1,
            text=self.texts[index],
            line=self.passage_line[index],
        )

    def document(self, doc_id: str) -> Document | None:
        """The document with this id."""
        if self._doc_ids is None or len(self._doc_ids) != len(self.documents):
            self._doc_ids = {d.id: d for d in self.documents}
        return self._doc_ids.get(doc_id)

    def section_by_slug(self, doc_id: str, slug: str) -> Section | None:
        """The section a citation id's `doc/slug` names. A scan of one document's sections
        (at most a few hundred): a table of every section's id would cost some 120 bytes a
        section, 20 MB at half a million passages, for look-ups that are rare."""
        doc = self.document(doc_id)
        if doc is None:
            return None
        first = doc.first_section
        for section in self.sections[first : first + doc.section_count]:
            if section.slug == slug:
                return section
        return None

    def document_passages(self, doc: Document) -> range:
        if not doc.section_count:
            return range(0)
        first = self.sections[doc.first_section]
        last = self.sections[doc.first_section + doc.section_count - 1]
        return range(first.first, last.first + last.count)

    def section_passages(self, section: Section) -> range:
        return range(section.first, section.first + section.count)

    def subtree_passages(self, section: Section) -> range:
        """The passages of a section and of every section below it."""
        end = section.index + 1
        doc = self.documents[section.doc]
        doc_end = doc.first_section + doc.section_count
        while end < doc_end and self._is_below(self.sections[end], section):
            end += 1
        last = self.sections[end - 1]
        return range(section.first, last.first + last.count)

    def _is_below(self, candidate: Section, ancestor: Section) -> bool:
        parent = candidate.parent
        while parent is not None:
            if parent == ancestor.index:
                return True
            parent = self.sections[parent].parent
        return False

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.SKIPPED]
