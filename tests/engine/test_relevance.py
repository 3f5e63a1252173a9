"""Relevance on the labelled query sets in bench/queries: a guard against ranking regressions.

The goal is the right passage first for 95% of queries and in the first five for 97%. These
tests hold the line at what the engine reaches today, per query set and corpus. The sets the
engine was developed against (`bundled.jsonl`, `nodejs.jsonl`) meet it on the bundled corpus
and not yet at hit@1 on Node.js; the held-out sets, written by authors who never saw the
engine's answers (see bench/queries/README.md), are far from it, paraphrases above all. The
full comparison with peers is `bench/relevance.py`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.typos import draw
from bot.engine import numbers
from bot.engine.library import Library
from bot.engine.topics import TopicMatch

QUERIES = Path(__file__).resolve().parents[2] / "bench" / "queries"
TOPIC_FILES = tuple(sorted(p.name for p in QUERIES.glob("*topics*.jsonl")))
SEARCH_FILES = tuple(sorted(p.name for p in QUERIES.glob("*.jsonl") if p.name not in TOPIC_FILES))
LIMIT = 5
CORPORA = ("bundled", "nodejs", "rustbook", "tldr", "vuezh", "srd", "classics")

SEARCH_FLOOR = {
    ("bundled.jsonl", "bundled"): (0.95, 0.97),
    # Since candidates come from headings too (2026-12-07), these two sets have one query
    # fewer in the first five (three left it, one came in); four queries of the older sets
    # came into the first five, one of them first (bench/queries/README.md).
    ("nodejs.jsonl", "nodejs"): (0.87, 0.94),
    # Since a misspelled word's sure spellings count in headings and a misspelled name
    # names its section (2026-12-07), one query of each of these two sets is no longer
    # first, and one of another set is; misspelled queries drawn from the corpora find what
    # the right spelling finds more often (`bench/typos.py`: spans 88.8 -> 92.3%, keywords
    # 88.9 -> 92.5%), and section names searched with typos their section (SRD 63 -> 156
    # of 200).
    ("heldout-1.jsonl", "nodejs"): (0.62, 0.83),
    ("heldout-2.jsonl", "nodejs"): (0.75, 0.86),
    ("heldout-2.jsonl", "bundled"): (0.85, 1.00),
    ("heldout-3.jsonl", "rustbook"): (0.70, 0.85),
    ("heldout-4.jsonl", "nodejs"): (0.63, 0.83),
    ("heldout-4.jsonl", "rustbook"): (0.76, 0.96),
    ("heldout-4.jsonl", "bundled"): (0.80, 1.00),
    ("heldout-5.jsonl", "nodejs"): (0.73, 0.90),
    ("heldout-5.jsonl", "rustbook"): (0.70, 0.86),
    ("heldout-5.jsonl", "bundled"): (1.00, 1.00),
    ("heldout-6.jsonl", "nodejs"): (0.73, 0.93),
    ("heldout-6.jsonl", "rustbook"): (0.83, 0.93),
    ("heldout-6.jsonl", "bundled"): (1.00, 1.00),
    ("heldout-7.jsonl", "nodejs"): (0.68, 0.84),
    ("heldout-7.jsonl", "rustbook"): (0.76, 1.00),
    ("heldout-7.jsonl", "bundled"): (0.90, 1.00),
    ("heldout-7.jsonl", "tldr"): (0.95, 1.00),
    ("heldout-8.jsonl", "nodejs"): (0.36, 0.84),
    ("heldout-8.jsonl", "rustbook"): (0.72, 0.84),
    ("heldout-8.jsonl", "bundled"): (1.00, 1.00),
    ("heldout-8.jsonl", "tldr"): (0.90, 0.95),
    ("heldout-tldr.jsonl", "tldr"): (0.85, 0.95),
    ("heldout-zh.jsonl", "vuezh"): (0.70, 0.85),
    ("heldout-srd.jsonl", "srd"): (0.63, 0.91),
    ("srd.jsonl", "srd"): (0.72, 0.87),
    ("classics.jsonl", "classics"): (0.83, 0.93),
    ("heldout-classics.jsonl", "classics"): (0.72, 0.85),
}
"""Per query file and corpus: (hit@1, hit@5) that must not be lost."""
TOPIC_FLOOR = {
    "topics.jsonl": (0.95, 0.97),
    "heldout-topics.jsonl": (0.93, 0.98),
    "heldout-topics-2.jsonl": (0.86, 0.89),
    "heldout-topics-srd.jsonl": (0.77, 0.87),
    "heldout-topics-classics.jsonl": (0.95, 0.97),
}
"""Per topic query file, over every corpus: (hit@1, hit@5) that must not be lost."""


@dataclass(frozen=True, slots=True)
class Labelled:
    corpus: str
    query: str
    kind: str
    expected: tuple[str, ...]


def load(name: str) -> list[Labelled]:
    rows = [
        json.loads(line)
        for line in (QUERIES / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return [Labelled(r["corpus"], r["query"], r["kind"], tuple(r["expected"])) for r in rows]


def search_queries(corpus: str, files: tuple[str, ...] = SEARCH_FILES) -> list[Labelled]:
    return [q for name in files for q in load(name) if q.corpus == corpus]


def topic_queries(corpus: str, files: tuple[str, ...] = TOPIC_FILES) -> list[Labelled]:
    return [q for name in files for q in load(name) if q.corpus == corpus]


def match_id(library: Library, match: TopicMatch) -> str:
    """A lead-in is labelled by its passage's citation id, anything else by its section id."""
    if match.topic.leadin:
        return match.passage.citation_id
    doc = library.corpus.documents[match.section.doc]
    return f"{doc.id}/{match.section.slug}"


