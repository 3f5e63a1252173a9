"""Every benchmark in one run, written to docs/BENCHMARKS.md with PNG plots.

Usage (from the repository root):

    .venv/bin/python bench/report.py [--quick] [--copies 1 5 21 45] [--out docs]
                                     [--json PATH] [--no-load]

Runs on this machine, in one go:

1. **Corpus size against load, memory, latency and relevance.** The sizes are the bundled
   corpus (`corpus/`), the Rust book (`tests/fixtures/rust-book`, prose), tldr pages
   (`tests/fixtures/tldr-pages`, command-line cheat sheets), the Vue guide in Chinese
   (`tests/fixtures/vue-guide-zh`), the D&D SRD (`tests/fixtures/dnd-srd`, a rules
   reference), five books of prose (`tests/fixtures/classics`), the Node.js API
   reference (`tests/fixtures/nodejs-api`) and N copies of it side by side (full run: 5, 21
   and 45 copies, about 477k passages; `--quick`: 5).
   Each size is measured in fresh processes: one that builds the index cache, one that
   starts from it, and one that loads cold (parse + index) and then runs, in the same
   process, on the same passages and queries: ours, then each peer in turn (built, timed,
   dropped). The peers are those of `bench/relevance.py`: rapidfuzz `process.extract` over
   every passage with `WRatio` and with `token_set_ratio`, SQLite FTS5 with bm25 and the
   query words OR'ed, and bm25s.
2. **Relevance** (hit@1, hit@5, MRR) on the labelled query sets of `bench/queries/`, for
   every system, on the bundled and Node.js corpora; on the repeated corpora every passage
   exists N times, so a result counts when it is *any* copy of an expected passage, and only
   hit@1 is reported there (the first five results are mostly copies of one passage, so
   hit@5 and MRR would measure the duplication, not the ranking).
3. **End-to-end latency** through the local stand-in of Discord (`bench/load.py`).

Then it writes `docs/BENCHMARKS.md` and `docs/bench-*.png`; it needs the `bench` and `test`
extras (`.venv/bin/pip install -e '.[test,bench]'`). `--quick` (about 2 minutes) uses fewer
sizes, a smaller time budget per peer and 10-second load runs; the full run takes about 15
minutes. `--from-json PATH` writes the report again from the figures `--json PATH` saved.
The machine is shared, so absolute figures are noisy: compare the ratios, which come from
one run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import importlib.metadata
import json
import os
import platform
import random
import resource
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
for _path in (ROOT, BENCH):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

if TYPE_CHECKING:
    from relevance import Query, System

BUNDLED = ROOT / "corpus"
NODEJS = ROOT / "tests" / "fixtures" / "nodejs-api"
RUST_BOOK = ROOT / "tests" / "fixtures" / "rust-book"
TLDR = ROOT / "tests" / "fixtures" / "tldr-pages"
VUE_ZH = ROOT / "tests" / "fixtures" / "vue-guide-zh"
DND_SRD = ROOT / "tests" / "fixtures" / "dnd-srd"
CLASSICS = ROOT / "tests" / "fixtures" / "classics"
# The same names as bench/relevance.py, which is imported only once a measured process has
# loaded the corpus (its imports, numpy and bm25s among them, must not count in our memory).
OURS = "ours"
PEERS = ("rf-wratio", "rf-tokenset", "fts5", "bm25s")
SYSTEMS = (OURS, *PEERS)
LIMIT = 5
WARMUP = {
    "bundled": ["international cooperation", "disaster relief", "security partnership"],
    "nodejs": ["fs readfile", "readFle callback", "child process spawn"],
    "rustbook": ["ownership rules", "borow checker", "trait objects"],
    "tldr": ["extract archive", "list fils", "change permissions"],
    "vuezh": ["计算属性", "生命周期钩子", "组建注册"],
    "srd": ["grapple rules", "magic misile", "ancient red dragon"],
    "classics": ["the art of war", "simplicity of life", "self relience"],
}
SUGGESTS = {
    "bundled": ["i", "inte", "disas", "umm", "secur", "partn", "cyber sec", "humanitarian"],
    "nodejs": ["f", "fs.re", "readf", "stream pi", "clas buf", "http.crea", "event", "util.pro"],
    "rustbook": ["o", "owne", "refere", "lifet", "smart poi", "trait ob", "clos", "fearless"],
    "tldr": ["t", "ta", "gi", "chm", "ssh", "curl", "dock", "rsyn"],
    "vuezh": ["组", "组件", "计算属", "生命周", "插槽", "v-mo", "响应式", "侦听"],
    "srd": ["f", "fireb", "grapp", "owlb", "bag of hol", "sneak at", "conc", "death sav"],
    "classics": ["b", "book f", "econ", "self-rel", "wald", "tactical dis", "compens", "xx"],
}
COLORS = {
    OURS: "#d62728",
    "rf-wratio": "#9467bd",
    "rf-tokenset": "#8c564b",
    "fts5": "#1f77b4",
    "bm25s": "#2ca02c",
}
MARKERS = {OURS: "o", "rf-wratio": "v", "rf-tokenset": "^", "fts5": "s", "bm25s": "D"}


@dataclass(frozen=True, slots=True)
class Mode:
    """How hard to push: the sizes, rounds and time budgets of a run."""

    copies: tuple[int, ...]
    rounds: int
    """Passes over the query set for each system (latency samples)."""
    budget_s: float
    """Seconds of queries a system may spend at one size before it stops (rapidfuzz at large
    sizes); at least `min_queries` run, and at the labelled sizes every query runs once."""
    min_queries: int
    load_seconds: float
    load_rates: tuple[int, ...]


FULL = Mode((5, 21, 45), rounds=5, budget_s=60.0, min_queries=3, load_seconds=30.0,
            load_rates=(50, 200))  # fmt: skip
QUICK = Mode((5,), rounds=2, budget_s=10.0, min_queries=3, load_seconds=10.0,
             load_rates=(50, 200))  # fmt: skip


# -- measuring, in a fresh process per size ------------------------------------------------


def relevance_module() -> ModuleType:
    """bench/relevance.py: the labelled queries, the peers and the scoring."""
    import relevance

    assert relevance.SYSTEMS == SYSTEMS and relevance.LIMIT == LIMIT
    return relevance


def memory_mb() -> tuple[float, float]:
    """(current RSS, peak RSS since the last `reset_peak`) of this process in MB."""
    current = peak = 0.0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                current = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return current, peak


def reset_peak() -> None:
    """Start the peak RSS (VmHWM) over from the current RSS (Linux 4.0+; else a no-op)."""
    with contextlib.suppress(OSError):  # not Linux
        Path("/proc/self/clear_refs").write_text("5")


def latency_summary(times_ms: Sequence[float]) -> dict[str, float | int]:
    if not times_ms:
        return {"n": 0}
    percentile = relevance_module().percentile
    return {
        "n": len(times_ms),
        "mean_ms": round(statistics.fmean(times_ms), 3),
        "p50_ms": round(percentile(times_ms, 0.50), 3),
        "p99_ms": round(percentile(times_ms, 0.99), 3),
        "max_ms": round(max(times_ms), 3),
    }


@dataclass(frozen=True, slots=True)
class Plan:
    """How one system is timed at one size."""

    rounds: int
    budget_s: float
    min_queries: int
    full_first_round: bool
    """Every query once whatever the budget (the labelled sizes, for relevance)."""
    warmup: tuple[str, ...]


@dataclass(slots=True)
class Block:
    """One system's timed queries at one size."""

    times_ms: list[float]
    first: list[list[str] | None]
    """Its answer to each labelled query (in file order) in the first pass, if it ran."""
    spent_s: float


