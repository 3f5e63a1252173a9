"""Typo robustness: does a misspelled query (or one whose last word is still being typed)
find what the same query typed right finds?

Usage (from the repository root):

    .venv/bin/python bench/typos.py [--corpus nodejs rustbook ...] [--queries 150]
                                    [--seed 11] [--systems ours fts5 bm25s]
                                    [--show N] [--cut]

Queries are drawn from the corpus itself, with a seeded random generator, so they need no
labels and are not the labelled sets the engine was tuned on:

- **spans**: four consecutive words of a random passage, as when a user types a sentence
  they remember ("returns true if the");
- **keywords**: the words of a seven-word window of a random passage that are no stop words
  (two to four of them), as a search is mostly typed ("readable resume method");
- **names**: the name of a random section (up to four words), as a user searches for an
  entry ("magic missile"); its passages are what it is drawn from;
- **paths**: the name of a random section that several sections bear, after the fewest
  headings above it that tell it from the others (up to six words), as a user names one of
  many ("wizard spells 3rd level", not the Bard's 3rd Level);
- **questions**: the name of a random section that no other bears, framed as a question or
  request ("how does storm of vengeance work", "fs readFile example"; with `--cut`, only
  the framings that end with the name).

A span or keywords query is kept only if it has two words that are no stop words, and any
query only if it has a word of five letters or more. Its misspelled twin has one random
typo (a letter replaced, dropped, added, or swapped with the next; never the first or last
letter) in every word of five letters or more that is no stop word: the spelling mistakes
the engine is asked to tolerate. With `--cut`, the twin has its last word cut short
instead (to its first three letters or more, one at least left out; only queries whose last
word has five letters or more), as when a search is typed while the word is still being
typed.

For every system (ours, and the peers of `bench/relevance.py` over the same passages) it
prints, over the queries:

- **same first**: the twin's first result is the clean query's first result;
- **in five**: the clean query's first result is among the twin's first five;
- **source first**, clean and twin: the passage the query was drawn from (or one
  holding the same span of words; for a name, a passage of its section) comes first.

The first two measure tolerance apart from ranking quality: a system that answers a
misspelled query as it answers the right spelling loses nothing to the typo.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.engine.model import Corpus, TopicKind  # noqa: E402

# The query drawing needs only the engine (tests use it); the peers need the `bench` extra.
if TYPE_CHECKING:
    from bench.relevance import System

DEFAULT_CORPORA = ("nodejs", "rustbook", "srd", "classics", "tldr")
OURS = "ours"
_STOPWORD_TEXT = """
a an and are as at be by for from has have in into is it its of on or that the this to was
were with which you your not can will if
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
LETTERS = "abcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(r"[A-Za-z]+")
_NAME_WORD = re.compile(r"[A-Za-z0-9]+")
"""A word of a heading path, with its digits ("3rd Level" of a spell list)."""


@dataclass(frozen=True, slots=True)
class Pair:
    clean: str
    twin: str
    """The query misspelled, or with its last word cut short."""
    source: int
    """The passage the query was drawn from."""
    span: str
    """Its words as found in that passage, lowercased, for "holds the same span"."""
    section: int = -1
    """For a name, its section: any of the section's own passages is the source."""


def misspell(word: str, rng: random.Random) -> str:
    """One typo inside the word: a letter replaced, dropped, added, or swapped."""
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice("rdas")
    letter = rng.choice(LETTERS)
    if kind == "r":
        return word[:at] + letter + word[at + 1 :]
    if kind == "d":
        return word[:at] + word[at + 1 :]
    if kind == "a":
        return word[:at] + letter + word[at:]
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def _counts(word: str) -> bool:
    return word.lower() not in STOPWORDS


