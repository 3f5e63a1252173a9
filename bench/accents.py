"""What diacritics cost: the Rust book as it is against the same book with accents on a
quarter of its prose words, in one process.

Usage (from the repository root):

    .venv/bin/python bench/accents.py [--rounds 5]

A corpus in French, German or Spanish has a letter with a diacritic in many of its
passages, where English prose has at most a typographic quote. Such text cannot take the
plain ASCII path of indexing, ranking and snippets as it is; `bot.engine.text` folds its
Latin letters to ASCII first. This measures how close that brings it to the plain text:
the accented copy puts an accent (é, à, ç, ô) on one letter of a fixed random quarter of
the prose words (words of letters only; headings and code blocks untouched), so both
corpora have the same passages and the held-out Rust book queries
(`bench/queries/heldout-3.jsonl`) ask both the same thing. Printed: load (parse + index),
tokenizing every passage as ranking does, and search latency over `--rounds` rounds of
those queries, the two corpora taking turns.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.engine.library import Library  # noqa: E402

RUST_BOOK = ROOT / "tests" / "fixtures" / "rust-book"
QUERIES = ROOT / "bench" / "queries" / "heldout-3.jsonl"
ACCENTS = (("e", "é", 0.15), ("a", "à", 0.05), ("c", "ç", 0.03), ("o", "ô", 0.02))


def accented(source: Path, into: Path, seed: int = 5) -> Path:
    """A copy of `source` with an accent on one letter of about a quarter of its words."""
    rng = random.Random(seed)

    def accent(word: str) -> str:
        draw = rng.random()
        if not word.isalpha():
            return word  # markup, code, HTML tags and links stay as they are
        for plain, marked, share in ACCENTS:
            if draw < share:
                return word.replace(plain, marked, 1)
            draw -= share
        return word

    for path in sorted(source.glob("*.md")):
        lines, in_code = [], False
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("```"):
                in_code = not in_code
            keep = in_code or line.startswith("#")
            lines.append(line if keep else " ".join(map(accent, line.split(" "))))
        (into / path.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return into


def measure(libraries: dict[str, Library], queries: list[str], rounds: int) -> None:
    for name, library in libraries.items():
        texts = list(library.corpus.texts)
        started = time.perf_counter()
        for text in texts:
            library.index.tokens(text)
        per_passage = (time.perf_counter() - started) / len(texts) * 1e6
        share = sum(not t.isascii() for t in texts) / len(texts)
        print(f"{name}: {len(texts)} passages, {share:.0%} not ASCII; tokens {per_passage:.1f} µs")
    times: dict[str, list[float]] = {name: [] for name in libraries}
    for r in range(rounds):
        for query in queries:
            names = list(libraries) if r % 2 == 0 else list(libraries)[::-1]
            for name in names:
                started = time.perf_counter()
                libraries[name].search(query)
                times[name].append((time.perf_counter() - started) * 1000)
    for name, values in times.items():
        ordered = sorted(values)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        print(f"{name}: search mean {statistics.fmean(values):.2f} ms, p99 {p99:.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    queries = [json.loads(line)["query"] for line in QUERIES.read_text().splitlines() if line]
    with tempfile.TemporaryDirectory(prefix="excerpt-accents-") as tmp:
        roots = {"plain": RUST_BOOK, "accented": accented(RUST_BOOK, Path(tmp))}
        libraries: dict[str, Library] = {}
        for name, root in roots.items():
            Library.load(root)  # warm the file cache and the imports
            started = time.perf_counter()
            libraries[name] = Library.load(root, seed=7)
            print(f"{name}: load {time.perf_counter() - started:.2f} s")
        measure(libraries, queries, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
