"""Relevance benchmark: our search and topic look-up against typical peers, on labelled queries.

Usage (from the repository root):

    .venv/bin/python bench/relevance.py
        [--corpus bundled|nodejs|rustbook|tldr|vuezh|srd|classics|all]
        [--show-misses] [--json PATH]

The labelled queries live in `bench/queries/*.jsonl`, one JSON object a line:
`{"corpus", "query", "kind", "expected", "note"}`. `bundled.jsonl`, `nodejs.jsonl` and the
held-out sets `heldout-N.jsonl` (see bench/queries/README.md) are passage searches (expected:
citation ids); `topics.jsonl` and the held-out `heldout-topics*.jsonl` are topic look-ups
(expected: section ids `doc/slug`, or the passage citation id of a bold lead-in).

Systems, each loaded once per corpus and asked every query:

- `ours`: `Library.search(query, limit=5)`, or `Library.topic(name, limit=5)` for topics.
- `rf-wratio`, `rf-tokenset`: rapidfuzz `process.extract` over every candidate with
  `fuzz.WRatio` / `fuzz.token_set_ratio` and `utils.default_process` (the candidates are
  processed once up front, which gives the same scores as passing the processor per call).
- `fts5`: SQLite FTS5 in memory, `unicode61 remove_diacritics 2`, the query's words each
  quoted and OR'ed, ranked by `bm25()`.
- `bm25s`: the `bm25s` package, default tokenizer with English stop words, PyStemmer's
  English stemmer when it is installed.

For passage searches the peers index the passages (`lib.corpus.texts`). For topic look-ups
they index what a bot that fuzzy-matches headings would: one candidate per corpus topic, its
heading path as text ("Document › Section › Subsection"), with the same id ours reports (the
section id, or the passage id for a bold lead-in). A result counts when its id is one of the
query's expected ids; hit@k is "an expected id among the first k", MRR is over the first 5.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import bm25s  # noqa: E402
from rapidfuzz import fuzz, process, utils  # noqa: E402

from bot.engine.library import Library  # noqa: E402
from bot.engine.model import Corpus, Topic, TopicKind  # noqa: E402
from bot.engine.topics import TopicMatch  # noqa: E402

try:
    import Stemmer

    STEMMER: Any = Stemmer.Stemmer("english")
except ImportError:  # pragma: no cover - PyStemmer is an optional extra of bm25s
    STEMMER = None

CORPORA: dict[str, Path] = {
    "bundled": ROOT / "corpus",
    "nodejs": ROOT / "tests" / "fixtures" / "nodejs-api",
    "rustbook": ROOT / "tests" / "fixtures" / "rust-book",
    "tldr": ROOT / "tests" / "fixtures" / "tldr-pages",
    "vuezh": ROOT / "tests" / "fixtures" / "vue-guide-zh",
    "srd": ROOT / "tests" / "fixtures" / "dnd-srd",
    "classics": ROOT / "tests" / "fixtures" / "classics",
}
QUERIES = ROOT / "bench" / "queries"
TOPIC_FILES = tuple(sorted(p.name for p in QUERIES.glob("*topics*.jsonl")))
"""Topic look-ups: `topics.jsonl`, and the held-out `heldout-topics*.jsonl`."""
SEARCH_FILES = tuple(sorted(p.name for p in QUERIES.glob("*.jsonl") if p.name not in TOPIC_FILES))
KINDS = ("exact", "misspelled", "partial", "paraphrase", "phrase", "mixed")
LIMIT = 5
OURS = "ours"
PEERS = ("rf-wratio", "rf-tokenset", "fts5", "bm25s")
SYSTEMS = (OURS, *PEERS)
SEARCH, TOPIC = "search", "topic"


# -- queries -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Query:
    corpus: str
    query: str
    kind: str
    expected: tuple[str, ...]
    note: str
    task: str
    """SEARCH (passages) or TOPIC (topic look-up)."""
    source: str = ""
    """The query file's name without `.jsonl`."""

    @property
    def held_out(self) -> bool:
        """Written without seeing the engine's answers (bench/queries/README.md)."""
        return self.source.startswith("heldout")


