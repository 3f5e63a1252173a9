"""The language a corpus is written in, read from its most common words, for the two things
search does by language: which query words say nothing (stop words) and which words share a
stem ("synchroniser" and "synchronisation").

The stop word lists and stemmers are tantivy's (Snowball's): a word is a stop word of a
language when its stop word filter drops it. English keeps the search's own list, which also
holds the words of a typed question ("how", "does", "please").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import tantivy

LANGUAGES = (
    "english",
    "french",
    "german",
    "spanish",
    "italian",
    "portuguese",
    "dutch",
    "swedish",
    "norwegian",
    "danish",
    "finnish",
    "russian",
    "hungarian",
)
"""The languages with both a stop word list and a stemmer in tantivy."""
DEFAULT = "english"
MIN_SHARE = 0.1
"""Below this share of the sample's occurrences, a language's stop words are no evidence. The
corpus's own language measured 0.29 to 0.37 on four English corpora and 0.42 to 0.48 on three
French ones, the next language at most 0.22; in a few passages of names or code the share
comes from a stray word ("all" is an Italian stop word)."""
SAMPLE = 300
"""The most common words of a corpus looked at: enough for a language's stop words to stand
out (in prose they are most of the first hundred), few enough to cost nothing at start."""


def detect(common: Iterable[tuple[str, int]]) -> str:
    """The language whose stop words account for most occurrences among the corpus's most
    common words, given as (word, passages holding it), most common first. A corpus of code
    or of names, where no language stands out, is taken as English."""
    sample = list(common)[:SAMPLE]
    words = [word for word, _ in sample]
    total = sum(count for _, count in sample) or 1
    best, best_share = DEFAULT, MIN_SHARE
    for language in LANGUAGES:
        stop = stop_words_among(language, words)
        share = sum(count for word, count in sample if word in stop) / total
        if share > best_share:
            best, best_share = language, share
    return best


def stop_words_among(language: str, words: Iterable[str]) -> frozenset[str]:
    """Which of `words` (lowercase, one token each) are stop words of `language`."""
    analyzer = _stop_filter(language)
    return frozenset(word for word in words if not analyzer.analyze(word))


QUESTION_WORDS = {
    "french": frozenset({"comment", "pourquoi", "quand", "combien", "quoi"}),
    "german": frozenset({"warum", "wann", "wieso", "weshalb", "wer"}),
    "spanish": frozenset({"cuales", "cuanto", "cuanta", "cuantos", "cuantas"}),
    "italian": frozenset({"quando", "quali", "cosa"}),
    "portuguese": frozenset({"porque", "onde", "quais", "quanto", "quantos"}),
    "dutch": frozenset({"waarom", "wanneer", "waar", "welke"}),
}
"""Words that ask a question ("how", "why", "when") missing from the Snowball lists, in their
folded spelling: a typed question ("comment synchroniser mes notes") must not need a passage
that holds "comment". The search's English list has its own."""

ACCENTED = {
    "a": "àâäáåã",
    "e": "éèêë",
    "i": "îïíì",
    "o": "ôöóòõø",
    "u": "ùûüú",
    "c": "ç",
    "n": "ñ",
    "y": "ÿý",
}
"""The accented letters that fold to each ASCII letter, as the index folds them."""
LONGEST_ACCENTED = 10
"""Longer words are not looked up in their accented spellings (no stop word is as long)."""


class StopWords:
    """Membership test for a language's stop words, remembered word by word.

    The index folds accents, so query words arrive folded: German "für" as "fur", Spanish
    "más" as "mas", French "à" as "a". The lists have them accented, so a folded word is
    also a stop word when one of its accented spellings is: one letter accented, or every
    one of the same letter alike ("étée"). Words that ask a question (`QUESTION_WORDS`) are
    stop words too."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._analyzer = _stop_filter(language)
        self._questions = QUESTION_WORDS.get(language, frozenset())
        self._known: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if word in self._questions:
            return True
        known = self._known.get(word)
        if known is None:
            if len(self._known) > 50_000:
                self._known.clear()
            known = self._known[word] = self._dropped(word) or any(
                self._dropped(spelling) for spelling in accented_spellings(word)
            )
        return known

    def _dropped(self, word: str) -> bool:
        return not self._analyzer.analyze(word)


def accented_spellings(word: str) -> Iterator[str]:
    """The accented spellings of a folded word that `StopWords` tries: each letter that
    has accented forms, alone or together with the same letter elsewhere, in each form."""
    if len(word) > LONGEST_ACCENTED or not word.isascii():
        return
    for letter in sorted(set(word) & ACCENTED.keys()):
        many = word.count(letter) > 1
        for accent in ACCENTED[letter]:
            for i, char in enumerate(word):
                if char == letter:
                    yield word[:i] + accent + word[i + 1 :]
            if many:
                yield word.replace(letter, accent)


def stemmer(language: str) -> tantivy.TextAnalyzer:
    """An analyzer that stems one lowercase word."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
        .filter(tantivy.Filter.stemmer(language))
        .build()
    )


def _stop_filter(language: str) -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
        .filter(tantivy.Filter.stopword(language))
        .build()
    )