def draw(corpus: Corpus, mode: str, count: int, seed: int, *, cut: bool = False) -> list[Pair]:
    """`count` query pairs of the given mode ("spans", "keywords", "names", "paths" or
    "questions"), the twin misspelled or, with `cut`, with its last word cut short."""
    rng = random.Random(f"{seed}:{mode}")
    if mode == "names":
        return _draw_names(corpus, count, rng, cut)
    if mode == "paths":
        return _draw_paths(corpus, count, rng, cut)
    if mode == "questions":
        return _draw_questions(corpus, count, rng, cut)
    width = 4 if mode == "spans" else 7
    pairs: list[Pair] = []
    for _ in range(count * 50):
        if len(pairs) == count:
            break
        pid = rng.randrange(len(corpus))
        words = _WORD.findall(corpus.texts.text(pid))
        if len(words) < width + 2:
            continue
        start = rng.randrange(len(words) - width)
        window = words[start : start + width]
        chosen = window if mode == "spans" else [w for w in window if _counts(w) and len(w) > 2][:4]
        if sum(map(_counts, chosen)) < 2 or not any(len(w) >= 5 for w in chosen):
            continue
        typed = _twin(chosen, rng, cut)
        if typed is None:
            continue
        span = " ".join(window).lower() if mode == "spans" else ""
        pairs.append(Pair(" ".join(chosen), " ".join(typed), pid, span))
    return pairs


def _twin(words: list[str], rng: random.Random, cut: bool) -> list[str] | None:
    if not cut:
        return [misspell(w, rng) if len(w) >= 5 and _counts(w) else w for w in words]
    last = words[-1]
    if len(last) < 5:
        return None
    return [*words[:-1], last[: rng.randrange(3, len(last))]]


def _draw_names(corpus: Corpus, count: int, rng: random.Random, cut: bool) -> list[Pair]:
    topics = [t for t in corpus.topics if t.kind is TopicKind.SECTION and not t.leadin]

    def named(i: int) -> tuple[int, list[str]]:
        return topics[i].section, _WORD.findall(topics[i].name)

    return _draw_sections(corpus, len(topics), named, 4, count, rng, cut)


def _draw_paths(corpus: Corpus, count: int, rng: random.Random, cut: bool) -> list[Pair]:
    by_name = _sections_by_name(corpus)
    shared = sorted(i for indexes in by_name.values() if len(indexes) > 1 for i in indexes)

    def named(i: int) -> tuple[int, list[str] | None]:
        section = corpus.sections[shared[i]]
        namesakes = by_name[section.headings[-1].lower()]
        return section.index, _telling_path(corpus, section.index, namesakes)

    return _draw_sections(corpus, len(shared), named, 6, count, rng, cut)


FRAMES = (
    "what is {}",
    "how to use {}",
    "explain {}",
    "tell me about {}",
    "how does {} work",
    "what does {} mean",
    "{} example",
)
"""Questions and requests around a name; the first four end with it."""


def _draw_questions(corpus: Corpus, count: int, rng: random.Random, cut: bool) -> list[Pair]:
    by_name = _sections_by_name(corpus)
    single = sorted(indexes[0] for indexes in by_name.values() if len(indexes) == 1)

    def named(i: int) -> tuple[int, list[str]]:
        return single[i], _NAME_WORD.findall(corpus.sections[single[i]].headings[-1])

    frames = FRAMES[:4] if cut else FRAMES
    return _draw_sections(corpus, len(single), named, 4, count, rng, cut, frames)


def _sections_by_name(corpus: Corpus) -> dict[str, list[int]]:
    """The sections with text of their own, by name (their last heading, lowercased)."""
    by_name: dict[str, list[int]] = {}
    for section in corpus.sections:
        if section.headings and section.count:
            by_name.setdefault(section.headings[-1].lower(), []).append(section.index)
    return by_name


def _draw_sections(
    corpus: Corpus,
    pool: int,
    named: Callable[[int], tuple[int, list[str] | None]],
    most_words: int,
    count: int,
    rng: random.Random,
    cut: bool,
    frames: Sequence[str] = ("{}",),
) -> list[Pair]:
    """Pairs naming sections drawn from a pool of `pool` candidates, each the section and
    the words that name it (`named`; none to skip it), in a frame drawn from `frames`."""
    pairs: list[Pair] = []
    for _ in range(count * 50):
        if len(pairs) == count or not pool:
            break
        index, words = named(rng.randrange(pool))
        section = corpus.sections[index]
        if not section.count or not words or len(words) > most_words:
            continue
        if not any(len(w) >= 5 for w in words):
            continue
        typed = _twin(words, rng, cut)
        if typed is None:
            continue
        frame = frames[rng.randrange(len(frames))] if len(frames) > 1 else frames[0]
        clean, twin = frame.format(" ".join(words)), frame.format(" ".join(typed))
        pairs.append(Pair(clean, twin, section.first, "", section.index))
    return pairs