def first_rank(found: list[str], expected: tuple[str, ...]) -> int | None:
    return next((i for i, cid in enumerate(found[:LIMIT]) if cid in expected), None)


def describe(misses: list[tuple[Labelled, list[str]]]) -> str:
    return "\n".join(
        f"  [{q.kind}] {q.query!r}: expected {list(q.expected)}, got {found[:3]}"
        for q, found in misses
    )


@pytest.fixture(scope="module")
def libraries(
    bundled: Library,
    nodejs: Library,
    rust_book: Library,
    tldr: Library,
    vue_zh: Library,
    srd: Library,
    classics: Library,
) -> dict[str, Library]:
    return {
        "bundled": bundled,
        "nodejs": nodejs,
        "rustbook": rust_book,
        "tldr": tldr,
        "vuezh": vue_zh,
        "srd": srd,
        "classics": classics,
    }


def test_query_files_are_well_formed() -> None:
    kinds = {"exact", "misspelled", "partial", "paraphrase", "phrase", "mixed"}
    counts = {name: len(load(name)) for name in (*SEARCH_FILES, *TOPIC_FILES)}
    assert counts["bundled.jsonl"] >= 60
    assert counts["nodejs.jsonl"] >= 60
    assert counts["heldout-1.jsonl"] + counts["heldout-2.jsonl"] >= 150
    assert counts["topics.jsonl"] >= 40
    assert counts["heldout-topics.jsonl"] >= 40
    for name in (*SEARCH_FILES, *TOPIC_FILES):
        seen: set[tuple[str, str]] = set()
        for q in load(name):
            assert q.corpus in CORPORA, q
            assert q.kind in kinds, q
            assert q.query.strip() and q.expected, q
            assert len(set(q.expected)) == len(q.expected), f"repeated expected id in {q}"
            assert (q.corpus, q.query) not in seen, f"duplicate query in {name}: {q.query!r}"
            seen.add((q.corpus, q.query))
    assert {q.corpus for q in load("bundled.jsonl")} == {"bundled"}
    assert {q.corpus for q in load("nodejs.jsonl")} == {"nodejs"}


