"""Typo-tolerant, ranked full-text search over passages: tantivy finds, `ranking` orders.

Query words are folded like the index, then expanded against the index's vocabulary: the word
itself, words sharing its stem, words within its typo budget, completions of a partly typed
last word, and joined or split compounds ("cyber security" ↔ "cybersecurity", "max frame
size" → `maxFrameSize`). Every expansion becomes one boosted term of a flat union that tantivy
searches with block-max WAND for a few dozen candidates; `ranking` then puts the passages
holding every word first, then those holding more of the words, BM25 ordering the rest.
"""

from __future__ import annotations

import heapq
import itertools
import json
import re
import sys
from collections.abc import Collection, Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import tantivy
from rapidfuzz.distance import OSA

from bot.engine import cjk, language, ranking
from bot.engine.model import Corpus, Document, Passage
from bot.engine.snippets import Snippet, make_snippet
from bot.engine.text import (
    ascii_fold,
    ascii_fold_utf8,
    fold,
    identifier_words,
    without_placeholders,
)
from bot.engine.vocabulary import Vocabulary, typo_budget

MAX_QUERY_CHARS = 500
MAX_WORDS = 24
CANDIDATES = 30
"""Passages tantivy hands to the ranking. Since the candidates come from the headings too,
40 find 2 more of 887 labelled queries in the first five and none more first, for searches
6% longer at 477k passages (ranking the 10 more); 25 lose one first and one in the first
five, 20 lose four and five."""
NAMED_CANDIDATES = 10
"""Passages of the sections an identifier in the query names, added to the candidates."""
ALL_CANDIDATES = 10
"""Passages holding every word, asked for when the candidates hold none that does."""
EVERY_MAX_DF = 1000
"""Those passages are asked for only if one of the words (all its forms) is in at most this
many: tantivy's cost is that word's passages. Asked for whatever the words, they made
searches at 477k passages a third slower (asked for 308 of the 532 Node.js and SRD labelled
queries there)."""
RUN_MIN, RUN_MAX = 3, 12
RUN_BOOST = 1.0
"""A passage holding the query's words in the order typed earns this times their idf: on
every labelled set, 0.5 to 2 put the same queries first."""
LIKELIEST = 2
"""A misspelled word's closest spellings (the most frequent first) that stand for it in the
word-order reward."""
RUN_SPELLINGS = 4
"""At most this many spellings of the query's run are rewarded (with a misspelled word's
likeliest spellings, a last word's completions)."""
VERBATIM_TOKENS = 80
"""Texts up to this many words are looked for word for word too (Find source)."""

_STOPWORD_TEXT = """
a an and are as at be but by for from has have how i if in into is it its of on or so than
that the their then there these they this to was were what when where which who why will
with do does did can could should would about
my me you your we our us he she him her them am been being had having may might must shall
whether also just really very ok okay please t s d m ll re ve don doesn didn isn aren wasn
weren won wouldn couldn shouldn haven hasn
dont doesnt didnt isnt arent wasnt werent wouldnt couldnt shouldnt havent hasnt hadnt cant
wont ive youre youve theyre thats whats
"""
"""English stop words; the last lines are contractions typed without their apostrophe, as
chat is typed ("why dont my tests run"): read as words, they were corrected to others
("havent" → "haven"). Not "im", which is more often the start of "import" being typed."""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Relative weights of the ways a document can match a query word.
W_EXACT = 1.0
W_STEM = 0.85
W_PREFIX = 0.7
W_TYPO = (1.0, 0.7, 0.5)
W_COMPOUND = 1.3
HEAD_BOOST = 0.75
HEAD_MIN_WEIGHT = W_STEM
PREFIX_COMPLETIONS = 12
PHRASE_BOOST = 2.0
IDENTIFIER_BOOST = 1.5
NAMED_SECTION_BOOST = 0.5 * IDENTIFIER_BOOST * HEAD_BOOST
"""An identifier typed as one word (`buf.readFloatLE`) that a heading holds in that order
marks its section: passages there earn this times the name's idf in headings, and the
section's passages are candidates though their text never repeats the name. At the full
weight of an identifier in the text, sections that merely share the name (every
`server.listen`) came before the answer on the labelled sets; at half, none did, and at a
quarter fewer answers came first."""
HEAD_COMMON_SHARE = 55
HEAD_COMMON_MIN = 1000
"""A heading term enters the candidates' union unless it heads more than one passage in
`HEAD_COMMON_SHARE` and more than `HEAD_COMMON_MIN` passages: the words of long documents'
titles and of broad sections ("Class", "Events") head thousands of passages at scale, cost
tantivy most and single out nothing; the ranking still counts them, and a word found in
headings alone keeps all of its. At 477k passages, every heading term made searches 10%
slower than from the text alone; without the common ones they cost the same (interleaved
A/B, within ±5%), at one passage in 20, 3% more. A term heading fewer passages is cheap:
on the labelled corpora (up to 10k passages) none is left out, and leaving out those
heading more than 100 lost 2 of 887 queries from the first five."""
COMMON_IDF = 2.0
"""A word in more than about one passage in seven (idf below this) says little about a
passage: holding it earns a coverage bonus shrunk in proportion ("Islamic" in a corpus about
the Islamic Nation)."""
BODY_CACHE_TERMS = 1_000_000
"""Passages' terms kept for ranking, up to this many in all (about 12 MB: the terms are
interned, so a passage costs a pointer a term). A query's candidates are often an earlier
query's too, and tokenizing a candidate is about a third of what ranking it costs."""
HEAD_CACHE = 4096
"""Heading paths kept as tokens for ranking (sections are shared by many passages)."""
NAME_CACHE = 16384
"""Titles and headings kept as tokens, to make the heading paths of sections not in the
cache above: each name is shared by every section below it, so a few thousand cover the
sections of half a million passages."""