def load_queries(path: Path, task: str) -> list[Query]:
    """The labelled queries of one JSON Lines file."""
    out: list[Query] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row["corpus"] not in CORPORA or row["kind"] not in KINDS or not row["expected"]:
            raise ValueError(f"{path.name}:{number}: bad row {row!r}")
        out.append(
            Query(
                corpus=row["corpus"],
                query=row["query"],
                kind=row["kind"],
                expected=tuple(row["expected"]),
                note=row.get("note", ""),
                task=task,
                source=path.stem,
            )
        )
    return out


def all_queries(corpora: Iterable[str]) -> list[Query]:
    wanted = set(corpora)
    queries = [q for name in SEARCH_FILES for q in load_queries(QUERIES / name, SEARCH)]
    queries += [q for name in TOPIC_FILES for q in load_queries(QUERIES / name, TOPIC)]
    return [q for q in queries if q.corpus in wanted]


# -- ids ---------------------------------------------------------------------------------------


def section_id(corpus: Corpus, section_index: int) -> str:
    section = corpus.sections[section_index]
    return f"{corpus.documents[section.doc].id}/{section.slug}"


def topic_id(corpus: Corpus, topic: Topic) -> str:
    """How a topic is named in the labels: a lead-in by its passage, else by its section."""
    if topic.leadin and topic.passage >= 0:
        return corpus.passage(topic.passage).citation_id
    return section_id(corpus, topic.section)


def match_id(corpus: Corpus, match: TopicMatch) -> str:
    if match.topic.leadin:
        return match.passage.citation_id
    return section_id(corpus, match.section.index)


def topic_path(corpus: Corpus, topic: Topic) -> str:
    """A topic's heading path as text: what a heading-matching bot would compare against."""
    section = corpus.sections[topic.section]
    title = corpus.documents[section.doc].title
    if topic.kind is TopicKind.DOCUMENT:
        return title
    if topic.leadin:
        return " › ".join((title, *section.headings, topic.name))
    return " › ".join((title, *section.headings))


# -- systems -----------------------------------------------------------------------------------


class System(Protocol):
    def __call__(self, query: str) -> list[str]:
        """The ids of the first `LIMIT` results, best first."""
        ...


class RapidFuzzPeer:
    """rapidfuzz `process.extract` over every candidate, as a typical bot does."""

    def __init__(
        self, scorer: Callable[..., float], texts: Sequence[str], ids: Sequence[str]
    ) -> None:
        self.scorer = scorer
        self.ids = ids
        self.choices = [utils.default_process(text) for text in texts]

    def __call__(self, query: str) -> list[str]:
        processed = utils.default_process(query)
        found = process.extract(
            processed, self.choices, scorer=self.scorer, processor=None, limit=LIMIT
        )
        return [self.ids[index] for _, score, index in found if score > 0]


