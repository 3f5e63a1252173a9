"""Ranking of candidates: every word first, then more words, BM25 as tantivy computes it."""

from __future__ import annotations

import functools

import pytest
import tantivy
from hypothesis import given
from hypothesis import strategies as st

from bot.engine.library import Library
from bot.engine.model import Corpus
from bot.engine.ranking import (
    COVER_BONUS,
    K1,
    LONG_COUNT,
    OTHER_FORMS,
    B,
    FieldStats,
    Group,
    Part,
    Ranking,
    phrase_count,
)
from bot.engine.search import FOLD_ANALYZER, SearchIndex, heading_path, index_text
from bot.engine.text import fold
from tests.conftest import WriteCorpus

STATS = FieldStats(docs=1000, average_length=10.0)


def word(*terms: str, weight: float = 1.0) -> Group:
    return Group(tuple(Part((t,), weight) for t in terms))


def test_a_passage_holding_every_word_ranks_before_any_that_lacks_one() -> None:
    ranking = Ranking([word("harbor"), word("keeper", weight=0.1)], STATS, STATS)
    strong_partial = ["harbor"] * 6 + ["lamp"]
    weak_complete = ["harbor", "keeper"] + ["x"] * 30
    order = ranking.rank([(1, strong_partial, []), (2, weak_complete, [])])
    assert [(r.pid, r.complete) for r in order] == [(2, True), (1, False)]


def test_more_of_the_words_beats_one_word_many_times() -> None:
    groups = [word("harbor"), word("keeper"), word("lamp", weight=2.0)]
    ranking = Ranking(groups, STATS, STATS)
    two_words = ["harbor", "keeper", "x"]
    one_word_often = ["lamp"] * 8
    order = ranking.rank([(1, one_word_often, []), (2, two_words, [])])
    assert [r.pid for r in order] == [2, 1]


def test_a_word_counts_once_however_many_of_its_forms_a_passage_holds() -> None:
    ranking = Ranking([word("run", "runs", "running")], STATS, STATS)
    _, all_forms = ranking.score(["run", "runs", "running"], [])
    _, one_form = ranking.score(["run", "x", "y"], [])
    bm25_only = all_forms - COVER_BONUS
    assert one_form - COVER_BONUS < bm25_only < 3 * one_form
    assert all_forms - one_form < COVER_BONUS


def test_a_words_other_forms_add_less_than_another_word_of_the_query() -> None:
    """A passage holding "terminate" and "termination" holds one word of "browse reddit
    from the terminal", so it must not outrank one holding "reddit" and "terminal"."""
    terminal = Group(
        (Part(("terminal",), 2.0), Part(("terminate",), 4.0), Part(("termination",), 4.0))
    )
    ranking = Ranking([word("browse"), word("reddit", weight=3.0), terminal], STATS, STATS)
    two_forms = ["terminate", "termination"]
    two_words = ["reddit", "terminal"]
    order = ranking.rank([(1, two_forms, []), (2, two_words, [])])
    assert [r.pid for r in order] == [2, 1]
    norm = K1 * (1 - B + B * 2 / STATS.average_length)
    once = (K1 + 1) / (1 + norm)
    best_form_only = ranking.score(["terminate", "x"], [])[1]
    assert ranking.score(two_forms, [])[1] == pytest.approx(
        best_form_only + OTHER_FORMS * 4.0 * once
    )


def test_a_joined_compound_stands_for_its_two_words() -> None:
    cyber, security = word("cyber"), word("security")
    joined = Group(
        (Part(("cybersecurity",), 1.0),), counts=False, required=False, stands_for=(0, 1)
    )
    ranking = Ranking([cyber, security, joined], STATS, STATS)
    complete, joined_score = ranking.score(["cybersecurity", "matters"], [])
    assert complete
    assert joined_score > 2 * COVER_BONUS  # it holds both words' places
    complete, one_word = ranking.score(["cyber", "matters"], [])
    assert not complete and one_word < joined_score