_ASCII_SPLIT = bytes(ord(chr(c).lower()) if chr(c).isalnum() else 32 for c in range(256))
_QUOTED = re.compile(r"[\"“”«»„](.+?)[\"“”«»„]")


@dataclass(slots=True)
class Hit:
    passage: Passage
    score: float
    snippet: Snippet
    complete: bool
    """The passage holds every word of the query that counts (or a form of it)."""


@dataclass(slots=True)
class SearchResult:
    query: str
    hits: list[Hit]
    total: int
    """How many passages were ranked (for paging)."""
    more: bool = False
    """More passages match than were ranked: only the best few dozen are."""
    did_you_mean: str | None = None
    corrected: bool = False
    """True when the hits come from corrected spellings of the query words."""
    verbatim: int = 0
    """For a text matched with `match_text`: how many passages hold it word for word."""


@dataclass(slots=True)
class _Word:
    """One query word and the index terms standing for it, with weights."""

    text: str
    terms: dict[str, float] = field(default_factory=dict)
    required: bool = True
    compound: str | None = None
    compound_words: int = 2
    """How many query words, from this one on, the compound joins."""
    split: tuple[str, str] | None = None
    corrected: bool = False
    """Only misspelling expansions stand for this word."""
    likeliest: tuple[str, ...] = ()
    """For a corrected word, its closest spellings, the most frequent first
    (`LIKELIEST`): what the word was most likely meant to be."""
    sure: tuple[str, ...] = ()
    """For a corrected word, its closest spellings if they are forms of one word ("weapos":
    weapon, weapons): they count in headings too, where a name typed with a typo
    ("firbeall", "pasword") otherwise lost the section it names. Closest spellings of two
    words ("cassing": casting, causing) do not: in headings a word weighs most, and the
    wrong one would put another section first."""
    headings_only: bool = False
    """The terms standing for this word are in headings only (an API name that the text
    under its heading never repeats, such as `socket.autoSelectFamilyAttemptedAddresses`)."""

    @property
    def known(self) -> bool:
        """Something in the index stands for the word: a spelling of it, or a compound."""
        return bool(self.terms or self.compound or self.split)