@pytest.mark.parametrize("corpus", CORPORA)
def test_every_expected_id_resolves_exactly(libraries: dict[str, Library], corpus: str) -> None:
    """A corpus change that moves or renames a labelled passage or section fails here."""
    library = libraries[corpus]
    broken: list[str] = []
    for q in search_queries(corpus):
        for cid in q.expected:
            resolution = library.cite(cid)
            if not resolution.exact or resolution.passage is None:
                broken.append(f"{q.query!r}: passage {cid}")
            elif resolution.passage.citation_id != cid:
                broken.append(f"{q.query!r}: {cid} resolves to {resolution.passage.citation_id}")
    for q in topic_queries(corpus):
        for cid in q.expected:
            if cid.count("/") == 1:
                if library.corpus.section_by_slug(*cid.split("/")) is None:
                    broken.append(f"{q.query!r}: section {cid}")
            else:
                resolution = library.cite(cid)
                if not resolution.exact or resolution.passage is None:
                    broken.append(f"{q.query!r}: lead-in passage {cid}")
    assert not broken, "labels no longer match the corpus:\n" + "\n".join(broken)


@pytest.mark.parametrize(("name", "corpus"), list(SEARCH_FLOOR))
def test_search_relevance(libraries: dict[str, Library], name: str, corpus: str) -> None:
    library = libraries[corpus]
    queries = search_queries(corpus, (name,))
    ranks: list[int | None] = []
    misses: list[tuple[Labelled, list[str]]] = []
    for q in queries:
        found = [hit.passage.citation_id for hit in library.search(q.query, limit=LIMIT).hits]
        rank = first_rank(found, q.expected)
        ranks.append(rank)
        if rank != 0:
            misses.append((q, found))
    hit1 = sum(r == 0 for r in ranks) / len(ranks)
    hit5 = sum(r is not None for r in ranks) / len(ranks)
    summary = f"{name} on {corpus}: hit@1 {hit1:.3f}, hit@5 {hit5:.3f} over {len(ranks)} queries"
    floor1, floor5 = SEARCH_FLOOR[name, corpus]
    assert hit1 >= floor1 and hit5 >= floor5, f"{summary}\n{describe(misses)}"


@pytest.mark.parametrize("name", TOPIC_FILES)
def test_topic_relevance(libraries: dict[str, Library], name: str) -> None:
    ranks: list[int | None] = []
    misses: list[tuple[Labelled, list[str]]] = []
    for corpus, library in libraries.items():
        for q in topic_queries(corpus, (name,)):
            found = [match_id(library, m) for m in library.topic(q.query, limit=LIMIT)]
            rank = first_rank(found, q.expected)
            ranks.append(rank)
            if rank != 0:
                misses.append((q, found))
    hit1 = sum(r == 0 for r in ranks) / len(ranks)
    hit5 = sum(r is not None for r in ranks) / len(ranks)
    summary = f"{name}: hit@1 {hit1:.3f}, hit@5 {hit5:.3f} over {len(ranks)} queries"
    floor1, floor5 = TOPIC_FLOOR[name]
    assert hit1 >= floor1 and hit5 >= floor5, f"{summary}\n{describe(misses)}"


TWIN_FLOOR = {
    ("spans", False): 0.88,
    ("keywords", False): 0.90,
    ("names", False): 0.90,
    ("spans", True): 0.75,
    ("keywords", True): 0.85,
    ("names", True): 0.87,
    ("paths", False): 0.88,
    ("paths", True): 0.72,
    ("questions", False): 0.90,
    ("questions", True): 0.82,
}
"""Of queries drawn from the Node.js docs (`bench/typos.py`: four words of a passage, the
words of a window that are no stop words, a section's name, a name many sections bear
after the headings that tell its section), the share whose twin finds the same passage
first: misspelled (a typo in every word of five letters or more) 0.92, 0.93, 0.93 and
0.92 on 2026-12-08, 0.68, 0.85, 0.48 at f1606ea, before misspelled words counted in the
word-order reward and in headings, and named sections, and 0.77 for paths before
sections named by their place; with the last word cut short 0.78, 0.88, 0.90 and 0.77,
against 0.58, 0.85, 0.90 at f1606ea and 0.60 for paths before. Questions (a name in a
question or request): 0.94 misspelled, 0.88 cut short; 0.88 and 0.74 before the words
framing a name were set aside."""


