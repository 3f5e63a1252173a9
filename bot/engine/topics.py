"""Topics: sections and bold lead-ins, looked up by name, fuzzily, and suggested as you type.

Names are few next to passages, and many repeat (every API page has "Class: X"), so the
index works on distinct folded names: an inverted index from name words to names, the words
expanded through a `Vocabulary` like search words, then ranked exact › prefix › fuzzy.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.engine import numbers
from bot.engine.model import Corpus, Document, Passage, Section, Topic, TopicKind
from bot.engine.vocabulary import Vocabulary, typo_budget

_NUMBERED = re.compile(r"^\(?(\d+|[ivxlc]+|[a-z])[.)]\s", re.IGNORECASE)
MAX_SUGGESTIONS = 25
MAX_CHOICE = 100
PATH_WEIGHT = 0.5
FUZZY_POOL = 300

EXACT, PREFIX, FUZZY, TEXT = 0, 1, 2, 3
DEPTH_PENALTY = 0.01
"""What each heading level below a document's title takes from a fuzzy match's score: small
beside a query word matched or not, so it orders names whose words match alike, as the
string similarity does. On every topic set at once, 0.01 to 0.04 put one more query first
and one more in the first five, and moved none down; 0.005 moved one down."""
DEPTH_POOL = 20
"""How many of the best fuzzy matches the heading level reorders."""
DEPTH_PLACES = 16
"""How many of a name's places `_depth` looks at."""
NAMED_PREFIXES = 50
"""Names looked at, in order, for one that a query being typed begins ("bag of hol")."""
STEM_EXACT = 0.9
"""The score of a name that is the query's words in other forms, below an exact name."""
_CODE_NAME = re.compile(r"[._(]|[a-z][A-Z]")
"""What marks a name or query as code: a member access, a call, snake or camel case."""
_SUBJECT = re.compile(
    r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?=\()|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+"
)
"""The first member or call a name or query holds: what an API heading is about
(`Buffer.alloc` of "Static method: Buffer.alloc(size[, fill[, encoding]])")."""
SUBJECT_BONUS = 0.05
"""Added to a fuzzy match whose name is about the member the query names: "Buffer.alloc" is
the method's entry rather than the overview "Buffer.from(), Buffer.alloc(), and
Buffer.allocUnsafe()", whose fewer extra words otherwise put it first."""
WITHIN_SCORE = 1.2
"""A fuzzy match scores this when the name and its place hold every word of the query (each
word's share is 1, the place's words count half in the coverage); with one word of three
missing, at most about 1.15 (2/3 + 0.5 × 2/3 + 0.15 for the string similarity). On every
labelled set, 1.1 and 1.3 put as many first."""
MISSPELLED_NAME_SCORE = WITHIN_SCORE
"""The least fuzzy score of a name a misspelled search is taken to name: every query word
matched (the words themselves are checked apart)."""
MISSPELLED_NAME_WORDS = 4
"""Only a query of at most this many words that count is looked up as a misspelled name: a
longer one is a question (the look-up costs about 0.3 ms on the Node.js docs' names)."""
_FRAMING_TEXT = """
work works mean means meaning explain explained explanation describe define definition tell
show use used using usage example examples
"""
FRAMING = frozenset(_FRAMING_TEXT.split())
"""Words that frame a name in an English question rather than ask something of it, as
stop words do ("how does storm of vengeance work", "explain fireball", "fs.readfile
example"): around the name, they leave it named. Without this, the spell lists naming the
spell came before it: of names drawn from five corpora and framed so (`bench/typos.py`
questions), 66.5% found their section first, and 99.2% with the framing set aside."""
ARTICLES = frozenset({"the", "a", "an"})
"""Stop words that a name may open with ("The Druid"): a query's last word after them alone
is not taken for a name still being typed."""
NUMBERING = frozenset({"chapter", "chapters", "ch", "book", "part", "section", "no", "number"})
"""Words saying that the number beside them numbers a title ("art of war chapter 3")."""
MISSPELLED_PATH_WORDS = 5
"""Only a query of at most this many words that count is looked up as a misspelled name
and its place (Node.js labelled searches: 54 look-ups, 0.04 ms a search; at 6, 66 and 0.06
ms, for 1.8 points more of drawn misspelled paths found first)."""
PATH_NAME_WORDS = 6
"""Only a query of at most this many words (stop words too) is looked up as a name and its
place."""
PLACE_CACHE = 4096
"""Places whose words `_place_words` keeps: about 4 MB at the most (some 900 bytes an entry,
measured on the SRD's 2,880 places)."""
TITLE_SUFFIX = "title"
"""After a passage's id, names the bold title over it rather than its own lead-in."""
STEM_KEYS = 64
"""The most spellings of a query that are looked up as names (every form of every word)."""
"""How a topic matched: its name is the query, starts with it, or holds its words (maybe
misspelled); or, when no name does, its text matched the query (`sections_of`)."""


