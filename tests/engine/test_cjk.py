"""Chinese, Japanese and Korean: words inside unspaced clauses are found and marked."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.engine import cjk
from bot.engine.library import Library
from bot.engine.search import FOLD_ANALYZER, index_text, index_tokens
from bot.engine.snippets import make_snippet
from bot.engine.text import fold, folded_in_place
from tests.conftest import WriteCorpus

ZH = (
    "选用选项式 API 时，会用 data 选项来声明组件的响应式状态。此对象的所有顶层属性都会被代理到"
    "组件实例上。"
)
JA = "コンポーネントを使うと、アプリケーションを小さな部品に分割できます。"
KO = "이 문서를 읽으면 컴포넌트를 만드는 방법을 알 수 있습니다."
FILLER = ("天气很好，我们去公园散步。", "今天的会议改到下午三点。", "请把窗户关上，外面很冷。")


@pytest.fixture
def library(write_corpus: WriteCorpus) -> Library:
    body = "\n\n".join((ZH, JA, KO, "Vue应用的入口。", *FILLER, "A component renders."))
    return Library.load(write_corpus({"d.md": f"# 文档\n\n{body}\n"}))


def test_runs_become_overlapping_pairs_and_a_lone_character_stays() -> None:
    assert cjk.split_terms(["响应式状态", "api", "组"]) == [
        "响应",
        "应式",
        "式状",
        "状态",
        "api",
        "组",
    ]


def test_a_token_mixing_scripts_is_split_at_the_script_change() -> None:
    assert cjk.split_terms(["vue应用x2"]) == ["vue", "应用", "x2"]


def test_hangul_decomposed_by_folding_is_paired_as_syllables() -> None:
    assert fold("문서") != "문서"  # NFKD: letters (Jamo), not syllables
    assert index_tokens("문서를") == ["문서", "서를"]


def test_a_long_clause_is_not_dropped_as_too_long_a_term() -> None:
    clause = "此对象的所有顶层属性都会被代理到组件实例上"  # 21 characters, 63 bytes
    assert "顶层" in index_tokens(clause)
    assert "顶层" in index_text(clause).split()


@given(
    st.text(
        alphabet=st.one_of(
            st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40),
            st.sampled_from("ガｶﾞ한국어ー々abcÉé 1，。、-_"),
        ),
        max_size=60,
    )
)
def test_the_index_and_the_query_read_cjk_text_alike(text: str) -> None:
    """What tantivy's tokenizer makes of the indexed text is what a query of it looks for."""
    assert list(FOLD_ANALYZER.analyze(index_text(text))) == index_tokens(text)


_MIXED_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x4E10),
        st.sampled_from("ガイドｶﾞ한국어ㅎㅏー々abcéÆʼ 1_\u0301"),
    ),
    max_size=40,
)


@given(text=_MIXED_TEXT, query=_MIXED_TEXT)
def test_a_text_read_whole_is_marked_as_read_word_by_word(text: str, query: str) -> None:
    """Snippets find the query's terms in the whole folded text at once (`str.find`) when
    folding keeps each character in its place: the marks are those of reading it word by
    word."""
    folded = folded_in_place(text)
    assume(folded is not None)
    assert folded is not None
    terms = frozenset(index_tokens(query))
    by_word: list[tuple[int, int]] = []
    for word in re.finditer(r"[^\W_]+", text):
        if fold(word.group()).lower() in terms:
            by_word.append(word.span())
        else:
            spans = cjk.marked_spans(word.group(), terms, fold)
            by_word += [(word.start() + a, word.start() + b) for a, b in spans]
    # Overlapping and touching spans join, as the snippet marks them (响应 and 应式: 响应式).
    assert cjk.marked_in_folded(folded, terms) == cjk._merged(by_word)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("顶层属性", ZH),  # a word in the middle of a clause
        ("代理到组件实例", ZH),  # a longer stretch, across word boundaries
        ("小さな部品", JA),  # kana and kanji
        ("컴포넌트", KO),  # Korean, written with its particle 를 in the text
        ("应用", "Vue应用的入口。"),  # after Latin letters with no space
        ("公园", FILLER[0]),
    ],
)
def test_a_word_inside_a_clause_is_found(library: Library, query: str, expected: str) -> None:
    hits = library.search(query).hits
    assert hits and hits[0].passage.text == expected


def test_a_character_typed_wrong_still_finds_the_passage(library: Library) -> None:
    hits = library.search("顶层属姓").hits  # 性 typed as 姓
    assert hits and hits[0].passage.text == ZH