def test_headings_count_toward_holding_a_word() -> None:
    group = Group((Part(("readfile",), 1.0), Part(("readfile",), 0.75, head=True)))
    ranking = Ranking([group], STATS, STATS)
    complete, score = ranking.score(["reads", "a", "file"], ["fs", "readfile"])
    assert complete and score > COVER_BONUS


def test_a_quoted_phrase_is_required_in_order() -> None:
    phrase = Group((Part(("event", "loop"), 2.0),), counts=False)
    ranking = Ranking([word("event"), word("loop"), phrase], STATS, STATS)
    assert ranking.score(["the", "event", "loop", "turns"], [])[0]
    assert not ranking.score(["loop", "the", "event"], [])[0]


def test_a_name_rewards_the_passages_whose_headings_hold_it_in_order() -> None:
    name = Group(
        (Part(("buf", "readfloatle"), 2.0), Part(("buf", "readfloatle"), 1.0, head=True)),
        counts=False,
        required=False,
    )
    assert name.names_section
    ranking = Ranking([word("offset"), name], STATS, STATS)
    text = ["offset", "to", "skip"]
    plain = ranking.score(text, ["buffer", "buf", "readint8", "offset"])[1]
    named = ranking.score(text, ["buffer", "buf", "readfloatle", "offset"])[1]
    scattered = ranking.score(text, ["readfloatle", "buffer", "buf", "offset"])[1]
    in_text = ranking.score(["buf", "readfloatle", *text], ["buffer"])[1]
    assert plain == scattered < named < in_text


def test_a_long_passage_holding_many_terms_is_scored_by_its_counts() -> None:
    """Many terms in a long text are counted in one pass (`LONG_COUNT`): the same BM25."""
    terms = ["node", "test", "run", "file", "tests"]
    tokens = [*(["node"] * 7), *(["test"] * 17), "run", *(["file"] * 2), *(["x"] * 400)]
    assert len(terms) * len(tokens) > LONG_COUNT
    ranking = Ranking([word(t) for t in terms], STATS, STATS)
    norm = K1 * (1 - B + B * len(tokens) / STATS.average_length)
    expected = sum(f * (K1 + 1) / (f + norm) for f in (7, 17, 1, 2)) + 4 * COVER_BONUS
    complete, score = ranking.score(tokens, [])
    assert not complete and score == pytest.approx(expected)


def test_passages_holding_nothing_are_dropped() -> None:
    ranking = Ranking([word("harbor")], STATS, STATS)
    assert ranking.rank([(1, ["nothing", "here"], []), (2, ["harbor"], [])]) == [
        (2, pytest.approx(ranking.score(["harbor"], [])[1]), True)
    ]


@pytest.mark.parametrize(
    ("tokens", "phrase", "count"),
    [
        (["a", "b", "a", "b"], ("a", "b"), 2),
        (["a", "a", "a"], ("a", "a"), 2),
        (["b", "a"], ("a", "b"), 0),
        (["a"], ("a", "b"), 0),
    ],
)
def test_phrase_count(tokens: list[str], phrase: tuple[str, ...], count: int) -> None:
    assert phrase_count(tokens, phrase) == count


def test_scores_are_tantivys_bm25(write_corpus: WriteCorpus) -> None:
    """The ranking's BM25 must be the index's: same statistics, same formula."""
    text = (
        "# Harbor\n\nThe harbor keeper lit the lamp.\n\n"
        "A harbor, a harbor, and one more harbor on a long and winding shore line.\n\n"
        "Nothing about boats here at all.\n"
    )
    library = Library.load(write_corpus({"h.md": text}))
    index = library.index
    query = tantivy.Query.term_query(index.schema, "body", "harbor", index_option="freq")
    hits = index.searcher.search(query, 10).hits
    assert len(hits) == 2
    pids = index.searcher.fast_field_values("pid", [address for _, address in hits])
    idf = index.body_stats.idf(index.vocabulary.df["harbor"])
    ranking = Ranking([word("harbor", weight=idf)], index.body_stats, index.head_stats)
    for (expected, _), pid in zip(hits, pids, strict=True):
        body = index.tokens(library.corpus.texts[int(pid or 0)])
        _, score = ranking.score(body, [])
        assert score - COVER_BONUS == pytest.approx(expected, rel=1e-4)


