"""The words of an index, for expanding a query word into the terms it may mean.

A pure structure: terms and document frequencies in, expansions out. Misspellings are found
with rapidfuzz's OSA distance (a swap of two letters is one typo) over buckets of terms of
similar length that share the first letter, then, if that finds none, over the buckets a typo
in the first letter leads to.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence

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
        self._by_len_second: dict[tuple[int, str], list[str]] = defaultdict(list)
        for term in self.sorted_terms:
            self._by_len_first[len(term), term[0]].append(term)
            if len(term) > 1:
                self._by_len_second[len(term), term[1]].append(term)
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

    def near(
        self, word: str, max_distance: int, limit: int = 8, *, widen: bool = True
    ) -> list[tuple[str, int]]:
        """Terms within `max_distance` edits, closest then most frequent first. Terms that
        share the word's first letter are tried first; with `widen`, when none does, those
        a typo in the first letter would explain: the first letter replaced or dropped (the
        term's second letter is the word's second or first), or a letter added before it or
        swapped with the second (the term starts with the word's second letter)."""
        if max_distance <= 0 or not word:
            return []
        n = len(word)
        lengths = range(max(1, n - max_distance), n + max_distance + 1)
        first = word[0]
        found = self._closest(
            word, [self._by_len_first.get((k, first), ()) for k in lengths], max_distance, limit
        )
        if not found and widen and n >= 5:
            second = word[1]
            pools: list[Sequence[str]] = []
            for k in lengths:
                pools.append(self._by_len_second.get((k, second), ()))
                if first != second:
                    pools.append(self._by_len_second.get((k, first), ()))
                    pools.append(self._by_len_first.get((k, second), ()))
            found = self._closest(word, pools, max_distance, limit)
        return found

    def _closest(
        self, word: str, pools: Sequence[Sequence[str]], max_distance: int, limit: int
    ) -> list[tuple[str, int]]:
        found: dict[str, int] = {}
        for pool in pools:
            if pool:
                matches = process.extract(
                    word, pool, scorer=OSA.distance, score_cutoff=max_distance, limit=None
                )
                found.update((term, int(dist)) for term, dist, _ in matches if term != word)
        ordered = sorted(found.items(), key=lambda m: (m[1], -self.df[m[0]]))
        return ordered[:limit]

    def misspelled(self, word: str) -> list[tuple[str, int]]:
        """What a word missing from the vocabulary was most likely meant to be: the terms
        closest to it within its typo budget ("extention" is extension, not exception, two
        edits away). Four letters have no budget (too many words are one letter apart), but
        an unknown four-letter word is most often a word with a letter left out ("fils") or
        two letters swapped ("fiel"): those two typos are tried."""
        found = self.near(word, typo_budget(word))
        if not found and len(word) == 4 and word.isalpha():
            found = [
                (term, distance)
                for term, distance in self.near(word, 1, widen=False)
                if len(term) == 5 or (len(term) == 4 and sorted(term) == sorted(word))
            ]
        return [(term, distance) for term, distance in found if distance == found[0][1]]

    def best_correction(
        self, word: str, max_distance: int = 3, prefer: Collection[str] = ()
    ) -> str | None:
        """The likeliest intended term for a word that is not in the vocabulary: the closest,
        and of the equally close ones, one in `prefer` (the words of the passages a search
        found: "pointr" beside "smart" is pointer, not the more frequent point), else the most
        frequent."""
        found = self.near(word, max_distance, limit=32)
        if not found:
            return None
        closest = [term for term, distance in found if distance == found[0][1]]
        return next((term for term in closest if term in prefer), closest[0])
