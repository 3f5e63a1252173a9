"""The words of an index, for expanding a query word into the terms it may mean.

A pure structure: terms and document frequencies in, expansions out. Misspellings are found
with rapidfuzz's OSA distance (a swap of two letters is one typo) over buckets of terms of
similar length that share the first letter, then over all first letters if that finds none.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA


def typo_budget(word: str) -> int:
    """Edits tolerated in a word: none up to 4 letters, one for 5-8, two from 9."""
    n = len(word)
    if n <= 4:
        return 0
    return 1 if n <= 8 else 2


class Vocabulary:
    """Terms with document frequencies; exact, stem, prefix and fuzzy look-ups."""

    def __init__(
        self,
        terms: Iterable[tuple[str, int]],
        stem: Callable[[str], str] | None = None,
    ) -> None:
        self.df: dict[str, int] = dict(terms)
        self.sorted_terms: list[str] = sorted(self.df)
        self._by_len_first: dict[tuple[int, str], list[str]] = defaultdict(list)
        self._by_len: dict[int, list[str]] = defaultdict(list)
        for term in self.sorted_terms:
            self._by_len_first[len(term), term[0]].append(term)
            self._by_len[len(term)].append(term)
        self._stem = stem
        self._stem_groups: dict[str, list[str]] = defaultdict(list)
        if stem is not None:
            for term in self.sorted_terms:
                self._stem_groups[stem(term)].append(term)

    def __contains__(self, term: str) -> bool:
        return term in self.df

    def __len__(self) -> int:
        return len(self.df)

    def same_stem(self, term: str) -> list[str]:
        """Other terms sharing the term's stem (running → run, runs)."""
        if self._stem is None:
            return []
        return [t for t in self._stem_groups.get(self._stem(term), ()) if t != term]

    def with_prefix(self, prefix: str, limit: int = 20) -> list[str]:
        """The most frequent terms that start with `prefix` (itself excluded)."""
        start = bisect_left(self.sorted_terms, prefix)
        found: list[str] = []
        for term in self.sorted_terms[start:]:
            if not term.startswith(prefix):
                break
            if term != prefix:
                found.append(term)
        if len(found) > limit:
            found.sort(key=lambda t: -self.df[t])
            del found[limit:]
        return found

    def near(self, word: str, max_distance: int, limit: int = 8) -> list[tuple[str, int]]:
        """Terms within `max_distance` edits, closest then most frequent first."""
        if max_distance <= 0 or not word:
            return []
        n = len(word)
        lengths = range(max(1, n - max_distance), n + max_distance + 1)
        pool: list[str] = []
        for length in lengths:
            pool.extend(self._by_len_first.get((length, word[0]), ()))
        found = self._closest(word, pool, max_distance, limit)
        if not found and n >= 5:
            # The first letter may be the typo: widen to every bucket of these lengths.
            pool = [t for length in lengths for t in self._by_len.get(length, ())]
            found = self._closest(word, pool, max_distance, limit)
        return found

    def _closest(
        self, word: str, pool: list[str], max_distance: int, limit: int
    ) -> list[tuple[str, int]]:
        if not pool:
            return []
        matches = process.extract(
            word, pool, scorer=OSA.distance, score_cutoff=max_distance, limit=None
        )
        ranked = sorted(
            ((term, int(dist)) for term, dist, _ in matches if term != word),
            key=lambda m: (m[1], -self.df[m[0]]),
        )
        return ranked[:limit]

    def best_correction(self, word: str, max_distance: int = 3) -> str | None:
        """The likeliest intended term for a word that is not in the vocabulary."""
        for distance in range(1, max_distance + 1):
            found = self.near(word, distance, limit=1)
            if found:
                return found[0][0]
        return None