@dataclass(frozen=True, slots=True)
class TopicMatch:
    topic: Topic
    section: Section
    passage: Passage
    """The opening passage: the lead-in paragraph, or the section's first passage (a topic
    with none is no match)."""
    rank: int
    """EXACT, PREFIX, FUZZY or TEXT."""
    score: float


@dataclass(frozen=True, slots=True)
class Suggestion:
    label: str
    """What the user sees, at most 100 characters."""
    value: str
    """What comes back when chosen: a section or passage id, at most 100 characters."""


@dataclass(slots=True)
class _Name:
    key: str
    leaf: frozenset[str]
    path: frozenset[str]
    topics: array[int]
    """The topics bearing the name, an array: many names repeat thousands of times."""


class TopicNames:
    """The distinct names of a corpus's topics, with the words of the places they stand in,
    collected while the corpus loads (the slowest part of a topic index to build)."""

    def __init__(self, tokenize: Callable[[str], list[str]]) -> None:
        self._tokenize = tokenize
        # Names and headings repeat a great deal (every API page has "Class: X"): tokenize
        # each distinct string once.
        self._words: dict[str, frozenset[str]] = {}
        self._keys: dict[str, str] = {}
        self._by_key: dict[str, _Name] = {}
        self._next = 0

    def add(self, corpus: Corpus, _doc: Document | None = None) -> None:
        """Take in the topics added to the corpus since the last call (a document's)."""
        tokenize = self._tokenize
        keys, by_key = self._keys, self._by_key
        for i in range(self._next, len(corpus.topics)):
            topic = corpus.topics[i]
            key = keys.get(topic.name)
            if key is None:
                key = keys[topic.name] = " ".join(tokenize(topic.name))
            if not key:
                continue
            place = frozenset().union(*map(self._words_of, _place(corpus, topic)))
            name = by_key.get(key)
            if name is None:
                by_key[key] = name = _Name(key, frozenset(key.split()), place, array("I"))
            elif not place <= name.path:
                # Repeated names in other places widen the path words they answer to.
                name.path = name.path | place
            name.topics.append(i)
        self._next = len(corpus.topics)

    @property
    def names(self) -> list[_Name]:
        return list(self._by_key.values())

    def _words_of(self, text: str) -> frozenset[str]:
        found = self._words.get(text)
        if found is None:
            found = self._words[text] = frozenset(self._tokenize(text))
        return found