def run_block(
    system: Callable[[str], list[str]], queries: Sequence[str], order: Sequence[int], plan: Plan
) -> Block:
    """Time `system` over the queries (in `order`), `plan.rounds` times, within the budget."""
    for query in plan.warmup:
        system(query)
    block = Block([], [None] * len(queries), 0.0)
    for round_ in range(plan.rounds):
        for index in order:
            forced = plan.full_first_round and round_ == 0
            over = block.spent_s >= plan.budget_s and len(block.times_ms) >= plan.min_queries
            if over and not forced:
                return block
            started = time.perf_counter()
            ids = system(queries[index])
            seconds = time.perf_counter() - started
            block.times_ms.append(seconds * 1000)
            block.spent_s += seconds
            if round_ == 0:
                block.first[index] = ids[:LIMIT]
    return block


def canonical_ids(corpus: Any, reference: Path | None, copies: int) -> tuple[list[str], str | None]:
    """Each passage's id for scoring: its own citation id, or on a corpus of `copies` copies
    the id of the same passage in the single corpus (checked by text fingerprints); and why
    not, when the corpus is not such copies."""
    own = [corpus.passage(i).citation_id for i in range(len(corpus))]
    if reference is None:
        return own, None
    from bot.engine.model import text_version

    ref = json.loads(reference.read_text(encoding="utf-8"))
    ids: list[str] = ref["ids"]
    versions: list[str] = ref["versions"]
    single = len(ids)
    if len(corpus) != single * copies:
        return own, f"{len(corpus)} passages is not {copies} × {single}"
    step = max(1, len(corpus) // 5000)
    for i in range(0, len(corpus), step):
        if text_version(corpus.texts[i]) != versions[i % single]:
            return own, f"passage {i} is not a copy of passage {i % single}"
    return [ids[i % single] for i in range(len(corpus))], None


def relevance_figures(
    first: Sequence[list[str] | None], queries: Sequence[Query], only_hit1: bool
) -> dict[str, float] | None:
    """hit@1, hit@5, MRR over the first pass, or None when some query did not run."""
    if not queries or any(ids is None for ids in first):
        return None
    first_rank = relevance_module().first_rank
    ranks = [first_rank(ids or [], q.expected) for ids, q in zip(first, queries, strict=True)]
    n = len(ranks)
    out = {"hit1": sum(r == 0 for r in ranks) / n}
    if not only_hit1:
        out["hit5"] = sum(r is not None for r in ranks) / n
        out["mrr"] = sum(1 / (r + 1) for r in ranks if r is not None) / n
    return out


def measure_cold(args: argparse.Namespace) -> dict[str, Any]:
    """Cold start, then ours and every peer in turn on the same passages and queries."""
    from bot.engine.library import Library

    label: str = args.label
    baseline_mb, _ = memory_mb()
    started = time.perf_counter()
    library = Library.load(args.root)
    load_s = time.perf_counter() - started
    resident_mb, peak_mb = memory_mb()
    workers_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    from rapidfuzz import fuzz

    from bot.engine.model import text_version

    rel = relevance_module()
    corpus = library.corpus
    labelled = args.reference is None
    canon, mismatch = canonical_ids(corpus, args.reference, args.n_copies)
    queries = [q for q in rel.all_queries([label]) if q.task == rel.SEARCH]
    query_texts = [q.query for q in queries]
    order = list(range(len(queries)))
    random.Random(8).shuffle(order)  # a capped system gets a mix of kinds, not the first kind
    plan = Plan(args.rounds, args.budget, args.min_queries, labelled, tuple(WARMUP[label]))
    out: dict[str, Any] = {
        "passages": len(corpus),
        "documents": len(corpus.documents),
        "text_mb": round(sum(len(t) for t in corpus.texts) / 1e6, 2),
        "load_s": round(load_s, 3),
        "baseline_rss_mb": round(baseline_mb, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "workers_peak_rss_mb": round(workers_peak_mb, 1),
        "queries": len(queries),
        "relevance_note": mismatch,
        "systems": {},
    }
    if args.emit_reference is not None:
        reference = {"ids": canon, "versions": [text_version(t) for t in corpus.texts]}
        args.emit_reference.write_text(json.dumps(reference), encoding="utf-8")

    def ours(query: str) -> list[str]:
        return [canon[hit.passage.index] for hit in library.search(query, limit=LIMIT).hits]

    blocks: dict[str, Block] = {OURS: run_block(ours, query_texts, order, plan)}
    suggest: list[float] = []
    for query in SUGGESTS[label][:2]:
        library.suggest_topics(query)
    for _ in range(max(args.rounds, 3)):
        for query in SUGGESTS[label]:
            t = time.perf_counter()
            library.suggest_topics(query)
            suggest.append((time.perf_counter() - t) * 1000)
    out["suggest"] = latency_summary(suggest)
    out["systems"][OURS] = {
        "build_s": round(load_s, 3),
        "peak_mb": round(peak_mb - baseline_mb, 1),
        "resident_mb": round(resident_mb - baseline_mb, 1),
    }

    texts = corpus.texts
    builders: dict[str, Callable[[], System]] = {
        "rf-wratio": lambda: rel.RapidFuzzPeer(fuzz.WRatio, texts, canon),
        "rf-tokenset": lambda: rel.RapidFuzzPeer(fuzz.token_set_ratio, texts, canon),
        "fts5": lambda: rel.Fts5Peer(texts, canon),
        "bm25s": lambda: rel.Bm25sPeer(texts, canon),
    }
    for name, build in builders.items():
        gc.collect()
        reset_peak()
        before, _ = memory_mb()
        t = time.perf_counter()
        peer = build()
        build_s = time.perf_counter() - t
        gc.collect()
        after, peak = memory_mb()
        blocks[name] = run_block(peer, query_texts, order, plan)
        out["systems"][name] = {
            "build_s": round(build_s, 5),
            "peak_mb": round(max(0.0, peak - before), 1),
            "resident_mb": round(max(0.0, after - before), 1),
        }
        if isinstance(peer, rel.Fts5Peer):
            peer.db.close()
        del peer
        timed = blocks[name]
        print(
            f"  {name}: built in {build_s:.2f} s, {len(timed.times_ms)} queries "
            f"in {timed.spent_s:.1f} s",
            file=sys.stderr,
            flush=True,
        )

    for name, block in blocks.items():
        figures = None if mismatch else relevance_figures(block.first, queries, not labelled)
        out["systems"][name].update(
            latency_summary(block.times_ms), spent_s=round(block.spent_s, 2), relevance=figures
        )
    # The engine keeps what it worked out for earlier queries (the terms of passages it
    # ranked, heading names): later passes repeat every query, so the first is shown apart.
    out["systems"][OURS]["first_pass"] = latency_summary(blocks[OURS].times_ms[: len(order)])
    if labelled:
        out["kinds"] = by_kind(queries, blocks)
        out["topics"] = measure_topics(library, label)
    return out


def by_kind(queries: Sequence[Query], blocks: dict[str, Block]) -> dict[str, Any]:
    """hit@1 / hit@5 / MRR per kind of query, then per set (the queries the engine was
    developed with, the held-out ones), every system (first pass)."""
    rel = relevance_module()
    results = []
    for i, query in enumerate(queries):
        row = {}
        for name in SYSTEMS:
            ids = blocks[name].first[i] or []
            row[name] = rel.Outcome(ids, rel.first_rank(ids, query.expected), 0.0)
        results.append(row)
    block = rel.make_block("search", rel.SEARCH, queries, results)
    rows = dict(block.kinds)
    for label, held_out in (("developed with", False), ("held out", True)):
        picked = [i for i, q in enumerate(queries) if q.held_out == held_out]
        if picked:
            subset = [queries[i] for i in picked], [results[i] for i in picked]
            rows[label] = rel.make_block(label, rel.SEARCH, *subset).overall
    return {
        kind: {s: {k: v for k, v in per_system[s].as_dict().items() if "ms" not in k}
               for s in SYSTEMS}
        for kind, per_system in rows.items()
    }  # fmt: skip


def measure_topics(library: Any, label: str) -> dict[str, Any]:
    """Topic look-up (`/topic`): ours against the peers over every topic's heading path."""
    rel = relevance_module()
    corpus = library.corpus
    queries = [q for q in rel.all_queries([label]) if q.task == rel.TOPIC]
    if not queries:
        return {}
    texts = [rel.topic_path(corpus, topic) for topic in corpus.topics]
    ids = [rel.topic_id(corpus, topic) for topic in corpus.topics]
    peers, _ = rel.build_peers(texts, ids)

    def ours(query: str) -> list[str]:
        return [rel.match_id(corpus, match) for match in library.topic(query, limit=LIMIT)]

    systems: dict[str, System] = {OURS: ours, **peers}
    out: dict[str, Any] = {"queries": len(queries), "topics": len(corpus.topics), "systems": {}}
    for name, system in systems.items():
        system("warm up")
        outcomes = []
        for query in queries:
            t = time.perf_counter()
            found = system(query.query)
            ms = (time.perf_counter() - t) * 1000
            outcomes.append(rel.Outcome(found, rel.first_rank(found, query.expected), ms))
        out["systems"][name] = rel.figures(outcomes).as_dict()
    return out


def measure_cached(args: argparse.Namespace) -> dict[str, Any]:
    """A start from the index cache (`cache-build` makes it first), then ours alone."""
    from bot.engine.library import Library

    started = time.perf_counter()
    library = Library.load(args.root, cache_dir=args.cache)
    ready_s = time.perf_counter() - started
    _, peak_mb = memory_mb()
    out: dict[str, Any] = {"ready_s": round(ready_s, 3), "peak_rss_mb": round(peak_mb, 1)}
    if args.worker == "cache-build":
        return out
    rel = relevance_module()
    queries = [q.query for q in rel.all_queries([args.label]) if q.task == rel.SEARCH]
    for query in WARMUP[args.label]:
        library.search(query, limit=LIMIT)
    times: list[float] = []
    for _ in range(args.rounds):
        for query in queries:
            t = time.perf_counter()
            library.search(query, limit=LIMIT)
            times.append((time.perf_counter() - t) * 1000)
    out["search"] = latency_summary(times)
    out["peak_rss_after_queries_mb"] = round(memory_mb()[1], 1)
    return out


def worker(args: argparse.Namespace) -> int:
    data = measure_cold(args) if args.worker == "cold" else measure_cached(args)
    args.out.write_text(json.dumps(data), encoding="utf-8")
    return 0


# -- the run -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Size:
    name: str
    root: Path
    label: str
    """Which labelled query set applies ("bundled", "tldr", "vuezh", "srd", "classics",
    "rustbook" or "nodejs")."""
    copies: int


def make_sizes(copies: Iterable[int], into: Path) -> list[Size]:
    sizes = [
        Size("bundled", BUNDLED, "bundled", 1),
        Size("rust book", RUST_BOOK, "rustbook", 1),
        Size("tldr pages", TLDR, "tldr", 1),
        Size("vue guide (zh)", VUE_ZH, "vuezh", 1),
        Size("d&d srd", DND_SRD, "srd", 1),
        Size("classics", CLASSICS, "classics", 1),
        Size("nodejs ×1", NODEJS, "nodejs", 1),
    ]
    for n in sorted(set(copies)):
        if n <= 1:
            continue
        root = into / f"nodejs-x{n}"
        for k in range(n):
            shutil.copytree(NODEJS, root / f"copy{k:03d}")
        sizes.append(Size(f"nodejs ×{n}", root, "nodejs", n))
    return sizes


def run_worker(kind: str, size: Size, tmp: Path, mode: Mode, *extra: str) -> dict[str, Any]:
    out = tmp / f"{kind}-{size.label}-{size.copies}.json"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        kind,
        "--root",
        str(size.root),
        "--label",
        size.label,
        "--n-copies",
        str(size.copies),
        "--rounds",
        str(mode.rounds),
        "--budget",
        str(mode.budget_s),
        "--min-queries",
        str(mode.min_queries),
        "--out-file",
        str(out),
        *extra,
    ]
    subprocess.run(command, check=True, cwd=ROOT)
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def measure_size(size: Size, tmp: Path, mode: Mode, reference: Path) -> dict[str, Any]:
    cache = tmp / f"cache-{size.label}-{size.copies}"
    built = run_worker("cache-build", size, tmp, mode, "--cache", str(cache))
    cached = run_worker("cached", size, tmp, mode, "--cache", str(cache))
    shutil.rmtree(cache, ignore_errors=True)
    extra: list[str] = []
    if size.copies > 1:
        extra += ["--reference", str(reference)]
    elif size.label == "nodejs":
        extra += ["--emit-reference", str(reference)]
    cold = run_worker("cold", size, tmp, mode, *extra)
    return {
        "name": size.name,
        "label": size.label,
        "copies": size.copies,
        "repeat": size.copies > 1,
        "cache_build_s": built["ready_s"],
        "cached": cached,
        **cold,
    }


def run_load(mode: Mode, tmp: Path) -> dict[str, Any]:
    """bench/load.py in its own process; its JSON, or why it failed."""
    out = tmp / "load.json"
    command = [
        sys.executable,
        str(BENCH / "load.py"),
        "--rates",
        *(str(r) for r in mode.load_rates),
        "--seconds",
        f"{mode.load_seconds:g}",
        "--json",
        str(out),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    sys.stderr.write(done.stderr[-2000:])
    data: dict[str, Any] = {
        "command": shlex.join(
            [display_path(Path(sys.executable)), "bench/load.py", *command[2:-2]]
        ),
        "exit_code": done.returncode,
    }
    if out.exists():
        data.update(json.loads(out.read_text(encoding="utf-8")))
    else:
        data["error"] = (done.stderr or done.stdout)[-1500:]
    return data


def display_path(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def machine_info() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:  # pragma: no cover - not Linux
        pass
    ram_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = int(line.split()[1]) / 1024 / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    versions = {}
    for package in ("tantivy", "rapidfuzz", "bm25s", "PyStemmer", "discord.py", "matplotlib"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = "not installed"
    versions["SQLite"] = sqlite3.sqlite_version
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(ram_gb, 1),
        "python": platform.python_version(),
        "versions": versions,
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }


def cpu_times() -> list[int] | None:
    """The machine's CPU time counters (/proc/stat), to tell how much a hypervisor took."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    return [int(x) for x in fields[1:9]] if fields and fields[0] == "cpu" else None


def steal_share(start: list[int] | None, end: list[int] | None) -> float | None:
    """The share of CPU time other guests of the host took from this machine (the 8th
    counter, "steal") between two readings."""
    if start is None or end is None:
        return None
    spent = [b - a for a, b in zip(start, end, strict=True)]
    return round(spent[7] / sum(spent), 3) if sum(spent) > 0 else None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes, shorter runs")
    parser.add_argument(
        "--copies", type=int, nargs="+", metavar="N", help="repeats of the Node.js corpus"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="where the report goes")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the raw figures")
    parser.add_argument("--no-load", action="store_true", help="skip the end-to-end run")
    parser.add_argument(
        "--from-json", type=Path, metavar="PATH", help="only write the report, from --json data"
    )
    workers = ("cold", "cache-build", "cached")
    parser.add_argument("--worker", choices=workers, help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--n-copies", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--label", help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--reference", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--emit-reference", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=3, help=argparse.SUPPRESS)
    parser.add_argument("--budget", type=float, default=60.0, help=argparse.SUPPRESS)
    parser.add_argument("--min-queries", type=int, default=3, help=argparse.SUPPRESS)
    parser.add_argument("--out-file", dest="out_file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        args.out = args.out_file
        return worker(args)
    if args.from_json is not None:
        return write_report(json.loads(args.from_json.read_text(encoding="utf-8")), args.out)

    mode = QUICK if args.quick else FULL
    if args.copies:
        mode = Mode(tuple(args.copies), mode.rounds, mode.budget_s, mode.min_queries,
                    mode.load_seconds, mode.load_rates)  # fmt: skip
    command = shlex.join([display_path(Path(sys.executable)), "bench/report.py", *argv])
    started = time.perf_counter()
    info = machine_info()
    times_start = cpu_times()
    info["date"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    info["command"] = command
    info["mode"] = "quick" if args.quick else "full"
    info["rounds"] = mode.rounds
    info["budget_s"] = mode.budget_s
    info["min_queries"] = mode.min_queries
    sizes_data: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="excerpt-report-") as name:
        tmp = Path(name)
        print("building the repeated corpora...", file=sys.stderr, flush=True)
        sizes = make_sizes(mode.copies, tmp)
        reference = tmp / "reference.json"
        for size in sizes:
            print(f"{size.name}...", file=sys.stderr, flush=True)
            t = time.perf_counter()
            sizes_data.append(measure_size(size, tmp, mode, reference))
            print(f"{size.name}: {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
        load = None
        if not args.no_load:
            print("end-to-end load through the stand-in...", file=sys.stderr, flush=True)
            load = run_load(mode, tmp)
    info["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    info["steal_share"] = steal_share(times_start, cpu_times())
    info["elapsed_s"] = round(time.perf_counter() - started)
    data = {"info": info, "sizes": sizes_data, "load": load}
    if args.json:
        # A folder that does not exist yet (the report's own `--out`) must not lose the run.
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return write_report(data, args.out)


def write_report(data: dict[str, Any], out: Path) -> int:
    from report_render import render  # the writing half, matplotlib included

    for path in render(data, out):
        print(f"wrote {display_path(path)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
