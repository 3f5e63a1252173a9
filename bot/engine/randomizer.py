"""Random passages without repeats: each key (a channel, say) walks its own shuffled order.

A shuffled order of 500,000 passages per channel would cost megabytes per key, so the order
is a keyed pseudo-random permutation (a small Feistel network with cycle walking) computed
on the fly: a key's whole state is a seed, a position and a fingerprint of its candidates.
"""

from __future__ import annotations

import hashlib
import random
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

MAX_KEYS = 50_000
ROUNDS = 4


class Permutation:
    """A bijection of range(n) chosen by `seed`."""

    def __init__(self, n: int, seed: int) -> None:
        if n <= 0:
            raise ValueError("a permutation needs at least one element")
        self.n = n
        bits = max(2, (n - 1).bit_length())
        bits += bits % 2
        self._half = bits // 2
        self._mask = (1 << self._half) - 1
        self._keys = [
            int.from_bytes(hashlib.blake2b(f"{seed}:{r}".encode(), digest_size=8).digest())
            for r in range(ROUNDS)
        ]

    def _round(self, value: int, key: int) -> int:
        return ((value * 0x9E3779B1 + key) ^ (value >> 3) ^ (key >> 17)) & self._mask

    def _encrypt(self, x: int) -> int:
        left, right = x >> self._half, x & self._mask
        for key in self._keys:
            left, right = right, left ^ self._round(right, key)
        return (left << self._half) | right

    def __getitem__(self, i: int) -> int:
        if not 0 <= i < self.n:
            raise IndexError(i)
        x = self._encrypt(i)
        # The network permutes a power-of-two domain; walk the cycle back into range(n).
        while x >= self.n:
            x = self._encrypt(x)
        return x


@dataclass(slots=True)
class _Deck:
    fingerprint: tuple[int, ...]
    permutation: Permutation
    position: int = 0
    offset: int = 0
    last: int = -1


class NoRepeatDraws:
    """Draw from candidate ranges so that nothing repeats for a key until all were shown."""

    def __init__(self, seed: int | None = None) -> None:
        self._random = random.Random(seed)
        self._decks: OrderedDict[Hashable, _Deck] = OrderedDict()

    def draw(self, key: Hashable, candidates: Sequence[range]) -> int | None:
        """The next passage index for `key` from the union of `candidates`, or None."""
        total = sum(len(r) for r in candidates)
        if total == 0:
            return None
        fingerprint = tuple(x for r in candidates for x in (r.start, r.stop, r.step))
        deck = self._decks.get(key)
        if deck is None or deck.fingerprint != fingerprint or deck.position >= total:
            permutation = Permutation(total, self._random.getrandbits(64))
            last = deck.last if deck is not None and deck.fingerprint == fingerprint else -1
            # A new round must not open with the passage that closed the last one.
            offset = 1 if total > 1 and permutation[0] == last else 0
            deck = _Deck(fingerprint, permutation, offset=offset)
            self._decks[key] = deck
        self._decks.move_to_end(key)
        while len(self._decks) > MAX_KEYS:
            self._decks.popitem(last=False)
        index = deck.permutation[(deck.position + deck.offset) % total]
        deck.position += 1
        deck.last = index
        for r in candidates:
            if index < len(r):
                return r[index]
            index -= len(r)
        raise AssertionError("unreachable: index within total")

    def forget(self) -> None:
        """Drop every key's order (after a reload, for instance)."""
        self._decks.clear()