class Fts5Peer:
    """SQLite FTS5: every query word quoted and OR'ed, ranked by bm25()."""

    def __init__(self, texts: Sequence[str], ids: Sequence[str]) -> None:
        self.ids = ids
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE VIRTUAL TABLE passages USING fts5(body, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        self.db.executemany("INSERT INTO passages (rowid, body) VALUES (?, ?)", enumerate(texts))
        self.db.commit()

    def __call__(self, query: str) -> list[str]:
        words = re.findall(r"\w+", query)
        if not words:
            return []
        match = " OR ".join('"' + word.replace('"', '""') + '"' for word in words)
        rows = self.db.execute(
            "SELECT rowid FROM passages WHERE passages MATCH ? ORDER BY bm25(passages) LIMIT ?",
            (match, LIMIT),
        ).fetchall()
        return [self.ids[rowid] for (rowid,) in rows]


class Bm25sPeer:
    """bm25s with its default tokenizer, English stop words and (if available) stemmer."""

    def __init__(self, texts: Sequence[str], ids: Sequence[str]) -> None:
        self.ids = ids
        tokens = bm25s.tokenize(list(texts), stopwords="en", stemmer=STEMMER, show_progress=False)
        self.retriever = bm25s.BM25()
        self.retriever.index(tokens, show_progress=False)
        self.k = min(LIMIT, len(texts))

    def __call__(self, query: str) -> list[str]:
        tokens = bm25s.tokenize(
            [query], stopwords="en", stemmer=STEMMER, show_progress=False, return_ids=False
        )
        if not tokens[0]:
            return []
        documents, scores = self.retriever.retrieve(tokens, k=self.k, show_progress=False)
        return [
            self.ids[int(index)]
            for index, score in zip(documents[0], scores[0], strict=True)
            if score > 0
        ]


def build_peers(texts: Sequence[str], ids: Sequence[str]) -> tuple[dict[str, System], float]:
    """The four peers over the same candidates, and the seconds it took to build each."""
    builders: dict[str, Callable[[], System]] = {
        "rf-wratio": lambda: RapidFuzzPeer(fuzz.WRatio, texts, ids),
        "rf-tokenset": lambda: RapidFuzzPeer(fuzz.token_set_ratio, texts, ids),
        "fts5": lambda: Fts5Peer(texts, ids),
        "bm25s": lambda: Bm25sPeer(texts, ids),
    }
    peers: dict[str, System] = {}
    started = time.perf_counter()
    for name, build in builders.items():
        peers[name] = build()
    return peers, time.perf_counter() - started


@dataclass(slots=True)
class Loaded:
    """One corpus, loaded once, with every system for each task."""

    name: str
    library: Library
    systems: dict[str, dict[str, System]] = field(default_factory=dict)
    """task → system name → system."""
    build_seconds: dict[str, float] = field(default_factory=dict)


def load_corpus(name: str) -> Loaded:
    started = time.perf_counter()
    library = Library.load(CORPORA[name])
    loaded = Loaded(name, library)
    loaded.build_seconds["ours"] = time.perf_counter() - started
    corpus = library.corpus

    def ours_search(query: str) -> list[str]:
        return [hit.passage.citation_id for hit in library.search(query, limit=LIMIT).hits]

    def ours_topic(query: str) -> list[str]:
        return [match_id(corpus, match) for match in library.topic(query, limit=LIMIT)]

    passage_ids = [corpus.passage(i).citation_id for i in range(len(corpus))]
    search_peers, seconds = build_peers(corpus.texts, passage_ids)
    loaded.build_seconds["peers (passages)"] = seconds
    topic_texts = [topic_path(corpus, topic) for topic in corpus.topics]
    topic_ids = [topic_id(corpus, topic) for topic in corpus.topics]
    topic_peers, seconds = build_peers(topic_texts, topic_ids)
    loaded.build_seconds["peers (topics)"] = seconds
    loaded.systems[SEARCH] = {OURS: ours_search, **search_peers}
    loaded.systems[TOPIC] = {OURS: ours_topic, **topic_peers}
    return loaded


# -- running and scoring -----------------------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    """One system's answer to one query."""

    ids: list[str]
    rank: int | None
    """0-based position of the first expected id among the results, None if absent."""
    ms: float


def first_rank(ids: Sequence[str], expected: Sequence[str]) -> int | None:
    wanted = set(expected)
    return next((i for i, found in enumerate(ids[:LIMIT]) if found in wanted), None)


def run(loaded: dict[str, Loaded], queries: Sequence[Query]) -> list[dict[str, Outcome]]:
    # One untimed call per system first, so no one pays for a cold cache in the figures.
    for corpus in loaded.values():
        for systems in corpus.systems.values():
            for system in systems.values():
                system("warm up")
    results: list[dict[str, Outcome]] = []
    for query in queries:
        systems = loaded[query.corpus].systems[query.task]
        outcome: dict[str, Outcome] = {}
        for name, system in systems.items():
            started = time.perf_counter()
            ids = system(query.query)
            ms = (time.perf_counter() - started) * 1000
            outcome[name] = Outcome(ids[:LIMIT], first_rank(ids, query.expected), ms)
        results.append(outcome)
    return results


@dataclass(slots=True)
class Figures:
    n: int
    hit1: float
    hit5: float
    mrr: float
    mean_ms: float
    p50_ms: float
    p99_ms: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "n": self.n,
            "hit@1": round(self.hit1, 4),
            "hit@5": round(self.hit5, 4),
            "mrr": round(self.mrr, 4),
            "mean_ms": round(self.mean_ms, 3),
            "p50_ms": round(self.p50_ms, 3),
            "p99_ms": round(self.p99_ms, 3),
        }


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def figures(outcomes: Sequence[Outcome]) -> Figures:
    n = len(outcomes)
    ranks = [o.rank for o in outcomes]
    times = [o.ms for o in outcomes]
    return Figures(
        n=n,
        hit1=sum(r == 0 for r in ranks) / n,
        hit5=sum(r is not None for r in ranks) / n,
        mrr=sum(1 / (r + 1) for r in ranks if r is not None) / n,
        mean_ms=statistics.fmean(times),
        p50_ms=percentile(times, 0.50),
        p99_ms=percentile(times, 0.99),
    )