def _telling_path(corpus: Corpus, index: int, namesakes: list[int]) -> list[str] | None:
    """The words of the section's name after the fewest headings above it that no other
    section of that name has above it; None when even its whole path is shared."""
    headings = corpus.sections[index].headings
    for depth in range(2, len(headings) + 1):
        tail = [h.lower() for h in headings[-depth:]]
        alike = sum(
            1
            for other in namesakes
            if [h.lower() for h in corpus.sections[other].headings[-depth:]] == tail
        )
        if alike == 1:
            return _NAME_WORD.findall(" ".join(headings[-depth:]))
    return None


def _holds(corpus: Corpus, citation_ids: dict[str, int], found: str, pair: Pair) -> bool:
    pid = citation_ids.get(found)
    if pid == pair.source:
        return True
    if pair.section >= 0 and pid is not None:
        return int(corpus.passage_section[pid]) == pair.section
    if not pair.span or pid is None:
        return False
    return pair.span in " ".join(_WORD.findall(corpus.texts.text(pid))).lower()


def measure(
    corpus: Corpus, systems: dict[str, System], pairs: Sequence[Pair], show: int
) -> dict[str, Counter[str]]:
    citation_ids = {corpus.passage(i).citation_id: i for i in range(len(corpus))}
    out: dict[str, Counter[str]] = {}
    for name, system in systems.items():
        tally: Counter[str] = Counter()
        shown = 0
        for pair in pairs:
            clean, typed = system(pair.clean), system(pair.twin)
            tally["queries"] += 1
            if clean:
                tally["same first"] += bool(typed) and typed[0] == clean[0]
                tally["in five"] += clean[0] in typed
                tally["source first, clean"] += _holds(corpus, citation_ids, clean[0], pair)
            if typed:
                tally["source first, twin"] += _holds(corpus, citation_ids, typed[0], pair)
            if name == OURS and shown < show and clean and typed[:1] != clean[:1]:
                shown += 1
                print(f"  {pair.twin!r} ({pair.clean!r}): {typed[:2]} against {clean[:2]}")
        out[name] = tally
    return out


COLUMNS = ("same first", "in five", "source first, clean", "source first, twin")


def main(argv: Sequence[str] | None = None) -> int:
    from bench.relevance import CORPORA, SEARCH, load_corpus

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", nargs="+", choices=list(CORPORA), default=DEFAULT_CORPORA)
    parser.add_argument("--queries", type=int, default=150, help="per corpus and kind")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--systems", nargs="+", default=[OURS, "fts5", "bm25s"])
    parser.add_argument("--show", type=int, default=0, help="print ours' first N differences")
    parser.add_argument("--cut", action="store_true", help="cut the last word short instead")
    args = parser.parse_args(argv)
    totals: dict[tuple[str, str], Counter[str]] = {}
    for name in args.corpus:
        loaded = load_corpus(name)
        corpus = loaded.library.corpus
        systems = {k: v for k, v in loaded.systems[SEARCH].items() if k in args.systems}
        for mode in ("spans", "keywords", "names", "paths", "questions"):
            pairs = draw(corpus, mode, args.queries, args.seed, cut=args.cut)
            for system, tally in measure(corpus, systems, pairs, args.show).items():
                totals.setdefault((mode, system), Counter()).update(tally)
                figures = "  ".join(f"{tally[c]:4}" for c in COLUMNS)
                print(f"{name:9} {mode:9} {system:12} {tally['queries']:4}  {figures}")
    print(f"\n{'kind':9} {'system':12} {'n':>5}  " + " | ".join(COLUMNS))
    for (mode, system), tally in totals.items():
        n = tally["queries"]
        shares = "  ".join(f"{tally[c] / n:>6.1%}" for c in COLUMNS)
        print(f"{mode:9} {system:12} {n:5}  {shares}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
