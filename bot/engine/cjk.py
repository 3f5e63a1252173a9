"""Chinese, Japanese and Korean text as search terms: overlapping pairs of characters.

These scripts do not put spaces between words, so the index's tokenizer reads a whole clause
("声明响应式状态") as one term, and a word inside it ("响应式") would be found by nothing. As
Lucene's CJK analyzer does, each run of such characters becomes its overlapping pairs (声明
明响 响应 应式 式状 状态) and a lone character stays itself. A word of two characters or more
is then a run of consecutive pairs, which a query finds whatever clause holds it, with no
dictionary of words. A pure core: strings in, strings out.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Container, Iterable

from hanziconv import HanziConv
from hanziconv.charmap import traditional_charmap

_CHARS = (
    "\u1100-\u11ff"  # Hangul Jamo (what `fold` decomposes a syllable into)
    "\u2e80-\u2fdf"  # CJK and Kangxi radicals
    "\u3005-\u3007"  # 々 〆 〇
    "\u3021-\u3029\u3038-\u303c"  # Hangzhou numerals, more iteration marks
    "\u3040-\u30ff"  # Hiragana, Katakana (with ー)
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u31a0-\u31bf\u31f0-\u31ff"  # Bopomofo extended, Katakana phonetic extensions
    "\u3400-\u4dbf\u4e00-\u9fff"  # CJK unified ideographs and extension A
    "\ua960-\ua97f\uac00-\ud7ff"  # Hangul Jamo extended, Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # halfwidth Katakana
    "\U00020000-\U0003ffff"  # CJK unified ideographs extensions B and later
)
_RUN = re.compile(f"[{_CHARS}]+")
_ONE = re.compile(f"[{_CHARS}]")


TO_SIMPLIFIED = {
    ord(char): simple
    for char in set(traditional_charmap)
    if (simple := HanziConv.toSimplified(char)) != char
}
"""Traditional Chinese characters → their simplified forms (`str.translate`): folded so, a
query in either script finds text in the other (組件 finds 组件), as accents are folded."""
TRADITIONAL = frozenset(map(chr, TO_SIMPLIFIED))

PARTICLES = frozenset("的了吗呢吧啊のはをがにでともへやか")
"""Characters that join words rather than make them: 的 and the sentence particles of
Chinese, the case particles of Japanese."""


def holds_particle(term: str) -> bool:
    """Whether a pair of CJK characters straddles a particle ("件的" in "组件的状态"): what it
    stands for is how the words are joined, not a word."""
    return len(term) == 2 and (term[0] in PARTICLES or term[1] in PARTICLES) and has_cjk(term)


class WithParticles:
    """A language's stop words, and the CJK pairs that straddle a particle: they say as
    little, in a query, a title or a message to find the source of."""

    __slots__ = ("_words",)

    def __init__(self, words: Container[str]) -> None:
        self._words = words

    def __contains__(self, term: object) -> bool:
        return term in self._words or (
            isinstance(term, str) and len(term) == 2 and holds_particle(term)
        )


def has_cjk(text: str) -> bool:
    return _ONE.search(text) is not None


def is_cjk(char: str) -> bool:
    return _ONE.match(char) is not None


def pairs(run: str) -> list[str]:
    """A run of CJK characters as its overlapping pairs; a lone character as itself."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def split_terms(tokens: Iterable[str]) -> list[str]:
    """Tokens with every run of CJK characters in them replaced by its pairs, and the rest
    of a token that mixes scripts ("vue应用") kept as tokens of their own ("vue", "应用").
    Hangul that `fold` decomposed into letters (Jamo) is composed back into syllables
    first, so that a pair is two syllables, as the text shows them."""
    out: list[str] = []
    for token in tokens:
        if _ONE.search(token) is None:
            out.append(token)
            continue
        pos = 0
        for run in _RUN.finditer(token):
            if run.start() > pos:
                out.append(token[pos : run.start()])
            out.extend(pairs(unicodedata.normalize("NFC", run.group())))
            pos = run.end()
        if pos < len(token):
            out.append(token[pos:])
    return out


def join_terms(terms: Iterable[str]) -> str:
    """Terms as a query to show: words apart, the pairs of a run joined back into it."""
    out = ""
    for term in terms:
        if out and out[-1] == term[0] and len(term) == 2 and is_cjk(term[0]) and is_cjk(term[1]):
            out += term[1]
        else:
            out += f" {term}" if out else term
    return out


def marked_spans(
    word: str, terms: Container[str], fold: Callable[[str], str]
) -> list[tuple[int, int]]:
    """Spans of `word` (letters and digits, some of them CJK) that show `terms`: the
    characters of each pair that is a term, each character that is one (a lone character
    searched for), and each part in another script that is. `fold` is the search's
    folding, applied a character at a time so that spans stay those of `word` (a half-width
    voiced mark folds to nothing)."""
    marked: list[tuple[int, int]] = []
    pos = 0
    for run in _RUN.finditer(word):
        if run.start() > pos and fold(word[pos : run.start()]).lower() in terms:
            marked.append((pos, run.start()))
        pos = run.end()
        chars = _folded_chars(run.group(), run.start(), fold)
        marked += [(i, i + 1) for char, i in chars if char in terms]
        for (a, start), (b, end) in itertools.pairwise(chars):
            if a + b in terms:
                marked.append((start, end + 1))
    if 0 < pos < len(word) and fold(word[pos:]).lower() in terms:
        marked.append((pos, len(word)))
    return _merged(marked)


def marked_in_folded(folded: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """`marked_spans` for a whole text at once, given the text folded one character for
    one (`folded[i]` is what the index reads of the text's character `i`): each term
    found by `str.find`, a CJK one anywhere (pairs overlap), any other only as a whole
    word, which a CJK character ends as a space does ("vue" in "vue应用")."""
    marked: list[tuple[int, int]] = []
    size = len(folded)
    for term in terms:
        if not term:
            continue
        whole_word = _ONE.match(term) is None
        start = folded.find(term)
        while start >= 0:
            end = start + len(term)
            if not whole_word or (
                (start == 0 or _ends_word(folded[start - 1]))
                and (end == size or _ends_word(folded[end]))
            ):
                marked.append((start, end))
            start = folded.find(term, start + 1 if not whole_word else end)
    return _merged(marked)


def _ends_word(char: str) -> bool:
    return not char.isalnum() or char == "_" or _ONE.match(char) is not None


def _folded_chars(run: str, start: int, fold: Callable[[str], str]) -> list[tuple[str, int]]:
    """Each character of a run as the index reads it, with its place in the word. The run
    is folded whole when that keeps one character for one (Chinese always does), else
    character by character."""
    whole = unicodedata.normalize("NFC", fold(run))
    if len(whole) == len(run):
        return [(char, start + i) for i, char in enumerate(whole)]
    return [
        (unicodedata.normalize("NFC", folded), start + i)
        for i, char in enumerate(run)
        if (folded := fold(char))
    ]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans as one, in order: 响应 and 应式 mark 响应式."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