class TopicIndex:
    def __init__(
        self,
        corpus: Corpus,
        tokenize: Callable[[str], list[str]],
        names: list[_Name] | None = None,
        *,
        stopwords: Container[str] = (),
        stem: Callable[[str], str] | None = None,
    ) -> None:
        """Index the corpus's topics; `names` (from a `TopicNames` fed the corpus as it
        loaded, or from `names_state` of an index of the same corpus, kept in the index
        cache) skips the slowest part. A name opening with `stopwords` also starts with the
        words after them ("The Role of …" with "role of")."""
        self.corpus = corpus
        self._tokenize = tokenize
        self._stopwords = stopwords
        self._stem = stem
        if names is None:
            collected = TopicNames(tokenize)
            collected.add(corpus)
            names = collected.names
        self._names = names
        self._finish()

    def names_state(self) -> list[_Name]:
        return self._names

    def _finish(self) -> None:
        corpus = self.corpus
        keys = [(n.key, i) for i, n in enumerate(self._names)]
        rests = [(rest, i) for key, i in keys if (rest := self._after_stopwords(key))]
        self._keys = sorted(keys + rests)
        self._by_key = {n.key: i for i, n in enumerate(self._names)}
        self._numbered_names: dict[int, list[int]] = defaultdict(list)
        """Names of numbered titles ("III. Attack by Stratagem") by their number."""
        for i, name in enumerate(self._names):
            numbered = _NUMBERED.match(corpus.topics[name.topics[0]].name)
            number = numbers.value(numbered.group(1).lower()) if numbered else None
            if number is not None:
                self._numbered_names[number].append(i)
        self._by_rest: dict[str, int] = {}
        """Names by their words after the stop words they open with ("slice type")."""
        for rest, i in rests:
            self._by_rest.setdefault(rest, i)
        leaf_index: dict[str, list[int]] = defaultdict(list)
        path_index: dict[str, list[int]] = defaultdict(list)
        for i, name in enumerate(self._names):
            for word in name.leaf:
                leaf_index[word].append(i)
            for word in name.path - name.leaf:
                path_index[word].append(i)
        self._leaf = dict(leaf_index)
        self._path = dict(path_index)
        words = {w: len(ids) for w, ids in self._leaf.items()}
        for w, ids in self._path.items():
            words[w] = words.get(w, 0) + len(ids)
        self.vocabulary = Vocabulary(words.items(), stem=self._stem)
        self._leadin_starts: dict[int, list[int]] = defaultdict(list)
        # A section's topic by section index (-1: none), as an array: a dict of ints would
        # take some 17 MB at 180,000 sections.
        self._section_topic = array("i", [-1]) * len(corpus.sections)
        self._leadin_topic: dict[int, int] = {}
        self._document_topic: dict[str, int] = {}
        self._numbered: set[int] = set()
        self._title_topic: dict[int, int] = {}
        in_text: list[str] = []
        for i, topic in enumerate(corpus.topics):
            if topic.leadin:
                in_text.append(topic.name)
                self._leadin_starts[topic.section].append(topic.passage)
                # A passage's id names its own lead-in; a title over it is named by the id
                # with "/title" after it.
                self._leadin_topic[topic.passage] = i
                if topic.kind is TopicKind.TITLE:
                    self._title_topic[topic.passage] = i
                elif _NUMBERED.match(topic.name):
                    self._numbered.add(topic.passage)
            elif topic.kind is TopicKind.SECTION:
                if self._section_topic[topic.section] < 0:
                    self._section_topic[topic.section] = i
            else:
                doc = corpus.documents[corpus.sections[topic.section].doc]
                self._document_topic[doc.id] = i
        in_text_keys = {" ".join(self._tokenize(text)) for text in set(in_text)}
        words = Counter(word for key in in_text_keys for word in key.split())
        self._in_text_words = Vocabulary(words.items())
        """The words of the names of lead-ins and titles."""
        self._places: dict[tuple[int, TopicKind], frozenset[str]] = {}
        """The words of the places topics stand in, by section and kind
        (`_place_words`): a name such as "Bite" stands in a hundred places, each read again
        by every query naming it."""
        self._in_text_places: set[str] = set()
        """Those words and the words of the places the lead-ins and titles stand in."""
        for key in in_text_keys:
            name_id = self._by_key.get(key)
            if name_id is not None:
                self._in_text_places |= self._names[name_id].leaf | self._names[name_id].path

    # -- look-up ----------------------------------------------------------------------------

    def lookup(
        self, query: str, *, documents: Sequence[str] | None = None, limit: int = 5
    ) -> list[TopicMatch]:
        """Topics for a name typed by a user (or a section id from autocomplete), best first."""
        allowed = set(documents) if documents is not None else None
        direct = self._by_id(query.strip(), allowed)
        if direct is not None:
            return [direct]
        ranked = self._rank(query)
        words = set(self._tokenize(query))
        forms: dict[str, set[str]] = {}
        out: list[TopicMatch] = []
        shown: set[int] = set()
        topics = self.corpus.topics
        for name_id, rank, score in ranked:
            topic_ids: Sequence[int] = self._names[name_id].topics
            if len(topic_ids) > 1:
                # The same name in several places ("Conclusion"): the place whose document
                # and parent headings hold the most of the query's other words, or their
                # near spellings, comes first ("lich spellcasting": the Lich's, not the
                # chapter "Spellcasting"; "mamoth gore": the Mammoth's); of those holding as
                # many, the one with the fewest other words ("vulture actions": the
                # Vulture's, not the Giant Vulture's).
                others = [self._forms(w, forms) for w in words - self._names[name_id].leaf]
                closeness = [self._closeness(topics[t], others) for t in topic_ids]
                order = sorted(range(len(topic_ids)), key=closeness.__getitem__)
                topic_ids = [topic_ids[i] for i in order]
            for topic_id in topic_ids:
                match = self._match(topic_id, rank, score, allowed)
                # A document and its first section open on the same passage: one answer.
                if match is not None and match.passage.index not in shown:
                    shown.add(match.passage.index)
                    out.append(match)
                    if len(out) >= limit:
                        return out
        return out

    def named_within(self, query: str, *, documents: Sequence[str] | None = None) -> int | None:
        """The passage of the lead-in or title that the query's last words name, within the
        entry its other words name: "pit fiend claw" is the Pit Fiend's `***Claw.***`,
        "owlbear multiattack" the Owlbear's; either may be misspelled or, last, partly typed
        ("pit feind cla"). Only a query whose last word is, begins or is close to a word of
        such a name, and whose other words are all words of such names and their places, is
        looked up: on a rules reference, 52 of the 160 labelled searches (30 answered so).
        Looking up every query ending in such a word, 103, made searches there half a
        millisecond slower."""
        tokens = self._tokenize(query)
        if len(tokens) < 2:
            return None
        last, words = tokens[-1], self._in_text_words
        if not (last in words or words.with_prefix(last, limit=1) or words.misspelled(last)):
            return None
        places = self._in_text_places
        forms: dict[str, set[str]] = {}
        for token in tokens[:-1]:
            if token not in self._stopwords and not self._forms(token, forms) & places:
                return None
        best = self.lookup(query, documents=documents, limit=1)
        if not (best and best[0].topic.leadin and best[0].score >= WITHIN_SCORE):
            return None
        # The score counts the words of every place the name stands in: this one must hold
        # every word of the query that the name does not.
        match = best[0]
        held = set(self._tokenize(match.topic.name)) | self._place_words(match.topic)
        for i, token in enumerate(tokens):
            if token not in self._stopwords and not (
                self._forms(token, forms, last=i == len(tokens) - 1) & held
            ):
                return None
        return match.passage.index

    def _forms(self, token: str, cache: dict[str, set[str]], *, last: bool = False) -> set[str]:
        """The word, or the names' words it may stand for when no name holds it (near
        spellings; completions of the last word)."""
        found = cache.get(token)
        if found is None:
            known = token in self.vocabulary and not last
            found = cache[token] = {token} if known else {token, *self._expand(token, last=last)}
        return found

    def named(self, query: str, *, documents: Sequence[str] | None = None) -> list[int]:
        """The passages of the sections and lead-ins whose name is the query, word for word
        ("Fireball", "Sneak Attack"), or the query with its last word still being typed
        ("bag of hol": the shortest name it begins that only finishes that word), with a
        number written another way ("book 4": Book Four), or the words inside the query's
        framing ("what is fireball", "how does storm of vengeance work"): each section's
        own passages (or its opening, when they are all in its subsections), each lead-in's
        paragraph, in corpus order."""
        tokens = self._tokenize(query)
        partial = query[-1:].isalnum()
        spelled = [n for n, numbered in self._names_like(tokens, partial=partial) if not numbered]
        name_id = spelled[0] if spelled else None
        for framing in ((), FRAMING):
            if name_id is not None:
                break
            start, end = self._framed(tokens, framing)
            if 0 < end - start < len(tokens):
                core = tokens[start:end]
                key = " ".join(core)
                name_id = self._by_key.get(key, self._by_rest.get(key))
                # An article may be the name's own: "the drid" is "The Druid" misspelled as
                # likely as "Drider" being typed; "what is firebal" is Fireball.
                typing = partial and end == len(tokens)
                if name_id is None and typing and not set(tokens[:start]) <= ARTICLES:
                    name_id = self._name_of(core, partial=True)
        if name_id is None:
            return []
        return self._passages_named(name_id, documents)

    def named_misspelled(self, query: str, *, documents: Sequence[str] | None = None) -> list[int]:
        """As `named`, for a name typed with typos ("magci missle", "firbeall"): the name
        that matches the query best, if every word of the query that counts is a word of
        it or a near spelling of one, and it has no other words; or, as `named_by_path`,
        if its other words are those of one place of the name alone ("wizrd spells 3rd
        levle"). Failing that, the same for the words inside the query's framing ("how
        does firebal work")."""
        tokens = self._tokenize(query)
        found = self._misspelled_name(tokens, documents)
        start, end = self._framed(tokens, FRAMING)
        if not found and 0 < end - start < len(tokens):
            # A name's beginning is a name cut short when words follow it ("firebal work").
            cut = end < len(tokens)
            found = self._misspelled_name(tokens[start:end], documents, cut=cut)
        return found

    def _misspelled_name(
        self, tokens: list[str], documents: Sequence[str] | None, *, cut: bool = False
    ) -> list[int]:
        telling = {t for t in tokens if t not in self._stopwords}
        if not 0 < len(telling) <= MISSPELLED_PATH_WORDS:
            return []
        forms: dict[str, set[str]] = {}
        # Every word must be a word of the names or near one: most queries fail here, and the
        # ranking of names costs some 0.3 ms on the Node.js docs.
        vocab = self.vocabulary
        if not all(t in vocab or len(self._forms(t, forms)) > 1 for t in telling):
            return []
        ranked = self._rank(" ".join(tokens))
        if not ranked or not (
            (ranked[0][1] == FUZZY and ranked[0][2] >= MISSPELLED_NAME_SCORE)
            or (ranked[0][1] == PREFIX and cut)
        ):
            return []
        name_id = ranked[0][0]
        words = {w for w in self._names[name_id].leaf if w not in self._stopwords}
        others = [self._forms(t, forms) for t in telling if not self._forms(t, forms) & words]
        if not others:
            if len(words) != len(telling) or len(telling) > MISSPELLED_NAME_WORDS:
                return []
            return self._passages_named(name_id, documents)
        named = set().union(*(self._forms(t, forms) for t in telling)) & words
        if named != words:
            return []
        match = self._only_place([name_id], others, documents)
        return [match.passage.index] if match is not None else []

    def named_by_path(self, query: str, *, documents: Sequence[str] | None = None) -> list[int]:
        """As `named`, for a section named with the headings it stands under ("wizard
        spells 3rd level": Wizard Spells › 3rd Level, not the Bard's or the Cleric's 3rd
        Level): the query ends with a name (its last word maybe still being typed) or
        begins with one, and its other words that count are words of one place of that
        name alone. A stop word between the name and the rest makes a sentence, not a
        place ("spellcasting ability is charisma")."""
        tokens = self._tokenize(query)
        if not 1 < len(tokens) <= PATH_NAME_WORDS:
            return []
        partial = query[-1:].isalnum()
        forms: dict[str, set[str]] = {}
        stopwords = self._stopwords
        for size in range(len(tokens) - 1, 0, -1):
            for names, others, beside in (
                (self._names_like(tokens[-size:], partial=partial), tokens[:-size], -1),
                (self._names_like(tokens[:size], partial=False), tokens[size:], 0),
            ):
                if not names or others[beside] in stopwords:
                    continue
                # "chapter 3" says no more than "3" of a numbered title.
                skipped = NUMBERING if any(numbered for _, numbered in names) else ()
                # A word no name holds may be a near spelling of one ("wizrd spells 3rd level").
                words = [
                    self._forms(t, forms) for t in others if t not in stopwords and t not in skipped
                ]
                match = self._only_place([name_id for name_id, _ in names], words, documents)
                if match is not None:
                    # A name and its place ask for the entry, which opens with this.
                    return [match.passage.index]
        return []

    def _names_like(self, tokens: list[str], *, partial: bool) -> list[tuple[int, bool]]:
        """The names these words are: as typed (the last word maybe still being typed), with
        a number written another way ("book 4": Book Four, "enchiridion 5": V), or, for a
        number alone, the titles it numbers ("3": "III. Attack by Stratagem"); each with
        whether it is such a title."""
        found: list[tuple[int, bool]] = []
        if not tokens:
            return found
        name_id = self._name_of(tokens, partial=partial)
        if name_id is not None:
            found.append((name_id, False))
        if all(numbers.value(t) is None for t in tokens):
            return found
        spelled = [[t, *numbers.spellings(t)] for t in tokens]
        if math.prod(map(len, spelled)) <= STEM_KEYS:
            for words in itertools.product(*spelled):
                other = self._by_key.get(" ".join(words))
                if other is not None and other != name_id:
                    found.append((other, False))
        if len(tokens) == 1:
            number = numbers.value(tokens[0])
            found += [(i, True) for i in self._numbered_names.get(number or 0, ())]
        return found

    def _framed(self, tokens: list[str], framing: Container[str]) -> tuple[int, int]:
        """Where the words inside the query's framing start and end: the stop words and
        `framing` words before them, the `framing` words after them ("how does" … "work").
        Stop words after a name say something of it ("fireball at will")."""
        stopwords = self._stopwords
        start, end = 0, len(tokens)
        while start < end and (tokens[start] in stopwords or tokens[start] in framing):
            start += 1
        while end > start and tokens[end - 1] in framing:
            end -= 1
        return start, end

    def _name_of(self, tokens: list[str], *, partial: bool) -> int | None:
        """The name that is these words, or (`partial`) that they begin with only their
        last word unfinished ("bag of hol": the shortest such)."""
        key = " ".join(tokens)
        name_id = self._by_key.get(key)
        if name_id is None and partial and len(tokens[-1]) >= 3:
            start = bisect_left(self._keys, (key, -1))
            finished: list[tuple[int, str, int]] = []
            for other, found in itertools.islice(self._keys, start, start + NAMED_PREFIXES):
                if not other.startswith(key):
                    break  # the keys are sorted: no later one starts with it
                if " " not in other[len(key) :]:
                    finished.append((len(other), other, found))
            name_id = min(finished)[2] if finished else None
        return name_id

    def _only_place(
        self, name_ids: Sequence[int], words: list[set[str]], documents: Sequence[str] | None
    ) -> TopicMatch | None:
        """The one place of the names that holds a form of every one of `words`, if only
        one does."""
        allowed = set(documents) if documents is not None else None
        topics = self.corpus.topics
        found: TopicMatch | None = None
        for topic_id in itertools.chain.from_iterable(self._names[n].topics for n in name_ids):
            place = self._place_words(topics[topic_id])
            if not all(not place.isdisjoint(forms) for forms in words):
                continue
            match = self._match(topic_id, EXACT, 1.0, allowed)
            if match is None or match.topic.kind is TopicKind.DOCUMENT:
                continue
            if found is not None:
                return None
            found = match
        return found

    def _passages_named(self, name_id: int, documents: Sequence[str] | None) -> list[int]:
        """The passages of every place that bears the name (`_passages_of`), in corpus
        order."""
        allowed = set(documents) if documents is not None else None
        out: list[int] = []
        for topic_id in self._names[name_id].topics:
            match = self._match(topic_id, EXACT, 1.0, allowed)
            if match is not None:
                out += _passages_of(match)
        return out

    def sections_of(
        self, found: Iterable[tuple[Passage, float]], *, limit: int = 5
    ) -> list[TopicMatch]:
        """The sections holding passages found by their text, as topics (rank TEXT), in the
        order found: what `/topic` offers when no name answers a query ("array index out of
        bounds" for the section "Invalid Array Element Access")."""
        out: list[TopicMatch] = []
        seen: set[int] = set()
        for passage, score in found:
            section = passage.section
            topic_id = self._section_topic[section.index]
            if topic_id < 0:
                # Text before a document's first heading: the document is its topic.
                topic_id = self._document_topic.get(passage.doc.id, -1)
            if topic_id < 0 or topic_id in seen:
                continue
            seen.add(topic_id)
            match = self._match(topic_id, TEXT, score, None)
            if match is not None:
                out.append(match)
                if len(out) >= limit:
                    break
        return out

    def suggest(self, prefix: str, *, documents: Sequence[str] | None = None) -> list[Suggestion]:
        """Up to 25 autocomplete choices for what has been typed so far."""
        allowed = set(documents) if documents is not None else None
        if not prefix.strip():
            picks = (self._match(i, PREFIX, 0.0, allowed) for i in range(len(self.corpus.topics)))
            matches = list(itertools.islice((m for m in picks if m), MAX_SUGGESTIONS))
        else:
            matches = self.lookup(prefix, documents=documents, limit=MAX_SUGGESTIONS)
        seen: set[str] = set()
        out: list[Suggestion] = []
        for match in matches:
            suggestion = self.suggestion(match)
            if suggestion.value not in seen:
                seen.add(suggestion.value)
                out.append(suggestion)
        return out

    def suggestion(self, match: TopicMatch) -> Suggestion:
        doc = self.corpus.documents[match.section.doc]
        if match.topic.kind is TopicKind.TITLE:
            value = f"{match.passage.citation_id}/{TITLE_SUFFIX}"
        elif match.topic.leadin:
            value = match.passage.citation_id
        elif match.topic.kind is TopicKind.DOCUMENT:
            value = doc.id
        else:
            value = f"{doc.id}/{match.section.slug}"
        return Suggestion(_label(match.topic.name, doc.title), value[:MAX_CHOICE])

    def passages(self, match: TopicMatch) -> range:
        """Every passage the topic covers: a section with its subsections, a lead-in up to
        the next lead-in of its section, or a title up to its next title."""
        if match.topic.kind is TopicKind.DOCUMENT:
            return self.corpus.document_passages(self.corpus.documents[match.section.doc])
        if match.topic.kind is TopicKind.SECTION:
            return self.corpus.subtree_passages(match.section)
        start = match.topic.passage
        section_end = match.section.first + match.section.count
        starts = self._leadin_starts.get(match.section.index, [])
        if match.topic.kind is TopicKind.TITLE:
            # "Actions" runs on through its "Multiattack." and "Bite." to "Reactions".
            starts = [s for s in starts if s in self._title_topic]
        elif _NUMBERED.match(match.topic.name):
            # "1. Diplomacy" runs on through an unnumbered "Example:" to "2. ...".
            starts = [s for s in starts if s in self._numbered]
        later = [s for s in starts if s > start]
        return range(start, min(later) if later else section_end)

    # -- internals --------------------------------------------------------------------------

    def _after_stopwords(self, key: str) -> str:
        """The key without the stop words it opens with ("" if it has none, or only)."""
        tokens = key.split()
        if not tokens or tokens[0] not in self._stopwords:
            return ""
        return " ".join(itertools.dropwhile(self._stopwords.__contains__, tokens))

    def _by_id(self, text: str, allowed: set[str] | None) -> TopicMatch | None:
        parts = text.lower().split("/")
        if len(parts) == 1 and parts[0] in self._document_topic:
            return self._match(self._document_topic[parts[0]], EXACT, 1.0, allowed)
        title = len(parts) == 4 and parts[3] == TITLE_SUFFIX
        if title:
            parts.pop()
        if len(parts) not in (2, 3) or not all(parts[:2]):
            return None
        section = self.corpus.section_by_slug(parts[0], parts[1])
        if section is None:
            return None
        if allowed is not None and self.corpus.documents[section.doc].id not in allowed:
            return None
        if len(parts) == 3:
            if not parts[2].isdigit():
                return None
            passage = section.first + int(parts[2]) - 1
            topic_id = (self._title_topic if title else self._leadin_topic).get(passage)
        else:
            topic_id = self._section_topic[section.index]
        if topic_id is None or topic_id < 0:
            return None
        return self._match(topic_id, EXACT, 1.0, allowed)

    def _closeness(self, topic: Topic, words: list[set[str]]) -> tuple[int, int]:
        """How well a topic's place answers the query's other words (each given with its
        forms), as a sort key: the most of them held, then the fewest words in all."""
        place = self._place_words(topic)
        return -sum(1 for forms in words if forms & place), len(place)

    def _place_words(self, topic: Topic) -> frozenset[str]:
        key = (topic.section, topic.kind)
        found = self._places.get(key)
        if found is None:
            if len(self._places) >= PLACE_CACHE:
                self._places.clear()
            doc = self.corpus.documents[self.corpus.sections[topic.section].doc]
            words = self._tokenize(" ".join((*_place(self.corpus, topic), doc.id)))
            found = self._places[key] = frozenset(words)
        return found

    def _match(
        self, topic_id: int, rank: int, score: float, allowed: set[str] | None
    ) -> TopicMatch | None:
        topic = self.corpus.topics[topic_id]
        if topic.passage < 0:
            # A heading with no text under it at all ("The End", a file's "## Author: …"
            # line): nothing to show, so it is neither answered nor suggested.
            return None
        section = self.corpus.sections[topic.section]
        if allowed is not None and self.corpus.documents[section.doc].id not in allowed:
            return None
        return TopicMatch(topic, section, self.corpus.passage(topic.passage), rank, score)

    def _rank(self, query: str) -> list[tuple[int, int, float]]:
        tokens = self._tokenize(query)
        if not tokens:
            return []
        key = " ".join(tokens)
        ranked: dict[int, tuple[int, float]] = {}
        exact = self._by_key.get(key)
        if exact is not None:
            ranked[exact] = (EXACT, 1.0)
        for name_id in self._same_words(query, tokens):
            ranked.setdefault(name_id, (EXACT, STEM_EXACT))
        start = bisect_left(self._keys, (key, -1))
        for other, name_id in self._keys[start : start + 200]:
            if not other.startswith(key):
                break
            # "fs readfile" ends a word of "fs readfile path" but not of "fs readfilesync".
            whole_word = len(other) == len(key) or other[len(key)] == " "
            ranked.setdefault(name_id, (PREFIX, 1.0 + whole_word - len(other) / 1000))
        fuzzy = self._fuzzy(tokens, key)
        subject = _SUBJECT.search(query)
        if subject is not None:
            wanted = subject.group().lower()
            topics = self.corpus.topics
            for name_id in heapq.nlargest(DEPTH_POOL, fuzzy, key=fuzzy.__getitem__):
                about = _SUBJECT.search(topics[self._names[name_id].topics[0]].name)
                if about is not None and about.group().lower() == wanted:
                    fuzzy[name_id] += SUBJECT_BONUS
        for name_id, score in fuzzy.items():
            ranked.setdefault(name_id, (FUZZY, score))
        return sorted(((n, r, s) for n, (r, s) in ranked.items()), key=lambda x: (x[1], -x[2]))

    def _same_words(self, query: str, tokens: list[str]) -> list[int]:
        """Names that are the query's words in other forms ("streams" names "Stream", "book
        5" "Book Five"). Not for code: `socket.destroyed` is no other form of
        `socket.destroy()`."""
        if _CODE_NAME.search(query):
            return []
        vocab = self.vocabulary
        forms = [
            [t, *vocab.same_stem(t), *(n for n in numbers.spellings(t) if n in vocab)]
            for t in tokens
        ]
        if math.prod(map(len, forms)) > STEM_KEYS:
            return []
        keys = (" ".join(words) for words in itertools.product(*forms))
        found = (self._by_key.get(key) for key in keys)
        topics = self.corpus.topics
        return [
            n
            for n in found
            if n is not None and not _CODE_NAME.search(topics[self._names[n].topics[0]].name)
        ]

    def _fuzzy(self, tokens: list[str], key: str) -> dict[int, float]:
        expansions = [self._expand(t, last=i == len(tokens) - 1) for i, t in enumerate(tokens)]
        vocab = self.vocabulary
        for i in range(len(tokens) - 1):
            # "uncaught exeption" may name `uncaughtException`: the joined pair answers both.
            joined = tokens[i] + tokens[i + 1]
            if joined in vocab:
                joins = {joined: 1.0}
            else:
                near = vocab.near(joined, typo_budget(joined), limit=3, widen=False)
                # Not one of the two words itself ("enchiridion 19" is two typos from
                # "enchiridion"): that would match both words with one.
                joins = {t: 0.8 for t, _ in near if t != tokens[i] and t != tokens[i + 1]}
            for term, weight in joins.items():
                expansions[i].setdefault(term, weight)
                expansions[i + 1].setdefault(term, weight)
        count = len(expansions)
        # best[name][i]: how well the name answers query word i (walking postings, so the
        # cost is what the query's words touch, not the number of names).
        best: dict[int, list[float]] = {}
        for i, terms in enumerate(expansions):
            for term, weight in terms.items():
                for postings, factor in ((self._leaf, 1.0), (self._path, PATH_WEIGHT)):
                    value = weight * factor
                    for name_id in postings.get(term, ()):
                        row = best.get(name_id)
                        if row is None:
                            row = best[name_id] = [0.0] * count
                        if value > row[i]:
                            row[i] = value
        ranked: list[tuple[float, int, int]] = []
        # A name that holds only the query's stop words ("the" of "The Ponds" for "the end")
        # does not answer it.
        telling = [i for i, t in enumerate(tokens) if t not in self._stopwords] or range(count)
        for name_id, row in best.items():
            coverage = sum(row) / count
            if coverage < 0.5:
                continue
            leaf_hits = sum(1 for v in row if v > PATH_WEIGHT)
            if leaf_hits == 0 or not any(row[i] > PATH_WEIGHT for i in telling):
                continue
            matched = sum(1 for v in row if v > 0)
            extra = max(0, len(self._names[name_id].leaf) - leaf_hits)
            ranked.append((matched / count + 0.5 * coverage - 0.01 * extra, name_id, leaf_hits))
        # String similarity only breaks ties among the best few hundred; among the best few
        # of those, so does how high the name stands in its document: a broad query
        # ("traits") means the section a chapter opens with rather than a subsection that
        # happens to share the word.
        ranked.sort(reverse=True)
        scores = {
            name_id: score + 0.15 * fuzz.ratio(key, self._names[name_id].key) / 100
            for score, name_id, _ in ranked[:FUZZY_POOL]
        }
        for name_id in heapq.nlargest(DEPTH_POOL, scores, key=scores.__getitem__):
            scores[name_id] -= DEPTH_PENALTY * self._depth(name_id)
        return scores

    def _depth(self, name_id: int) -> int:
        """The heading level of the highest place a name stands (0 for a document's title),
        among its first `DEPTH_PLACES` places: a name such as "Example" stands in thousands,
        and it is the rare names whose level tells anything."""
        corpus = self.corpus
        table = corpus.topics
        depth = 9
        for topic_id in self._names[name_id].topics[:DEPTH_PLACES]:
            if table.is_document(topic_id):
                return 0
            depth = min(depth, corpus.sections[table.sections[topic_id]].level)
        return depth

    def _expand(self, token: str, *, last: bool) -> dict[str, float]:
        vocab = self.vocabulary
        terms: dict[str, float] = {}
        if token in vocab:
            terms[token] = 1.0
        if (last or token not in vocab) and len(token) >= 2:
            for completion in vocab.with_prefix(token, limit=30):
                terms.setdefault(completion, 0.75)
        near = vocab.near(token, typo_budget(token))
        if not near and len(token) == 4 and token not in vocab:
            # A four-letter word with a letter left out or two swapped ("flme", "frce").
            near = vocab.misspelled(token)
        for term, distance in near:
            terms.setdefault(term, 0.8 if distance == 1 else 0.65)
        for spelling in numbers.spellings(token):
            # "book 5" is "Book Five", "chapter 12" "Chapter XII".
            if spelling in vocab:
                terms[spelling] = 1.0
        return terms


def _place(corpus: Corpus, topic: Topic) -> tuple[str, ...]:
    """Where a topic sits: its document's title and the headings above it."""
    section = corpus.sections[topic.section]
    title = corpus.documents[section.doc].title
    if topic.kind is TopicKind.DOCUMENT:
        return (title,)
    above = section.headings if topic.leadin else section.headings[:-1]
    return (title, *above)


def _label(name: str, doc_title: str) -> str:
    label = f"{name} — {doc_title}"
    if len(label) <= MAX_CHOICE:
        return label
    if len(name) <= MAX_CHOICE:
        room = MAX_CHOICE - len(name) - 3
        return f"{name} — {doc_title[: room - 1]}…" if room > 8 else name
    return name[: MAX_CHOICE - 1] + "…"


def _passages_of(match: TopicMatch) -> Sequence[int]:
    """A section's own passages (or its opening, when they are all in its subsections), a
    lead-in's paragraph; none for a document."""
    if match.topic.kind is TopicKind.SECTION and match.section.count:
        return range(match.section.first, match.section.first + match.section.count)
    if match.topic.kind is TopicKind.DOCUMENT:
        return ()
    return (match.passage.index,)