@dataclass(slots=True)
class Block:
    """The figures for one group of queries: every system, overall and per kind."""

    name: str
    task: str
    n: int
    overall: dict[str, Figures]
    kinds: dict[str, dict[str, Figures]]


def make_block(
    name: str, task: str, queries: Sequence[Query], results: Sequence[dict[str, Outcome]]
) -> Block:
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i, query in enumerate(queries):
        by_kind[query.kind].append(i)
    overall = {s: figures([r[s] for r in results]) for s in SYSTEMS}
    kinds = {
        kind: {s: figures([results[i][s] for i in by_kind[kind]]) for s in SYSTEMS}
        for kind in KINDS
        if kind in by_kind
    }
    return Block(name, task, len(queries), overall, kinds)


def make_blocks(
    corpora: Sequence[str], queries: Sequence[Query], results: Sequence[dict[str, Outcome]]
) -> list[Block]:
    groups: list[tuple[str, str, list[int]]] = []
    for corpus in corpora:
        for task in (SEARCH, TOPIC):
            picked = [i for i, q in enumerate(queries) if q.corpus == corpus and q.task == task]
            groups.append((f"{corpus} · {task}", task, picked))
    if len(corpora) > 1:
        for task in (SEARCH, TOPIC):
            picked = [i for i, q in enumerate(queries) if q.task == task]
            groups.append((f"overall · {task}", task, picked))
        for task in (SEARCH, TOPIC):
            for label, held_out in (("developed with", False), ("held out", True)):
                picked = [
                    i for i, q in enumerate(queries) if q.task == task and q.held_out == held_out
                ]
                groups.append((f"{label} · {task}", task, picked))
    return [
        make_block(name, task, [queries[i] for i in picked], [results[i] for i in picked])
        for name, task, picked in groups
        if picked
    ]


# -- printing ----------------------------------------------------------------------------------


def ratio(peer: float, ours: float) -> str:
    return f"×{peer / ours:.2f}" if ours else "×—"