class SearchIndex:
    """A tantivy index of the corpus's passages, built in memory."""

    def __init__(self, corpus: Corpus, index: tantivy.Index | None = None) -> None:
        self.corpus = corpus
        self.schema = _schema()
        if index is None:
            builder = IndexBuilder()
            for doc in corpus.documents:
                builder.add(corpus, doc)
            index = builder.finish()
        index.reload()
        self.index = index
        self.searcher = index.searcher()
        body_terms = self.searcher.terms_with_prefix("body", "")
        common = heapq.nlargest(language.SAMPLE, body_terms, key=_df)
        self.language = language.detect(common)
        self.has_cjk = any(cjk.has_cjk(term) for term, _ in common)
        """Chinese, Japanese or Korean text is common in the corpus (it is searched by pairs
        of characters)."""
        self.stopwords: Container[str] = cjk.WithParticles(
            STOPWORDS if self.language == "english" else language.StopWords(self.language)
        )
        self._stemmer = language.stemmer(self.language)
        stem = self.stem
        self.vocabulary = Vocabulary(body_terms, stem=stem)
        vocab = self.vocabulary
        self.heading_vocabulary = Vocabulary(
            (
                (term, df)
                for term, df in self.searcher.terms_with_prefix("head", "")
                if term not in vocab
            ),
            stem=stem,
        )
        """The terms of headings that no passage's text holds."""
        self._doc_ids = {d.id for d in corpus.documents}
        self._title_terms = [
            frozenset(t for t in index_tokens(d.title) if t not in self.stopwords)
            for d in corpus.documents
        ]
        self._title_docs: dict[str, set[int]] = {}
        for number, terms in enumerate(self._title_terms):
            for term in terms:
                self._title_docs.setdefault(term, set()).add(number)
        self.body_stats = self._field_stats("body")
        self.head_stats = self._field_stats("head")
        self._text = corpus.texts.text
        self._head_df: dict[str, int] = {}
        self._heads: dict[int, list[str]] = {}
        self._name_tokens: dict[str, list[str]] = {}
        self._bodies: dict[int, tuple[str, ...]] = {}
        self._body_terms = 0

    def _field_stats(self, field: str) -> ranking.FieldStats:
        """The field's statistics as tantivy's BM25 uses them. tantivy keeps the field's
        token total to itself, but its explanation of a score states the average length."""
        docs = self.searcher.num_docs
        terms = self.searcher.terms_with_prefix(field, "", limit=1)
        if not terms:
            return ranking.FieldStats(docs, 1.0)
        query = self._term(field, terms[0][0], 1.0)
        hits = self.searcher.search(query, 1, count=False).hits
        explained = json.loads(query.explain(self.searcher, hits[0][1]).to_json())
        return ranking.FieldStats(docs, _explained_value(explained, "avgdl") or 1.0)

    def stem(self, term: str) -> str:
        """A term's stem in the corpus's language ("streams" → "stream")."""
        tokens = self._stemmer.analyze(term)
        return tokens[0] if tokens else term

    def misspelled(self, query: str) -> bool:
        """The query holds a word of four letters or more that neither the passages nor the
        headings hold: most likely a misspelling."""
        return any(
            len(t) >= 4
            and not t.isdigit()
            and t not in self.vocabulary
            and t not in self.heading_vocabulary
            for t in self.tokens(query)
        )

    def tokens(self, text: str) -> list[str]:
        """The terms the index holds for `text`, in order."""
        return index_tokens(text)

    def search(
        self,
        query: str,
        *,
        documents: Sequence[str] | None = None,
        limit: int = 5,
        offset: int = 0,
        named: Sequence[int] = (),
    ) -> SearchResult:
        """The best passages for `query`, optionally only in the given document ids.
        `named`: the passages of the sections the query names word for word; the best
        ranked of them (else the first) comes first, as a reference's entry does when its
        name is asked ("fireball": the spell, not a monster's list of spells)."""
        query = " ".join(query.split())[:MAX_QUERY_CHARS]
        phrases, words, lost = self._parse(query)
        if not words and not phrases:
            return SearchResult(query, [], 0, did_you_mean=self._suggest(query))
        if documents is not None and not any(d in self._doc_ids for d in documents):
            return SearchResult(query, [], 0)
        wanted = limit + offset
        scope = self._scope(documents)
        groups = self._groups(words, phrases, names=self._identifiers(query))
        scored, more = self._rank(groups, scope, wanted, self._run_of(query, phrases, words))
        # A word that stands for nothing in the index ("enchiridion of epictetus 30", whose
        # 30 only a heading's XXX spells) still asks for more than the document.
        document = None if lost else self._named_document(words, phrases, documents)
        if document is not None:
            scored = _first(scored, self.corpus.document_passages(document)[:1])
        elif named and not phrases:
            scored = _first(scored, named)
        corrected = bool(scored) and any(w.corrected for w in words)
        did_you_mean = None
        if not scored or corrected:
            did_you_mean = self._suggest(query, self._words_of(scored[:1]))
        highlight = _highlight_terms(words, phrases, self.stopwords)
        hits = [self._hit(found, highlight, lost) for found in scored[offset:wanted]]
        return SearchResult(query, hits, len(scored), more, did_you_mean, corrected=corrected)

    def match_text(
        self, text: str, *, documents: Sequence[str] | None = None, limit: int = 5
    ) -> SearchResult:
        """Passages that a piece of text most likely quotes or paraphrases.

        Long text is reduced to its most telling words (the rarest in the corpus), any of
        which may match; runs of the text that appear verbatim rank first."""
        tokens = self.tokens(" ".join(text.split())[: MAX_QUERY_CHARS * 8])
        vocab = self.vocabulary
        stopwords = self.stopwords
        distinct = list(dict.fromkeys(t for t in tokens if t not in stopwords))
        known = sorted((t for t in distinct if t in vocab), key=lambda t: vocab.df[t])
        unknown = [t for t in distinct if t not in vocab]
        chosen = set(known[:MAX_WORDS] + unknown[: max(0, MAX_WORDS - len(known))])
        words = [self._expand(t, last=False) for t in distinct if t in chosen]
        phrases = _telling_runs(tokens, vocab, chosen)
        groups = self._groups(words, [], phrases)
        scope = self._scope(documents)
        scored, _ = self._rank(groups, scope, limit)
        highlight = _highlight_terms(words, phrases, self.stopwords)
        hits = [self._hit(found, highlight) for found in scored[:limit]]
        verbatim = self._count_verbatim(tokens, scope) if hits else 0
        return SearchResult(text, hits, len(scored), verbatim=verbatim)

    def _named_document(
        self, words: list[_Word], phrases: list[list[str]], documents: Sequence[str] | None
    ) -> Document | None:
        """The document a query names and asks nothing else of ("tar", "what does lprm do",
        "file system"): its words that count are its title's, typed as the title has them."""
        asked = {w.text for w in words if w.required}
        if phrases or not asked or any(w.corrected for w in words):
            return None
        found = set.intersection(*(self._title_docs.get(t, set()) for t in asked))
        for number in sorted(found):
            doc = self.corpus.documents[number]
            if self._title_terms[number] == asked and (documents is None or doc.id in documents):
                return doc
        return None

    def _count_verbatim(self, tokens: list[str], scope: tantivy.Query | None) -> int:
        """How many passages hold `tokens` in this order (a sentence repeated in many API
        entries is no sign of which one a message quotes)."""
        if not 1 < len(tokens) <= VERBATIM_TOKENS or any(t not in self.vocabulary for t in tokens):
            return 0
        query = tantivy.Query.phrase_query(self.schema, "body", list[str | tuple[int, str]](tokens))
        if scope is not None:
            must = tantivy.Occur.Must
            query = tantivy.Query.boolean_query([(must, query), (must, scope)])
        found = self.searcher.search(query, 1, count=True)
        return int(found.count)  # type: ignore[attr-defined]  # tantivy's stub omits `count`

    def _hit(self, found: ranking.Ranked, highlight: frozenset[str], lost: bool = False) -> Hit:
        snippet = make_snippet(self.corpus.texts[found.pid], highlight)
        complete = found.complete and not lost
        return Hit(self.corpus.passage(found.pid), found.score, snippet, complete)

    # -- query building -------------------------------------------------------------------

    def _parse(self, query: str) -> tuple[list[list[str]], list[_Word], bool]:
        """The quoted phrases and the words of a query, and whether a word that counts was
        lost for standing for nothing in the index (no spelling of it is there)."""
        phrases: list[list[str]] = []
        for quoted in _QUOTED.findall(query):
            tokens = self.tokens(quoted)
            if len(tokens) > 1:
                phrases.append(tokens)
        rest = _QUOTED.sub(" ", query)
        # A word is still being typed only if the query ends in it ("readf", not "readf?").
        partial_last = bool(rest) and rest[-1].isalnum()
        raw = self.tokens(rest)
        if len(raw) > MAX_WORDS:
            # A long question keeps its first words that say something; its last word,
            # if cut off, was not being typed.
            telling = [t for t in raw if t not in self.stopwords] or raw
            partial_last = partial_last and len(telling) <= MAX_WORDS and telling[-1] == raw[-1]
            raw = telling[:MAX_WORDS]
        for phrase in phrases:
            raw.extend(t for t in phrase if t not in raw)
        last = len(raw) - 1
        words = [
            # A stop word the text never holds ("havent") is no misspelling of another.
            _Word(t)
            if t in self.stopwords and t not in self.vocabulary and not (partial_last and i == last)
            else self._expand(t, last=partial_last and i == last)
            for i, t in enumerate(raw)
        ]
        content = [w for w in words if w.text not in self.stopwords]
        for w in words:
            w.required = w.text not in self.stopwords or not content
        self._compounds(words)
        lost = any(w.required and not w.known for w in words)
        return phrases, [w for w in words if w.known], lost

    def _identifiers(self, query: str) -> list[list[str]]:
        """Identifiers typed as one word (`fs.readFile`, `ERR_UNKNOWN_STDIN_TYPE`), as the
        tokens a soft phrase rewards where they appear in that order."""
        vocab = self.vocabulary
        found: list[list[str]] = []
        for chunk in _QUOTED.sub(" ", query).split()[:MAX_WORDS]:
            tokens = self.tokens(chunk)
            if 1 < len(tokens) <= 6 and all(t in vocab for t in tokens):
                found.append(tokens)
        return found

    def _expand(self, token: str, *, last: bool) -> _Word:
        word = self._expand_in(self.vocabulary, token, last=last)
        in_headings = token not in self.vocabulary and token in self.heading_vocabulary
        if not word.terms or (in_headings and word.corrected):
            # A word the text never holds may still name a section (the API name in its
            # heading): its terms are sought in headings alone. A heading's word is no
            # misspelling of the text's ("polar bear perception": not "solar").
            word = self._expand_in(self.heading_vocabulary, token, last=last)
            word.headings_only = bool(word.terms)
        elif in_headings:
            # The text holds other forms of it: the heading's own counts too.
            word.terms[token] = W_EXACT
        return word

    def _expand_in(self, vocab: Vocabulary, token: str, *, last: bool) -> _Word:
        word = _Word(token)
        known = token in vocab
        near: list[tuple[str, int]] = []
        if known:
            word.terms[token] = W_EXACT
        elif not token.isdigit():
            near = vocab.misspelled(token)
        # An unknown word one letter from a known one is most likely that word misspelled,
        # and its stem an accident ("extention" → extent); otherwise the stem is trusted
        # ("repeating" → repeat, not "reporting").
        misspelled = bool(near) and near[0][1] == 1
        for variant in vocab.same_stem(token):
            if not misspelled or OSA.distance(token, variant) <= 1:
                word.terms.setdefault(variant, W_STEM)
        # A last word that is already a word may still be unfinished, but less likely. A
        # lone CJK character is a word of its own, which the index holds in its pairs.
        if (last and len(token) >= 3) or (len(token) == 1 and cjk.is_cjk(token)):
            completions = PREFIX_COMPLETIONS if not known else PREFIX_COMPLETIONS // 3
            for completion in vocab.with_prefix(token, limit=completions):
                word.terms.setdefault(completion, W_PREFIX)
        found_before = bool(word.terms)
        if found_before and near and near[0][1] > 1:
            # A word whose forms the text holds ("cooperate": cooperation, cooperating) is
            # most likely just not in it as typed, not two typos away from another word.
            near = []
        for term, distance in near:
            word.terms.setdefault(term, W_TYPO[distance])
        # After all of them: "weapos" is weapon and weapons alike, not weapons as a form
        # of weapon.
        for term, distance in near:
            for variant in vocab.same_stem(term):
                word.terms.setdefault(variant, W_TYPO[distance] * W_STEM)
        word.corrected = not known and not found_before and bool(word.terms)
        if word.corrected:
            closest = W_TYPO[near[0][1]]
            spellings = (t for t, w in word.terms.items() if w == closest)
            closest_first = sorted(spellings, key=lambda t: -vocab.df[t])
            word.likeliest = tuple(closest_first[:LIKELIEST])
            if len({self.stem(t) for t in closest_first}) == 1:
                word.sure = tuple(closest_first)
        return word

    def _compounds(self, words: list[_Word]) -> None:
        vocab = self.vocabulary
        for size in (4, 3):
            # "max frame size" is the text's `maxFrameSize`.
            for i in range(len(words) - size + 1):
                run = words[i : i + size]
                joined = "".join(w.text for w in run)
                if words[i].compound is None and all(w.required for w in run) and joined in vocab:
                    words[i].compound, words[i].compound_words = joined, size
        for a, b in itertools.pairwise(words):
            if not (a.required and b.required) or a.compound is not None:
                continue
            joined = a.text + b.text
            if joined in vocab:
                a.compound = joined
            elif a.corrected or b.corrected or a.text not in vocab or b.text not in vocab:
                # "cyber secrity": the pair may be a misspelled compound.
                near = vocab.near(joined, min(1, typo_budget(joined)), limit=1, widen=False)
                if near:
                    a.compound = near[0][0]
        for w in words:
            if w.text in vocab or len(w.text) < 6:
                continue
            best: tuple[int, str, str] | None = None
            for cut in range(3, len(w.text) - 2):
                left, right = w.text[:cut], w.text[cut:]
                if left in vocab and right in vocab:
                    rarest = min(vocab.df[left], vocab.df[right])
                    if best is None or rarest > best[0]:
                        best = (rarest, left, right)
            if best is not None:
                w.split = (best[1], best[2])

    def _term(self, field: str, term: str, boost: float) -> tantivy.Query:
        query = tantivy.Query.term_query(self.schema, field, term, index_option="freq")
        return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)

    def _idf(self, term: str, head: bool) -> float:
        if not head:
            return self.body_stats.idf(self.vocabulary.df.get(term, 0))
        return self.head_stats.idf(self._head_freq(term))

    def _head_freq(self, term: str) -> int:
        df = self._head_df.get(term)
        if df is None:
            df = self._head_df[term] = self.searcher.doc_freq("head", term)
        return df

    def _common_heading(self, term: str) -> bool:
        """The term heads too many passages to single any out (`HEAD_COMMON_SHARE`)."""
        df = self._head_freq(term)
        return df > HEAD_COMMON_MIN and df * HEAD_COMMON_SHARE > self.head_stats.docs

    def _word_idf(self, word: _Word) -> float:
        """The idf of what the word most likely means (its best-weighted forms)."""
        best = max(word.terms.values(), default=0.0)
        head = word.headings_only
        return max((self._idf(t, head) for t, w in word.terms.items() if w == best), default=0.0)

    def _groups(
        self,
        words: list[_Word],
        phrases: list[list[str]],
        rewards: Sequence[list[str]] = (),
        *,
        names: Sequence[list[str]] = (),
    ) -> list[ranking.Group]:
        """The query as the ranking sees it: each content word with its weighted forms (in
        the text; its own forms also in the headings), joined compounds standing in for
        their two words, quoted phrases required, `rewards` (runs of a text) adding to the
        score of passages that hold them, and `names` (identifiers typed as one word) to
        that of passages that hold them or whose headings do."""
        groups: list[ranking.Group] = []
        position: dict[int, int] = {}
        for i, word in enumerate(words):
            if not word.required:
                continue
            in_text = not word.headings_only
            parts = [
                ranking.Part((t,), w * self._idf(t, False))
                for t, w in word.terms.items()
                if in_text
            ]
            parts += [
                ranking.Part((t,), w * HEAD_BOOST * self._idf(t, True), head=True)
                for t, w in word.terms.items()
                if w >= HEAD_MIN_WEIGHT or not in_text or t in word.sure
            ]
            if word.split is not None:
                idf = sum(self._idf(t, False) for t in word.split)
                parts.append(ranking.Part(word.split, W_COMPOUND * idf))
            if parts:
                position[i] = len(groups)
                bonus = ranking.COVER_BONUS * min(1.0, self._word_idf(word) / COMMON_IDF)
                groups.append(ranking.Group(tuple(parts), bonus=bonus))
        for i, word in enumerate(words[:-1]):
            if word.compound is not None:
                part = ranking.Part((word.compound,), W_COMPOUND * self._idf(word.compound, False))
                joined = range(i, i + word.compound_words)
                parts_of = tuple(position[j] for j in joined if j in position)
                groups.append(
                    ranking.Group((part,), counts=False, required=False, stands_for=parts_of)
                )
        for tokens, required in [*((p, True) for p in phrases), *((r, False) for r in rewards)]:
            idf = sum(self._idf(t, False) for t in tokens)
            boost = PHRASE_BOOST if required else IDENTIFIER_BOOST
            part = ranking.Part(tuple(tokens), boost * idf)
            groups.append(ranking.Group((part,), counts=False, required=required))
        for tokens in names:
            body_idf = sum(self._idf(t, False) for t in tokens)
            head_idf = sum(self._idf(t, True) for t in tokens)
            text_part = ranking.Part(tuple(tokens), IDENTIFIER_BOOST * body_idf)
            head_part = ranking.Part(tuple(tokens), NAMED_SECTION_BOOST * head_idf, head=True)
            groups.append(ranking.Group((text_part, head_part), counts=False, required=False))
        return groups

    def _candidates(
        self, groups: list[ranking.Group], scope: tantivy.Query | None
    ) -> tantivy.Query | None:
        """A flat union of the groups' terms in the text and in the heading paths, each
        boosted as it counts in the ranking: its BM25 plus the coverage bonus. Flat, so
        that block-max WAND skips most postings; boosted so, it finds the passages the
        ranking puts first. A quoted phrase enters as a phrase; other runs (identifiers, a
        split compound) by their words."""
        should = tantivy.Occur.Should
        boosts: dict[tuple[str, bool], float] = {}
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for group in groups:
            quoted = group.required and not group.counts
            for part in group.parts:
                if quoted:
                    pq = tantivy.Query.phrase_query(
                        self.schema, "body", list[str | tuple[int, str]](part.tokens)
                    )
                    clauses.append((should, tantivy.Query.boost_query(pq, PHRASE_BOOST)))
                    continue
                single = len(part.tokens) == 1
                for term in part.tokens:
                    if part.head and not group.in_headings_only and self._common_heading(term):
                        continue
                    idf = max(self._idf(term, part.head), 1e-6)
                    weight = part.weight / idf if single else 1.0
                    key = (term, part.head)
                    boost = weight * (idf + group.bonus) / idf
                    boosts[key] = max(boosts.get(key, 0.0), boost)
        for (term, head), boost in boosts.items():
            clauses.append((should, self._term("head" if head else "body", term, boost)))
        if not clauses:
            return None
        union = tantivy.Query.boolean_query(clauses)
        if scope is None:
            return union
        must = tantivy.Occur.Must
        return tantivy.Query.boolean_query([(must, union), (must, scope)])

    def _run_of(
        self, query: str, phrases: list[list[str]], words: Sequence[_Word]
    ) -> list[ranking.Group]:
        """The query's words as typed, in order, as a reward for the passages holding them
        so: a sentence copied from the text ("spell is a discrete magical effect"). A
        misspelled word stands as its likeliest spellings ("Returs true if the"), a last
        word still being typed as its most frequent completions ("spell is a discrete
        magi")."""
        tokens = self.tokens(query)
        if phrases or not RUN_MIN <= len(tokens) <= RUN_MAX:
            return []
        vocab = self.vocabulary
        corrections = {w.text: w.likeliest for w in words if w.corrected}
        partial = query[-1:].isalnum()
        runs: list[tuple[str, ...]] = [()]
        for i, token in enumerate(tokens):
            if token in vocab:
                spellings: tuple[str, ...] = (token,)
            elif token in corrections:
                spellings = corrections[token]
            elif partial and i == len(tokens) - 1:
                spellings = tuple(vocab.with_prefix(token, limit=RUN_SPELLINGS))
            else:
                spellings = ()
            if not spellings:
                return []
            runs = [(*run, s) for run in runs for s in spellings][:RUN_SPELLINGS]
        stopwords = self.stopwords
        parts = tuple(
            ranking.Part(
                run, RUN_BOOST * sum(self._idf(t, False) for t in run if t not in stopwords)
            )
            for run in runs
        )
        return [ranking.Group(parts, counts=False, required=False)]

    def _rank(
        self,
        groups: list[ranking.Group],
        scope: tantivy.Query | None,
        wanted: int,
        run: list[ranking.Group] | None = None,
    ) -> tuple[list[ranking.Ranked], bool]:
        """The best passages for the groups, and whether more passages match than the
        candidates ranked. Candidates come from one union of the words in the text and in
        the heading paths: a reference names its entries in headings that the text under
        them never repeats ("Ancient Red Dragon" over "The dragon exhales fire"), and a
        union of the text alone left them out. A word found in headings alone is also asked
        for on its own: such a name is rare, and beside a common word of the query it would
        not bring its section among the best of a union; so is the section an identifier of
        the query names."""
        wanted = max(wanted, CANDIDATES)
        found = self._run(self._candidates(groups, scope), wanted)
        more = [
            (self._candidates([g], scope), wanted)
            for g in groups
            if g.required and g.in_headings_only
        ]
        more += [(self._naming(g, scope), NAMED_CANDIDATES) for g in groups if g.names_section]
        for query, count in more:
            seen = {pid for pid, _ in found}
            found += [hit for hit in self._run(query, count) if hit[0] not in seen]
        ranker = ranking.Ranking([*groups, *(run or ())], self.body_stats, self.head_stats)
        ranked = ranker.rank((pid, *self._fields(pid)) for pid, _ in found)
        every = None if any(r.complete for r in ranked) else self._holding_every(groups, scope)
        if every is not None:
            seen = {pid for pid, _ in found}
            added = [pid for pid, _ in self._run(every, ALL_CANDIDATES) if pid not in seen]
            if added:
                # By score alone among the others: a passage holding every word that the
                # union did not find is seldom the answer ("how to get __dirname in an ES
                # module": one saying "get" beside "ES module", not "No __dirname").
                ranked += ranker.rank((pid, *self._fields(pid)) for pid in added)
                ranked.sort(key=lambda r: (-r.score, r.pid))
        return ranked, len(found) >= wanted

    def _holding_every(
        self, groups: list[ranking.Group], scope: tantivy.Query | None
    ) -> tantivy.Query | None:
        """The passages whose text holds a form of every word of the query: a long passage
        holding them all ("A spell is a discrete magical effect, …") may score below the best
        few dozen of the union, which short passages holding the common words fill. None
        when no word is rare enough for the query to be cheap (`EVERY_MAX_DF`)."""
        must, should = tantivy.Occur.Must, tantivy.Occur.Should
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        rarest = sys.maxsize
        df = self.vocabulary.df
        for group in groups:
            if not group.required or group.in_headings_only:
                continue
            terms = [t for p in group.parts if not p.head and len(p.tokens) == 1 for t in p.tokens]
            if not terms:
                return None
            rarest = min(rarest, sum(df.get(t, 0) for t in terms))
            forms = [(should, self._term("body", t, 1.0)) for t in terms]
            clauses.append((must, tantivy.Query.boolean_query(forms)))
        if len(clauses) < 2 or rarest > EVERY_MAX_DF:
            return None
        if scope is not None:
            clauses.append((must, scope))
        return tantivy.Query.boolean_query(clauses)

    def _naming(self, group: ranking.Group, scope: tantivy.Query | None) -> tantivy.Query:
        """The passages whose headings hold every word of the identifier the group rewards
        (`buf.readFloatLE`): the section an identifier names, though its text may never
        repeat the name."""
        must = tantivy.Occur.Must
        clauses = [
            (must, self._term("head", t, 1.0)) for p in group.parts if p.head for t in p.tokens
        ]
        if scope is not None:
            clauses.append((must, scope))
        return tantivy.Query.boolean_query(clauses)

    def _fields(self, pid: int) -> tuple[Sequence[str], list[str]]:
        body = self._bodies.get(pid)
        if body is None:
            body = tuple(map(sys.intern, self.tokens(without_placeholders(self._text(pid)))))
            if self._body_terms + len(body) > BODY_CACHE_TERMS:
                self._bodies.clear()
                self._body_terms = 0
            self._bodies[pid] = body
            self._body_terms += len(body)
        section = int(self.corpus.passage_section[pid])
        head = self._heads.get(section)
        if head is None:
            if len(self._heads) > HEAD_CACHE:
                self._heads.clear()
            head = self._heads[section] = self._heading_tokens(section)
        return body, head

    def _heading_tokens(self, section_index: int) -> list[str]:
        """The terms of a section's heading path (`heading_path`), in some order: the
        ranking counts heading terms, it does not look for runs of them."""
        corpus = self.corpus
        section = corpus.sections[section_index]
        cache = self._name_tokens
        head: list[str] = []
        for name in (corpus.documents[section.doc].title, *section.headings):
            tokens = cache.get(name)
            if tokens is None:
                if len(cache) > NAME_CACHE:
                    cache.clear()
                tokens = cache[name] = self.tokens(" ".join((name, *identifier_words(name))))
            head += tokens
        return head

    def _scope(self, documents: Sequence[str] | None) -> tantivy.Query | None:
        if documents is None:
            return None
        terms = [self._term("doc", d, 1.0) for d in documents if d in self._doc_ids]
        return tantivy.Query.const_score_query(
            tantivy.Query.boolean_query([(tantivy.Occur.Should, t) for t in terms]), 0.0
        )

    def _run(self, query: tantivy.Query | None, wanted: int) -> list[tuple[int, float]]:
        if query is None:
            return []
        result = self.searcher.search(query, wanted, count=False)
        if not result.hits:
            return []
        pids = self.searcher.fast_field_values("pid", [address for _, address in result.hits])
        return [
            (int(pid or 0), float(score)) for (score, _), pid in zip(result.hits, pids, strict=True)
        ]

    def _words_of(self, found: Sequence[ranking.Ranked]) -> set[str]:
        """The terms of the found passages, their text and headings."""
        words: set[str] = set()
        for hit in found:
            body, head = self._fields(hit.pid)
            words.update(body, head)
        return words

    def _suggest(self, query: str, shown: Collection[str] = ()) -> str | None:
        """The query with each unknown word replaced by its likeliest correction, preferring
        the spellings in `shown`, the words of the best passage found (so that "Showing
        results for …" names what the first result holds)."""
        vocabularies = (self.vocabulary, self.heading_vocabulary)
        changed = False
        out: list[str] = []
        for token in self.tokens(_QUOTED.sub(" ", query)):
            if (
                token.isdigit()
                or cjk.has_cjk(token)
                or any(token in vocab for vocab in vocabularies)
            ):
                out.append(token)
                continue
            distance = min(3, max(1, len(token) // 3))
            fixes = [vocab.best_correction(token, distance, prefer=shown) for vocab in vocabularies]
            # The closer of the text's and the headings' spellings; the text's when as close.
            fix = min(
                (f for f in fixes if f is not None),
                key=lambda f: OSA.distance(token, f),
                default=None,
            )
            if fix is None:
                out.append(token)
            else:
                out.append(fix)
                changed = True
        return cjk.join_terms(out) if changed else None


def heading_path(corpus: Corpus, section_index: int) -> str:
    """What the index holds as a passage's headings: its document's title and the headings
    of its section, outermost first, then the words of the identifiers they name, so that
    "read a file handle" finds the section `filehandle.readFile()` of "Class: FileHandle".
    (Only in headings: in the text, where identifiers are mostly mentions, the split words
    made rankings worse.)"""
    section = corpus.sections[section_index]
    names = (corpus.documents[section.doc].title, *section.headings)
    words = [word for name in names for word in identifier_words(name)]
    return " ".join((*names, *words))


def _explained_value(node: dict[str, Any], name: str) -> float | None:
    if str(node.get("description", "")).startswith(name):
        return float(node["value"])
    for child in node.get("details", ()):
        found = _explained_value(child, name)
        if found is not None:
            return found
    return None


def _first(scored: list[ranking.Ranked], passages: Sequence[int]) -> list[ranking.Ranked]:
    """`scored` with the best ranked of `passages` (else the first of them) first: the
    answer to a query that names a document is what the document says of itself first (a
    tldr page's description), and to one that names a section, the section."""
    if not passages:
        return scored
    wanted = set(passages)
    chosen = next((r.pid for r in scored if r.pid in wanted), passages[0])
    rest = [r for r in scored if r.pid != chosen]
    top = max((r.score for r in scored), default=0.0)
    return [ranking.Ranked(chosen, top, True), *rest]


def _highlight_terms(
    words: list[_Word], phrases: list[list[str]], stopwords: Container[str]
) -> frozenset[str]:
    """The words to mark in snippets: those the ranking counted, so not the stop words of
    a question ("how do I …"), which would be marked all over the text; and each phrase
    whole ("know the enemy"), its words alone only if they are no stop words."""
    terms = {t for w in words if w.required for t in _marked(w)}
    terms.update(t for p in phrases for t in p if t not in stopwords)
    terms.update(" ".join(p) for p in phrases)
    terms.update(w.compound for w in words if w.compound)
    terms.update(part for w in words if w.split for part in w.split)
    return frozenset(terms)


def _marked(word: _Word) -> Iterable[str]:
    """A word's terms to mark: a lone CJK character itself, not the pairs it begins."""
    if len(word.text) == 1 and cjk.is_cjk(word.text):
        return (word.text,)
    return word.terms


def _telling_runs(tokens: list[str], vocab: Vocabulary, chosen: set[str]) -> list[list[str]]:
    """A few four-word runs of the text around its rarest words, to reward verbatim quotes."""
    runs: list[list[str]] = []
    for i in range(0, max(0, len(tokens) - 3)):
        run = tokens[i : i + 4]
        if run[0] in chosen and all(t in vocab for t in run):
            runs.append(run)
            if len(runs) == 4:
                break
    return runs


def _schema() -> tantivy.Schema:
    # tantivy's built-in "default" analyzer is the fold analyzer without ASCII folding, and
    # indexes about a fifth faster than a registered one; `index_text` folds the rest first.
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", tokenizer_name="default", index_option="position")
    builder.add_text_field("head", tokenizer_name="default", index_option="freq")
    builder.add_text_field("doc", tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("pid", fast=True)
    return builder.build()


FOLD_ANALYZER = (
    tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    .filter(tantivy.Filter.remove_long(40))
    .filter(tantivy.Filter.lowercase())
    .filter(tantivy.Filter.ascii_fold())
    .build()
)
"""Text → index terms: split at anything not a letter or digit, drop terms of 40 bytes or
more, lowercase, fold to ASCII (after `fold`)."""
_WHOLE_TERMS_ANALYZER = (
    tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    .filter(tantivy.Filter.lowercase())
    .filter(tantivy.Filter.ascii_fold())
    .build()
)
"""`FOLD_ANALYZER` keeping long terms, for text with runs of CJK characters to split."""


def index_tokens(text: str) -> list[str]:
    """The terms the index holds for `text`, in order: what `FOLD_ANALYZER` makes of
    `fold(text)`."""
    raw = ascii_fold_utf8(text.encode())
    if raw is None:
        return _analyzed(text)
    # What the analyzer does to ASCII (split at anything not a letter or digit,
    # lowercase, drop terms of 40 letters or more), several times faster in C.
    words = raw.translate(_ASCII_SPLIT).decode().split()
    if max(map(len, words), default=0) < 40:
        return words
    return [w for w in words if len(w) < 40]


def index_text(text: str) -> str:
    """`text` as the index receives it: ASCII as it is (the default analyzer then does what
    `FOLD_ANALYZER` would), ASCII but for punctuation folded, anything else already reduced
    to its terms."""
    if text.isascii():
        return text
    plain = ascii_fold(text)
    return plain if plain is not None else " ".join(_analyzed(text))


def _analyzed(text: str) -> list[str]:
    """What `FOLD_ANALYZER` makes of `fold(text)`, runs of CJK characters as their pairs."""
    folded = fold(text)
    if not cjk.has_cjk(folded):
        return list(FOLD_ANALYZER.analyze(folded))
    # A clause of 14 CJK characters is 42 bytes: too long a term only before it is split.
    terms = cjk.split_terms(_WHOLE_TERMS_ANALYZER.analyze(folded))
    return [t for t in terms if len(t.encode()) < 40]


def _df(term: tuple[str, int]) -> int:
    return term[1]


class IndexBuilder:
    """Feeds passages to tantivy document by document, so indexing can run while later
    files are still being parsed."""

    def __init__(self, path: str | None = None) -> None:
        schema = _schema()
        self.index = tantivy.Index(schema, path=path) if path else tantivy.Index(schema)
        # One indexing thread keeps up with the passages Python hands it (that is the slow
        # side), and leaves the other core to the processes parsing the files. With two,
        # a cold load of 477k passages took about 1.3 s longer and 2 CPU-seconds more, and
        # each thread's half of the heap filled twice as many segments for search to visit.
        self._writer = self.index.writer(heap_size=64_000_000, num_threads=1)

    def add(self, corpus: Corpus, doc: Document) -> None:
        make = tantivy.Document
        writer = self._writer
        texts = corpus.texts
        for section in corpus.sections[doc.first_section : doc.first_section + doc.section_count]:
            head = index_text(heading_path(corpus, section.index))
            for pid in range(section.first, section.first + section.count):
                text = texts.text(pid)
                entry = make()
                entry.add_text("body", index_text(without_placeholders(text)))
                entry.add_text("head", head)
                entry.add_text("doc", doc.id)
                entry.add_unsigned("pid", pid)
                writer.add_document(entry)

    def finish(self) -> tantivy.Index:
        self._writer.commit()
        self._writer.wait_merging_threads()
        return self.index
