"""The engine's front door: a loaded corpus with its indexes, and every question it answers.

The console, the JSON command line and the Discord bot all call these methods and nothing
below them, so the three always agree.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import re
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy
from rapidfuzz import fuzz, process

from bot.engine import cache
from bot.engine.citations import Resolution, parse_citation, resolve
from bot.engine.loader import load_corpus
from bot.engine.model import Corpus, Document, Passage, Section, Severity
from bot.engine.randomizer import NoRepeatDraws
from bot.engine.search import IndexBuilder, SearchIndex, SearchResult, index_tokens
from bot.engine.text import fold, well_formed
from bot.engine.topics import (
    MAX_CHOICE,
    MAX_SUGGESTIONS,
    Suggestion,
    TopicIndex,
    TopicMatch,
    TopicNames,
)

log = logging.getLogger(__name__)

_NUMBERS = re.compile(r"(?<![^\W_])\d+(?![^\W_])")
"""Numbers standing alone, as in a citation id's "11-monsters/owlbear/3"."""
TEXT_HITS = 3
"""Search hits read per topic wanted when topics are found by their text: several hits are
often in one section."""


@dataclass(frozen=True, slots=True)
class RandomPick:
    passage: Passage | None
    note: str | None = None
    """Why nothing (or something other than asked) was picked."""


@dataclass(frozen=True, slots=True)
class Stats:
    documents: int
    sections: int
    passages: int
    topics: int
    words: int
    problems: int
    skipped: int
    load_seconds: float
    index_seconds: float