def test_a_lone_character_finds_the_words_it_begins(library: Library) -> None:
    hits = library.search("窗").hits
    assert [h.passage.text for h in hits] == [FILLER[2]]
    assert hits[0].snippet.matched == ["窗"]  # not the pair it was found by (窗户)


def test_the_snippet_marks_the_words_found(library: Library) -> None:
    hit = library.search("顶层属性").hits[0]
    assert hit.snippet.matched == ["顶层属性"]
    assert hit.snippet.text == ZH.replace("  ", " ")


def test_marks_follow_the_characters_as_written() -> None:
    # ｶﾞ (half-width, two characters) folds to カ, as ガ does: the mark covers both.
    snippet = make_snippet("ｶﾞイド と ガイド", frozenset(index_tokens("ガイド")))
    assert snippet.matched == ["ｶﾞイド", "ガイド"]


def test_nothing_found_offers_no_pairs_as_a_correction(library: Library) -> None:
    result = library.search("喵喵喵")
    assert not result.hits
    assert result.did_you_mean is None


def test_a_correction_beside_cjk_words_shows_them_whole(library: Library) -> None:
    assert library.search("componnt 公园散步").did_you_mean == "component 公园散步"


def test_the_chinese_vue_guide_loads_cleanly_with_readable_ids(vue_zh: Library) -> None:
    corpus = vue_zh.corpus
    assert not corpus.problems
    ids = [corpus.passage(i).citation_id for i in range(len(corpus))]
    assert len(set(ids)) == len(ids) and all(i.isascii() for i in ids)
    hit = vue_zh.search("顶层属性").hits[0]
    assert hit.passage.citation_id == "reactivity/declaring-reactive-state/1"
    assert "顶层属性" in hit.snippet.matched


_CHINESE_QUERY = st.text(
    alphabet=st.one_of(
        st.sampled_from("组件响应式状态计算属性生命周期钩子侦听器插槽的了是在模板"),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from('ガｶﾞ한국어ー々 "-v-model ref() 　，。'),
    ),
    max_size=40,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=_CHINESE_QUERY)
def test_any_chinese_query_gets_an_answer_with_marks_from_the_passage(
    vue_zh: Library, query: str
) -> None:
    result = vue_zh.search(query)
    asked = set(fold(query).lower())
    for hit in result.hits:
        # What is marked was asked for: it shares its characters with the query.
        assert all(asked & set(fold(part).lower()) for part in hit.snippet.matched)
    if result.did_you_mean is not None:
        assert result.did_you_mean.strip()
    vue_zh.topic(query)
    vue_zh.find_source(query)
    assert len(vue_zh.suggest_topics(query)) <= 25


def test_a_pair_straddling_a_particle_is_not_required(write_corpus: WriteCorpus) -> None:
    """ "组件的状态" asks for 组件 and 状态: 件的 and 的状 only say how they are joined."""
    library = Library.load(
        write_corpus({"d.md": "# 文档\n\n组件状态会自动更新。\n\n天气的状况很好，我们去公园。\n"})
    )
    hits = library.search("组件的状态").hits
    assert [(h.passage.text, h.complete) for h in hits] == [("组件状态会自动更新。", True)]
    assert hits[0].snippet.matched == ["组件状态"]
    # It is one of the stop words, wherever they count (titles, Find source, /topic).
    stopwords = library.index.stopwords
    assert "件的" in stopwords and "的" not in stopwords and "组件" not in stopwords
    assert "the" in stopwords


def test_traditional_and_simplified_characters_find_each_other(
    write_corpus: WriteCorpus,
) -> None:
    """Read in Taiwan or Hong Kong, written in the mainland's script, or the other way."""
    assert fold("組件的響應式狀態") == "组件的响应式状态"
    library = Library.load(
        write_corpus(
            {"d.md": "# 文档\n\n此对象的所有顶层属性。\n\n## 傳統\n\n這個組件會自動更新。\n"}
        )
    )
    simplified = library.search("顶层属性").hits[0]
    found = library.search("頂層屬性").hits[0]
    assert found.passage.text == simplified.passage.text == "此对象的所有顶层属性。"
    assert found.snippet.matched == ["顶层属性"]
    hit = library.search("组件更新").hits[0]
    assert hit.passage.text == "這個組件會自動更新。" and hit.snippet.matched == ["組件", "更新"]