@pytest.mark.parametrize("corpus", ["nodejs", "rust_book"])
def test_heading_terms_ranked_are_those_indexed(
    corpus: str, request: pytest.FixtureRequest
) -> None:
    """The ranking puts a section's heading terms together from its names, each tokenized
    once: as a multiset they are the terms of the heading path the index holds."""
    library: Library = request.getfixturevalue(corpus)
    index = library.index
    for section in range(len(library.corpus.sections)):
        indexed = index.tokens(heading_path(library.corpus, section))
        assert sorted(index._heading_tokens(section)) == sorted(indexed)


def test_field_statistics_come_from_the_index(write_corpus: WriteCorpus) -> None:
    library = Library.load(write_corpus({"a.md": "# A\n\none two three\n\nfour five\n"}))
    index = library.index
    lengths = [len(index.tokens(t)) for t in library.corpus.texts]
    assert index.body_stats.docs == len(lengths) == 2
    assert index.body_stats.average_length == pytest.approx(sum(lengths) / len(lengths))


def test_the_index_holds_the_terms_that_tokens_finds(write_corpus: WriteCorpus) -> None:
    texts = [
        "Café Ærø straße Qurʼān naïve ＦＵＬＬ ﬁne",
        "Plain ASCII: fs.readFile(path[, options]) and ERR_UNKNOWN_STDIN_TYPE",
        "Ελληνικά и русский текст 東京",
        "Rust’s “ownership” rules—you won’t… see them · twice",
    ]
    library = Library.load(write_corpus({"a.md": "# A\n\n" + "\n\n".join(texts) + "\n"}))
    index = library.index
    expected = {t for text in library.corpus.texts for t in index.tokens(text)}
    held = {term for term, _ in index.searcher.terms_with_prefix("body", "")}
    assert {"cafe", "aero", "strasse", "quran", "naive", "full", "fine", "readfile"} <= held
    assert {"rust", "ownership", "rules", "you", "won", "twice"} <= held
    assert not {"rusts", "wont"} & held
    assert held == expected


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=120))
def test_ascii_text_is_tokenized_as_the_index_tokenizes_it(text: str) -> None:
    index = _tiny_index()
    assert index.tokens(text) == list(FOLD_ANALYZER.analyze(text))


_PROSE = st.sampled_from(
    [
        *"’‘“”—–…•·«»´ʼ\u00a0é\u200bß",
        "a’b",
        "x´y",
        "1’",
        *"ÉðłšñŁ×ſŉ",
        "a’ð",
        "b’rè",
        "c’lł",
        " l’É",
        " qu’il",
        " ß’a",
        " qú’a",
    ]
)


@given(st.lists(st.one_of(st.characters(max_codepoint=127), _PROSE), max_size=60).map("".join))
def test_prose_punctuation_is_tokenized_as_the_index_tokenizes_it(text: str) -> None:
    """Typographic punctuation takes the fast ASCII path, with the analyzer's result."""
    index = _tiny_index()
    assert index.tokens(text) == list(FOLD_ANALYZER.analyze(fold(text)))
    assert list(FOLD_ANALYZER.analyze(index_text(text))) == index.tokens(text)


@functools.cache
def _tiny_index() -> SearchIndex:
    return SearchIndex(Corpus(root=""))


def test_a_group_earns_its_own_coverage_bonus() -> None:
    common = Group((Part(("nation",), 0.1),), bonus=0.5)
    rare = Group((Part(("earthquake",), 0.1),))
    ranking = Ranking([common, rare], STATS, STATS)
    _, holds_common = ranking.score(["nation", "x"], [])
    _, holds_rare = ranking.score(["earthquake", "x"], [])
    assert holds_rare - holds_common == pytest.approx(COVER_BONUS - 0.5)