def format_block(block: Block) -> str:
    ours = block.overall[OURS]
    lines = [
        f"== {block.name}: {block.n} queries ==",
        f"{'system':<12} {'hit@1':<13} {'hit@5':<13} {'MRR':<13} "
        f"{'mean ms':<15} {'p50 ms':<15} {'p99 ms'}",
    ]
    for system in SYSTEMS:
        f = block.overall[system]
        cells = [
            (f.hit1, ours.hit1, "{:.3f}"),
            (f.hit5, ours.hit5, "{:.3f}"),
            (f.mrr, ours.mrr, "{:.3f}"),
            (f.mean_ms, ours.mean_ms, "{:.2f}"),
            (f.p50_ms, ours.p50_ms, "{:.2f}"),
            (f.p99_ms, ours.p99_ms, "{:.2f}"),
        ]
        row = f"{system:<12}"
        for index, (value, mine, pattern) in enumerate(cells):
            text = pattern.format(value)
            if system != OURS:
                text += " " + ratio(value, mine)
            row += " " + text.ljust(13 if index < 3 else 15)
        lines.append(row.rstrip())
    lines.append("by kind (hit@1 / hit@5 / MRR):")
    lines.append(f"{'kind':<11} {'n':>3}  " + "  ".join(f"{s:<16}" for s in SYSTEMS).rstrip())
    for kind, per_system in block.kinds.items():
        n = per_system[OURS].n
        triples = [
            f"{f.hit1:.2f}/{f.hit5:.2f}/{f.mrr:.2f}" for f in (per_system[s] for s in SYSTEMS)
        ]
        lines.append(f"{kind:<11} {n:>3}  " + "  ".join(f"{t:<16}" for t in triples).rstrip())
    return "\n".join(lines)


def format_misses(queries: Sequence[Query], results: Sequence[dict[str, Outcome]]) -> str:
    lines = ["== our hit@1 misses =="]
    for query, outcome in zip(queries, results, strict=True):
        ours = outcome[OURS]
        if ours.rank == 0:
            continue
        where = "not in top 5" if ours.rank is None else f"rank {ours.rank + 1}"
        lines.append(f"[{query.corpus} · {query.task} · {query.kind}] {query.query!r} ({where})")
        lines.append(f"    expected: {', '.join(query.expected)}")
        lines.append(f"    ours top3: {', '.join(ours.ids[:3]) or '(nothing)'}")
    if len(lines) == 1:
        lines.append("(none)")
    return "\n".join(lines)


def report(
    corpora: Sequence[str],
    loaded: dict[str, Loaded],
    queries: Sequence[Query],
    results: Sequence[dict[str, Outcome]],
    blocks: Sequence[Block],
) -> dict[str, Any]:
    """Everything printed, as JSON-ready data, plus every query's outcome."""
    return {
        "limit": LIMIT,
        "systems": list(SYSTEMS),
        "corpora": {
            name: {
                "passages": len(loaded[name].library.corpus),
                "topics": len(loaded[name].library.corpus.topics),
                "build_seconds": {k: round(v, 3) for k, v in loaded[name].build_seconds.items()},
            }
            for name in corpora
        },
        "blocks": [
            {
                "name": block.name,
                "task": block.task,
                "n": block.n,
                "overall": {s: block.overall[s].as_dict() for s in SYSTEMS},
                "kinds": {
                    kind: {s: per_system[s].as_dict() for s in SYSTEMS}
                    for kind, per_system in block.kinds.items()
                },
            }
            for block in blocks
        ],
        "queries": [
            {
                "corpus": query.corpus,
                "task": query.task,
                "kind": query.kind,
                "query": query.query,
                "expected": list(query.expected),
                "rank": {s: outcome[s].rank for s in SYSTEMS},
                "ours": outcome[OURS].ids,
            }
            for query, outcome in zip(queries, results, strict=True)
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=(*CORPORA, "all"), default="all")
    parser.add_argument(
        "--show-misses", action="store_true", help="list the queries ours misses at hit@1"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    args = parser.parse_args(argv)
    corpora = list(CORPORA) if args.corpus == "all" else [args.corpus]
    queries = all_queries(corpora)
    loaded = {name: load_corpus(name) for name in corpora}
    results = run(loaded, queries)
    blocks = make_blocks(corpora, queries, results)
    for name in corpora:
        corpus = loaded[name].library.corpus
        built = ", ".join(f"{k} {v:.2f} s" for k, v in loaded[name].build_seconds.items())
        print(f"{name}: {len(corpus)} passages, {len(corpus.topics)} topics; built: {built}")
    print()
    print("\n\n".join(format_block(block) for block in blocks))
    if args.show_misses:
        print()
        print(format_misses(queries, results))
    if args.json:
        data = report(corpora, loaded, queries, results, blocks)
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
