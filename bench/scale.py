"""Load time, peak memory, search and topic latency as the corpus grows.

Builds corpora of N copies of a real corpus (default: the Node.js API reference) in a
temporary folder, then measures each size in fresh processes (so peak memory is that size's
own): a cold start (parse + index), a start from the index cache (built beforehand), peak
RSS of each, search latency over a mixed query set (exact, misspelled, partial,
paraphrased) and topic autocomplete latency.

    python bench/scale.py --repeats 1 10 45 [--source DIR] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT / "tests" / "fixtures" / "nodejs-api"

SEARCHES = [
    "fs readfile",
    "readFle callback",
    "creat write stream",
    "child process spawn",
    "buffer alloc unsaf",
    '"event loop" delay',
    "how do i read a file line by line",
    "asynchronus hooks",
    "http server listen port",
    "promisify callback function",
    "worker threads message port",
    "crypto random bytes",
    "url search params",
    "stream pipeline error handling",
    "environment variables process env",
    "dns lookup adress",
    "tls certificate verification",
    "zlib gzip compress",
    "timers setimmediate",
    "path join resolve",
]
SUGGESTS = ["f", "fs.re", "readf", "stream pi", "clas buf", "http.crea", "event", "util.pro"]


def build(source: Path, repeats: int, into: Path) -> Path:
    root = into / f"x{repeats}"
    if root.exists():
        return root
    for n in range(repeats):
        shutil.copytree(source, root / f"copy{n:03d}")
    return root


def measure(root: Path, rounds: int, cache: Path | None) -> dict[str, float]:
    """Runs in a fresh process: everything a bot does at start, then queries."""
    sys.path.insert(0, str(ROOT))
    from bot.engine.library import Library

    started = time.perf_counter()
    library = Library.load(root, cache_dir=cache)
    ready = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def timed(calls: list[tuple[str, object]]) -> list[float]:
        out: list[float] = []
        for _ in range(rounds):
            for kind, arg in calls:
                t = time.perf_counter()
                if kind == "search":
                    library.search(str(arg), limit=5)
                else:
                    library.suggest_topics(str(arg))
                out.append((time.perf_counter() - t) * 1000)
        return out

    timed([("search", q) for q in SEARCHES[:3]])  # warm-up
    search = sorted(timed([("search", q) for q in SEARCHES]))
    suggest = sorted(timed([("suggest", q) for q in SUGGESTS]))
    text_mb = sum(len(t) for t in library.corpus.texts) / 1e6

    def pct(values: list[float], p: float) -> float:
        return values[min(len(values) - 1, int(len(values) * p))]

    return {
        "passages": len(library.corpus),
        "documents": len(library.documents),
        "text_mb": round(text_mb, 1),
        "load_s": round(library.corpus.load_seconds, 2),
        "index_s": round(library.index_seconds, 2),
        "ready_s": round(ready, 2),
        "peak_rss_mb": round(peak_mb),
        "search_mean_ms": round(statistics.fmean(search), 3),
        "search_p50_ms": round(pct(search, 0.5), 3),
        "search_p99_ms": round(pct(search, 0.99), 3),
        "suggest_p50_ms": round(pct(suggest, 0.5), 3),
        "suggest_p99_ms": round(pct(suggest, 0.99), 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, nargs="+", default=[1, 10, 45])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure is not None:
        print(json.dumps(measure(args.measure, args.rounds, args.cache)))
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="excerpt-scale-") as tmp:
        for repeats in args.repeats:
            root = build(args.source, repeats, Path(tmp))
            cache = Path(tmp) / f"cache{repeats}"

            def run(*extra: str, root: Path = root) -> dict[str, float]:
                command = [sys.executable, __file__, "--measure", str(root)]
                command += ["--rounds", str(args.rounds), *extra]
                out = subprocess.run(command, check=True, capture_output=True, text=True)
                result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
                return result

            cold = run()
            build_cache = run("--cache", str(cache), "--rounds", "1")
            warm = run("--cache", str(cache))
            row = {
                "repeats": repeats,
                **cold,
                "cache_build_s": build_cache["ready_s"],
                "cached_ready_s": warm["ready_s"],
                "cached_peak_rss_mb": warm["peak_rss_mb"],
                "cached_search_mean_ms": warm["search_mean_ms"],
                "cached_search_p99_ms": warm["search_p99_ms"],
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"\nmachine: {machine}; date: {time.strftime('%Y-%m-%d')}")
    header = (
        "passages",
        "text_mb",
        "ready_s",
        "peak_rss_mb",
        "search_mean_ms",
        "search_p50_ms",
        "search_p99_ms",
        "suggest_p99_ms",
        "cached_ready_s",
        "cached_peak_rss_mb",
        "cached_search_mean_ms",
        "cached_search_p99_ms",
    )
    print(" | ".join(header))
    for row in rows:
        print(" | ".join(str(row[h]) for h in header))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine, "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