class Library:
    """A corpus ready to answer: search, topics, random passages, citations."""

    def __init__(
        self,
        corpus: Corpus,
        *,
        seed: int | None = None,
        index: tantivy.Index | None = None,
        started: float | None = None,
        topic_names: list[Any] | None = None,
    ) -> None:
        started = time.perf_counter() if started is None else started
        self.corpus = corpus
        self.index = SearchIndex(corpus, index)
        self.topics = TopicIndex(
            corpus,
            self.index.tokens,
            topic_names,
            stopwords=self.index.stopwords,
            stem=self.index.stem,
        )
        self.index_seconds = time.perf_counter() - started
        self.draws = NoRepeatDraws(seed)

    @classmethod
    def load(
        cls, root: str | Path, *, seed: int | None = None, cache_dir: Path | None = None
    ) -> Library:
        """Load and index a corpus folder, indexing each document as soon as it is read.

        With a `cache_dir`, an unchanged corpus opens from the cache instead, and a changed
        one is built into it (see `cache`)."""
        # Loading builds hundreds of thousands of long-lived objects: the cyclic garbage
        # collector would run many times over for nothing while they are made, then walk
        # them all in each later full collection, a pause of a tenth of a second in the
        # middle of some user's search. So: no collection while loading, then one, then
        # everything alive is moved out of the collector's sight (`gc.freeze`).
        enabled = gc.isenabled()
        gc.disable()
        try:
            return cls._load(Path(root), seed, cache_dir)
        finally:
            if enabled:
                gc.enable()
            gc.collect()
            gc.freeze()
            _return_freed_memory()

    @classmethod
    def _load(
        cls, root: Path, seed: int | None, cache_dir: Path | None, skip: tuple[Path, ...] = ()
    ) -> Library:
        if cache_dir is None:
            builder = IndexBuilder()
            names = TopicNames(index_tokens)
            corpus = load_corpus(root, on_document=_both(builder.add, names.add), skip=skip)
            started = time.perf_counter()
            index = builder.finish()
            return cls(corpus, seed=seed, index=index, started=started, topic_names=names.names)
        started = time.perf_counter()
        key = cache.corpus_key(root, cache_dir)
        opened = cache.open_entry(cache_dir, key, str(root))
        if opened is None:
            try:
                opened = cls._build_into_cache(root, cache_dir, key)
            except OSError as exc:
                # A read-only or full cache folder must not stop the bot: build in memory.
                log.warning("index cache %s unusable (%s); building in memory", cache_dir, exc)
                return cls._load(root, seed, None, (cache_dir,))
        opened.corpus.load_seconds = time.perf_counter() - started
        library = cls(opened.corpus, seed=seed, index=opened.index, topic_names=opened.topic_names)
        if opened.topic_names is None:
            cache.save_topics(opened.folder, library.topics.names_state())
        return library

    @staticmethod
    def _build_into_cache(root: Path, cache_dir: Path, key: str) -> cache.Cached:
        # An entry that exists but did not open is damaged (entries appear whole, by rename).
        cache.discard(cache.entry(cache_dir, key))
        folder = cache.new_entry(cache_dir)
        builder: IndexBuilder | None = None
        try:
            builder = IndexBuilder(str(cache.index_path(folder)))
            names = TopicNames(index_tokens)
            built = load_corpus(root, on_document=_both(builder.add, names.add), skip=(cache_dir,))
            builder.finish()
            builder = None
            cache.save_topics(folder, names.names)
            cache.publish(folder, built, cache_dir, key)
            # The entry opens as a second copy of the corpus (texts mapped from its file):
            # the one just built must be gone first, or both are in memory at once.
            del built
        finally:
            if builder is not None:
                # Failed half way: the index writer's threads would go on writing segments
                # into the folder after it is deleted, leaving a half-built entry behind.
                # Finishing stops them (what it writes is deleted next); it must not hide
                # why the build failed.
                with contextlib.suppress(Exception):
                    builder.finish()
            cache.discard(folder)
        opened = cache.open_entry(cache_dir, key, str(root))
        if opened is None:
            raise OSError(f"the entry just built in {cache_dir} does not open")
        cache.prune(cache_dir, keep=key, root=str(root))
        return opened

    # -- documents --------------------------------------------------------------------------

    @property
    def documents(self) -> list[Document]:
        return self.corpus.documents

    def document(self, name: str) -> Document | None:
        """A document by id, by title, or by a close enough spelling of either."""
        name = well_formed(name).strip()
        if not name:
            return None
        found = self.corpus.document(name.lower())
        if found is not None:
            return found
        wanted = fold(name).lower()
        for doc in self.corpus.documents:
            if fold(doc.title).lower() == wanted:
                return doc
        choices = {d.index: f"{d.id} {fold(d.title).lower()}" for d in self.corpus.documents}
        match = process.extractOne(wanted, choices, scorer=fuzz.WRatio, score_cutoff=75)
        return self.corpus.documents[match[2]] if match else None

    def sections(self, doc: Document) -> list[Section]:
        return self.corpus.sections[doc.first_section : doc.first_section + doc.section_count]

    def suggest_documents(
        self, prefix: str, documents: Sequence[str] | None = None
    ) -> list[Suggestion]:
        wanted = fold(well_formed(prefix).strip()).lower()
        allowed = set(documents) if documents is not None else None
        pool = [d for d in self.corpus.documents if allowed is None or d.id in allowed]
        if wanted:
            scored = [
                (
                    0 if d.id.startswith(wanted) or fold(d.title).lower().startswith(wanted) else 1,
                    -fuzz.WRatio(wanted, f"{d.id} {fold(d.title).lower()}"),
                    d.index,
                )
                for d in pool
            ]
            scored = [s for s in scored if s[0] == 0 or -s[1] >= 60]
            pool = [self.corpus.documents[i] for *_, i in sorted(scored)]
        return [
            Suggestion(_fit(f"{d.title} ({d.id})"), d.id[:MAX_CHOICE])
            for d in pool[:MAX_SUGGESTIONS]
        ]

    # -- search -----------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        documents: Sequence[str] | None = None,
        limit: int = 5,
        offset: int = 0,
    ) -> SearchResult:
        query = well_formed(query)
        named = self.topics.named(query, documents=documents)
        if not named:
            within = self.topics.named_within(query, documents=documents)
            named = [within] if within is not None else []
        if not named and self.index.misspelled(query):
            named = self.topics.named_misspelled(query, documents=documents)
        if not named:
            named = self.topics.named_by_path(query, documents=documents)
        return self.index.search(
            query, documents=documents, limit=limit, offset=offset, named=named
        )

    def find_source(
        self, text: str, *, documents: Sequence[str] | None = None, limit: int = 3
    ) -> SearchResult:
        return self.index.match_text(well_formed(text), documents=documents, limit=limit)

    # -- topics -----------------------------------------------------------------------------

    def topic(
        self,
        name: str,
        *,
        documents: Sequence[str] | None = None,
        limit: int = 5,
        by_text: bool = True,
    ) -> list[TopicMatch]:
        """Topics by name: exact, prefix, fuzzy. When no name answers (a topic described in
        the user's words), with `by_text`, the sections whose text answers it best, as
        search finds them."""
        name = well_formed(name)
        matches = self.topics.lookup(name, documents=documents, limit=limit)
        if matches or not by_text or not name.strip():
            return matches
        hits = self.index.search(name, documents=documents, limit=limit * TEXT_HITS).hits
        # Only passages holding every word: a section that shares one word with the
        # query is no answer to it.
        found = ((h.passage, h.score) for h in hits if h.complete)
        return self.topics.sections_of(found, limit=limit)

    def suggest_topics(
        self, prefix: str, documents: Sequence[str] | None = None
    ) -> list[Suggestion]:
        return self.topics.suggest(well_formed(prefix), documents=documents)

    # -- random -----------------------------------------------------------------------------

    def random(
        self,
        key: Hashable,
        *,
        document: str | None = None,
        topic: str | None = None,
        documents: Sequence[str] | None = None,
    ) -> RandomPick:
        """A passage not shown to `key` since every candidate was, optionally narrowed."""
        allowed = list(documents) if documents is not None else None
        if document:
            doc = self.document(document)
            if doc is None or (allowed is not None and doc.id not in allowed):
                return RandomPick(None, f"No document matches “{document}”.")
            allowed = [doc.id]
        if topic:
            # By name only: a random passage "from a topic" is from a topic that exists.
            matches = self.topic(topic, documents=allowed, limit=1, by_text=False)
            if not matches:
                return RandomPick(None, f"No topic matches “{topic}”.")
            ranges = [self.topics.passages(matches[0])]
        elif allowed is not None:
            docs = [self.corpus.document(d) for d in allowed]
            ranges = [self.corpus.document_passages(d) for d in docs if d is not None]
        else:
            ranges = [range(len(self.corpus))]
        pid = self.draws.draw((key, document, topic), ranges)
        if pid is None:
            return RandomPick(None, "There is no passage to choose from.")
        return RandomPick(self.corpus.passage(pid))

    # -- citations --------------------------------------------------------------------------

    def cite(self, citation: str) -> Resolution:
        citation = well_formed(citation)
        resolution = resolve(self.corpus, citation)
        if resolution.passage is None and citation.strip():
            # Not an id at all? Treat it as words and offer the best passage for them, but
            # not for its numbers: the "11" and "3" of another corpus's id
            # ("11-monsters/owlbear/3") are in many passages of this one.
            words = _NUMBERS.sub(" ", citation)
            hits = self.search(words, limit=1).hits if words.strip() else []
            if hits:
                resolution.alternatives = [hits[0].passage]
        return resolution

    def suggest_citations(
        self, prefix: str, documents: Sequence[str] | None = None
    ) -> list[Suggestion]:
        """Citation ids completing what was typed, or passages matching it as words."""
        allowed = set(documents) if documents is not None else None
        typed = well_formed(prefix).strip().lower()
        doc_id, slug, number, _ = parse_citation(typed)
        out: list[Suggestion] = []
        doc = self.corpus.document(doc_id) if "/" in typed else None
        if doc is not None:
            if allowed is not None and doc.id not in allowed:
                return out
            sections = self.sections(doc)
            if slug is not None:
                # The sections the typed slug begins, else those with a word it begins
                # (`readfi` → `filehandle-readfile-options`), as `/cite` reads it.
                sections = [s for s in sections if s.slug.startswith(slug)] or [
                    s for s in sections if f"-{slug}" in f"-{s.slug}"
                ]
            for section in sections:
                for pid in self.corpus.section_passages(section):
                    passage = self.corpus.passage(pid)
                    if number is None or passage.citation_id.startswith(typed):
                        out.append(_passage_choice(passage))
                    if len(out) >= MAX_SUGGESTIONS:
                        return out
            return out
        if not typed:
            docs = [d for d in self.corpus.documents if allowed is None or d.id in allowed]
            for doc in docs:
                for pid in self.corpus.document_passages(doc)[:1]:
                    out.append(_passage_choice(self.corpus.passage(pid)))
            return out[:MAX_SUGGESTIONS]
        scope = sorted(allowed) if allowed is not None else None
        for hit in self.search(typed, documents=scope, limit=MAX_SUGGESTIONS).hits:
            out.append(_passage_choice(hit.passage))
        return out

    # -- navigation -------------------------------------------------------------------------

    def passage(self, index: int) -> Passage | None:
        return self.corpus.passage(index) if 0 <= index < len(self.corpus) else None

    def neighbour(self, passage: Passage, step: int) -> Passage | None:
        """The passage `step` places away within the same document, if any."""
        target = passage.index + step
        if not 0 <= target < len(self.corpus):
            return None
        other = self.corpus.passage(target)
        return other if other.doc.index == passage.doc.index else None

    def stats(self) -> Stats:
        corpus = self.corpus
        return Stats(
            documents=len(corpus.documents),
            sections=len(corpus.sections),
            passages=len(corpus),
            topics=len(corpus.topics),
            words=len(self.index.vocabulary),
            problems=len(corpus.problems),
            skipped=sum(p.severity is Severity.SKIPPED for p in corpus.problems),
            load_seconds=corpus.load_seconds,
            index_seconds=self.index_seconds,
        )


def _both(
    first: Callable[[Corpus, Document], None], second: Callable[[Corpus, Document], None]
) -> Callable[[Corpus, Document], None]:
    """One `on_document` callback out of two: each loaded document is indexed for search
    and its topics' names collected while the next files are parsed."""

    def call(corpus: Corpus, doc: Document) -> None:
        first(corpus, doc)
        second(corpus, doc)

    return call


def _fit(text: str) -> str:
    return text if len(text) <= MAX_CHOICE else text[: MAX_CHOICE - 1] + "…"


def _passage_choice(passage: Passage) -> Suggestion:
    cid = passage.citation_id
    preview = " ".join(passage.text.split())
    return Suggestion(_fit(f"{cid} — {preview}"), cid)


def _return_freed_memory() -> None:
    """Hand the memory that building freed back to the system. glibc keeps freed heap pages
    for the process to reuse (50-75 MB of the index writer's after a cold build of 477k
    passages), so they count in its resident size until `malloc_trim` returns them. Other
    C libraries have no such call and need none."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError, TypeError):
        return
    trim(0)