@pytest.mark.parametrize(("kind", "cut"), sorted(TWIN_FLOOR))
def test_a_misspelled_or_unfinished_query_finds_what_it_finds_typed_right(
    nodejs: Library, kind: str, cut: bool
) -> None:
    pairs = draw(nodejs.corpus, kind, 100, seed=11, cut=cut)
    differ: list[str] = []
    for pair in pairs:
        clean = nodejs.search(pair.clean, limit=1).hits
        typed = nodejs.search(pair.twin, limit=1).hits
        if clean and (not typed or typed[0].passage.index != clean[0].passage.index):
            differ.append(f"{pair.twin!r} ({pair.clean!r})")
    same = 1 - len(differ) / len(pairs)
    assert len(pairs) == 100 and same >= TWIN_FLOOR[kind, cut], "\n".join(differ)


NAMED_FLOOR = {
    ("paths", "clean"): 0.95,
    ("paths", "misspelled"): 0.92,
    ("paths", "cut"): 0.80,
    ("questions", "clean"): 0.95,
    ("questions", "misspelled"): 0.95,
    ("questions", "cut"): 0.90,
}
"""Of 100 names drawn from the Node.js docs (`bench/typos.py`), the share that finds a
passage of the named section first. Paths, a name that several sections bear typed after
the headings that tell its section ("Class net Server server listening"): 1.00 typed
right, 0.96 misspelled and 0.87 with the last word cut short on 2026-12-08; 0.69, 0.57 and
0.44 before sections were named by their place. Questions, a name that one section bears
in a question or request ("how does http2session.state work"): 0.98, 0.99 and 0.96 (cut
short: other queries, drawn from framings ending with the name); 0.71, 0.74 and 0.57
before the words framing a name were set aside."""


@pytest.mark.parametrize(("kind", "typed"), sorted(NAMED_FLOOR))
def test_a_section_named_with_its_place_or_in_a_question_comes_first(
    nodejs: Library, kind: str, typed: str
) -> None:
    pairs = draw(nodejs.corpus, kind, 100, seed=11, cut=typed == "cut")
    missed: list[str] = []
    for pair in pairs:
        query = pair.clean if typed == "clean" else pair.twin
        hits = nodejs.search(query, limit=1).hits
        if not hits or hits[0].passage.section.index != pair.section:
            missed.append(repr(query))
    found = 1 - len(missed) / len(pairs)
    assert len(pairs) == 100 and found >= NAMED_FLOOR[kind, typed], "\n".join(missed)


_NUMBERED_TITLE = re.compile(r"^\(?(\d+|[ivxlc]+)[.)]\s", re.IGNORECASE)


def test_the_books_divisions_are_found_by_title_and_number(classics: Library) -> None:
    """Each numbered division of the five books cited as a reader cites it: the book's
    title and the number in digits ("Meditations BOOK 4", "Enchiridion of Epictetus 30",
    "The Art of War chapter 3" for "III. ATTACK BY STRATAGEM") finds its opening first: 89
    of 89 on 2026-12-08, 2 before numbers were read in other spellings."""
    corpus = classics.corpus
    missed: list[str] = []
    asked = 0
    for section in corpus.sections:
        if not section.headings or not section.count:
            continue
        title, name = corpus.documents[section.doc].title, section.headings[-1]
        numbered = _NUMBERED_TITLE.match(name)
        words = name.split()
        if numbered:
            number = numbers.value(numbered.group(1).lower())
            queries = [f"{title} {number}", f"{title} chapter {number}"]
        elif len(words) <= 2 and any(numbers.value(w.lower()) for w in words):
            spelled = [str(numbers.value(w.lower()) or w) for w in words]
            queries = [f"{title} {' '.join(spelled)}"]
        else:
            continue
        for query in queries:
            asked += 1
            hits = classics.search(query, limit=1).hits
            if not hits or hits[0].passage.index != section.first:
                missed.append(query)
    assert asked >= 80 and len(missed) <= asked * 0.03, missed
