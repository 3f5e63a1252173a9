"""Search: typos, partial words, phrases, stems, folding, filters, did-you-mean."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.engine import cjk, search
from bot.engine.library import Library
from bot.engine.snippets import make_snippet
from bot.engine.text import fold
from tests.conftest import WriteCorpus


def top(library: Library, query: str, **kwargs: object) -> str:
    hits = library.search(query, limit=5, **kwargs).hits  # type: ignore[arg-type]
    assert hits, f"no hit for {query!r}"
    return hits[0].passage.citation_id


def top_texts(library: Library, query: str, n: int = 5) -> list[str]:
    return [h.passage.text for h in library.search(query, limit=n).hits]


def passages(write_corpus: WriteCorpus, *texts: str) -> Library:
    """A library of one document whose passages are `texts`."""
    return Library.load(write_corpus({"d.md": "# D\n\n" + "\n\n".join(texts) + "\n"}))


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("inteligence gathering", "Intelligence Gathering"),
        ("diplomcy", "Diplomacy:"),
        ("cyber secrity", "Cybersecurity"),
        ("anti-hate legislation", "anti-hate legislations"),
        ("earthquak", "earthquake"),
        ("philanthropy ummah", "philanthropy within the ummah"),
        ("mass casualty training", "mass casualty events"),
    ],
)
def test_bundled_queries_find_their_passage_first(bundled: Library, query: str, words: str) -> None:
    assert words in top_texts(bundled, query, 1)[0]


def test_one_typo_from_five_letters_two_from_nine(write_corpus: WriteCorpus) -> None:
    library = Library.load(
        write_corpus(
            {"d.md": "# D\n\nThe harbor lighthouse keeper.\n\nA cat sat.\n\nOpen files.\n"}
        )
    )
    assert library.search("harbr").hits  # 5 letters, one typo
    assert library.search("lihgthouse").hits  # swapped letters count as one typo
    assert library.search("lighthuse keepr").hits
    assert library.search("lihgthuose").hits  # 10 letters, two typos (two swaps)
    assert not library.search("kepr").hits  # 4 letters: no typo allowed (two letters left out),
    # unless the word is unknown and one letter was left out or two were swapped
    assert "files" in top_texts(library, "open fils", 1)[0]
    assert "files" in top_texts(library, "opne", 1)[0]
    assert not library.search("opan").hits
    assert not library.search("cot").hits  # words of 3 letters must be exact
    assert not library.search("harrrbbor").hits  # three edits is too many


def test_partly_typed_last_word_and_any_order(write_corpus: WriteCorpus) -> None:
    library = Library.load(
        write_corpus(
            {"d.md": "# D\n\nDisaster preparedness programs train teams.\n\nUnrelated text.\n"}
        )
    )
    assert "preparedness" in top_texts(library, "disaster prepa", 1)[0]
    assert "preparedness" in top_texts(library, "teams train disaster", 1)[0]


def test_quoted_phrase_ranks_the_exact_run_first(write_corpus: WriteCorpus) -> None:
    library = Library.load(
        write_corpus(
            {
                "d.md": "# D\n\nThe loop of events is long.\n\nThe event loop is short.\n\n"
                "Events and loops everywhere, loops of event.\n"
            }
        )
    )
    assert top_texts(library, '"event loop"', 1) == ["The event loop is short."]


def test_stemming_and_folding(write_corpus: WriteCorpus) -> None:
    library = Library.load(
        write_corpus(
            {
                "a.md": "# A\n\nThey were running quickly.\n\nThe Quran was recited.\n",
                "b.md": "# B\n\nA small café opened.\n\nNaïve coöperation works.\n",
            }
        )
    )
    assert "running" in top_texts(library, "runs", 1)[0]
    assert "Quran" in top_texts(library, "Qurʼān", 1)[0]
    assert "café" in top_texts(library, "cafe", 1)[0]
    assert "café" in top_texts(library, "CAFÉ", 1)[0]
    assert "coöperation" in top_texts(library, "naive cooperation", 1)[0]


def test_document_filter_and_unknown_document(bundled: Library) -> None:
    hits = bundled.search("security", documents=["disaster"], limit=10).hits
    assert hits and all(h.passage.doc.id == "disaster" for h in hits)
    assert bundled.search("security", documents=["no-such-doc"]).hits == []


def test_misspelled_words_are_corrected_and_said_so(write_corpus: WriteCorpus) -> None:
    library = Library.load(write_corpus({"d.md": "# D\n\nHumanitarian assistance matters.\n"}))
    result = library.search("humantarain asistanse")
    assert result.hits and result.corrected
    assert result.did_you_mean == "humanitarian assistance"
    nothing = library.search("qqqqzzzz")
    assert nothing.hits == [] and nothing.total == 0


def test_snippets_bold_the_matched_words(bundled: Library) -> None:
    hit = bundled.search("earthquake", limit=1).hits[0]
    rendered = hit.snippet.render()
    assert "**earthquake**" in rendered
    assert hit.snippet.matched and all(w.lower() == "earthquake" for w in hit.snippet.matched)


def test_paging_does_not_repeat_hits(nodejs: Library) -> None:
    first = [h.passage.index for h in nodejs.search("stream", limit=5).hits]
    second = [h.passage.index for h in nodejs.search("stream", limit=5, offset=5).hits]
    assert len(first) == len(second) == 5
    assert not set(first) & set(second)


@pytest.mark.parametrize(
    ("query", "section_word"),
    [
        ("fs readfile", "fs.readFile"),
        ("readFle callback", "fs.readFile"),
        ("child process spawn", "spawn"),
        ("buffer alloc unsafe", "Buffer.allocUnsafe"),
        ('"event loop" delay', "Histogram"),
    ],
)
def test_nodejs_queries(nodejs: Library, query: str, section_word: str) -> None:
    hits = nodejs.search(query, limit=5).hits
    assert any(
        section_word.lower() in " ".join(h.passage.section.headings).lower()
        or section_word.lower() in h.passage.text.lower()
        for h in hits
    )


def test_find_source_recognises_a_paraphrase(bundled: Library) -> None:
    message = (
        "someone said the intelligence agencies play a vital part by giving info on terror "
        "threats and shifts in geopolitics"
    )
    result = bundled.find_source(message)
    assert "Intelligence Gathering" in result.hits[0].passage.text


def test_find_source_counts_the_passages_that_hold_the_text_word_for_word(
    write_corpus: WriteCorpus,
) -> None:
    repeated = "The environment that the API is invoked under."
    files = {
        f"api{n}.md": f"# Api {n}\n\n## call{n}\n\n* `env`: {repeated}\n* `x{n}`: a value.\n"
        for n in range(7)
    }
    files["prose.md"] = "# Prose\n\nThe API is invoked under the environment that we set.\n"
    library = Library.load(write_corpus(files))
    result = library.find_source(repeated)
    assert result.verbatim == 7
    assert len(result.hits) == 3
    assert all(repeated in hit.passage.text for hit in result.hits)
    # The same words in another order are not a quote of them.
    assert library.find_source("The API is invoked under the environment").verbatim == 1
    assert library.find_source("environment invoked").verbatim == 0


def test_a_document_filter_never_matches_passages_on_its_own(
    write_corpus: WriteCorpus,
) -> None:
    library = Library.load(
        write_corpus(
            {
                "optics.md": "# Optics\n\n## Mirrors\n\nA telescope mirror.\n",
                "gardens.md": "# Gardens\n\nCompost feeds the soil.\n",
            }
        )
    )
    assert library.search("telescope", documents=["gardens"]).hits == []
    assert library.search("telescope compost", documents=["gardens"]).hits


def test_a_correction_is_spelled_as_the_passages_found(write_corpus: WriteCorpus) -> None:
    """ "pointr" is one letter from "point" and from "pointer"; the more frequent word is
    point, but what was found is about pointers, and "Showing results for" must say so."""
    points = {f"map{n}.md": f"# Map {n}\n\nA point on the map, point {n}.\n" for n in range(4)}
    library = Library.load(
        write_corpus({**points, "rust.md": "# Rust\n\nA smart pointer can deref.\n"})
    )
    result = library.search("smart pointr deref")
    assert result.corrected
    assert result.hits[0].passage.doc.id == "rust"
    assert result.did_you_mean == "smart pointer deref"
    # Where the best passage found is about points, so is the correction.
    assert library.search("pointr on the map").did_you_mean == "point on the map"


def test_did_you_mean_when_no_word_is_known(bundled: Library) -> None:
    result = bundled.search("sekurty")
    assert result.hits == [] and result.did_you_mean == "security"


def test_a_misspelling_means_its_closest_spellings(write_corpus: WriteCorpus) -> None:
    # "extention" is one letter from "extension", two from "exception", and shares its stem
    # with "extents" by accident: only the extension passage holds what was meant.
    library = passages(
        write_corpus,
        "The extname method returns the extension of the path.",
        "The file reader throws an exception.",
        "The file and its extents.",
        "A file.",
        "Another file.",
    )
    assert "extension" in top_texts(library, "file extention", 1)[0]


def test_a_word_whose_forms_are_known_is_no_misspelling_two_letters_off(
    write_corpus: WriteCorpus,
) -> None:
    # "cooperate" is not in the text, but its forms are: it means those, not "operate"
    # (two letters off), which would otherwise be marked in snippets as a match.
    library = passages(
        write_corpus,
        "Nations grow stronger through cooperation.",
        "Agencies cooperating across borders.",
        "Ports operate all year.",
    )
    result = library.search("cooperate")
    assert {h.passage.text for h in result.hits} == {
        "Nations grow stronger through cooperation.",
        "Agencies cooperating across borders.",
    }
    assert not any("operate" in h.snippet.matched for h in result.hits)


def test_contractions_and_pronouns_are_not_required_words(write_corpus: WriteCorpus) -> None:
    library = passages(
        write_corpus,
        "File change notifications do not work on network shares.",
        "Don't edit my file: it won't work.",
    )
    first = top_texts(library, "my file change notifications don't work", 1)[0]
    assert first.startswith("File change notifications")


def test_snippets_mark_the_words_that_count_not_a_questions_stop_words(
    write_corpus: WriteCorpus,
) -> None:
    library = passages(write_corpus, "To read a file, I open it and do the reading in a loop.")
    [hit] = library.search("how do I read a file", limit=1).hits
    assert sorted(m.lower() for m in hit.snippet.matched) == ["file", "read", "reading"]
    [only_stop_words] = library.search("how do I", limit=1).hits
    assert {m.lower() for m in only_stop_words.snippet.matched} == {"i", "do"}


def test_snippets_mark_a_quoted_phrase_whole_and_not_its_stop_words_apart(
    write_corpus: WriteCorpus,
) -> None:
    library = passages(
        write_corpus,
        "If you know the enemy and know yourself, the result is sure; if you know"
        ", the Enemy's—or the enemy, yourself—fear the enemy.",
    )
    [hit] = library.search('"know the enemy"', limit=1).hits
    assert hit.snippet.matched == ["know the enemy", "know", "know, the Enemy", "enemy", "enemy"]
    assert "**know the enemy** and **know** yourself, the result" in hit.snippet.render()


def test_a_word_in_most_passages_counts_less_than_a_telling_one(
    write_corpus: WriteCorpus,
) -> None:
    filler = [f"The nation trades goods, year {year}." for year in range(8)]
    library = passages(
        write_corpus,
        *filler,
        "The nation offers help to its allies.",
        "Help arrives by sea.",
        "After the earthquake, relief teams came.",
    )
    assert "earthquake" in top_texts(library, "nation help earthquake", 1)[0]


def test_a_stop_word_never_joins_the_next_word_into_a_compound(
    write_corpus: WriteCorpus,
) -> None:
    library = passages(write_corpus, "Call thefile() to get a handle.", "Read the file from disk.")
    texts = top_texts(library, "read the file", 5)
    assert texts[0].startswith("Read the file")
    assert not any("thefile" in text for text in texts)


def test_a_long_question_keeps_the_words_that_say_something(write_corpus: WriteCorpus) -> None:
    library = passages(write_corpus, "Kangaroos carry their young.", "Wombats dig burrows.")
    question = (
        "so what is it that I should do if I would like to be able to find out how it is "
        "that it can be that the ones there, the kangaroos, carry young"
    )
    assert question.split().index("kangaroos,") > 24
    assert top_texts(library, question, 1)[0].startswith("Kangaroos")


def test_only_a_query_ending_in_a_letter_or_digit_has_a_partly_typed_last_word(
    write_corpus: WriteCorpus,
) -> None:
    library = passages(write_corpus, "The pipeline function chains streams.", "A pipe joins them.")
    assert any("pipeline" in text for text in top_texts(library, "joins pipe", 5))
    assert not any("pipeline" in text for text in top_texts(library, "joins pipe?", 5))


def test_a_search_says_when_more_passages_match_than_it_ranked(
    write_corpus: WriteCorpus,
) -> None:
    many = passages(write_corpus, *(f"Lighthouse keeper number {n}." for n in range(60)))
    result = many.search("lighthouse")
    assert result.more and 5 <= result.total < 60
    few = passages(write_corpus, "Lighthouse keeper.", "A harbour.", "Another lighthouse.")
    result = few.search("lighthouse")
    assert not result.more and result.total == 2


def test_words_of_an_identifier_in_a_heading_find_its_section(write_corpus: WriteCorpus) -> None:
    library = Library.load(
        write_corpus(
            {
                "api.md": "# API\n\n## Class: FileHandle\n\n### filehandle.readLines()\n\n"
                "Returns an interface to iterate over the contents.\n\n"
                "### filehandle.close()\n\nCloses the descriptor.\n\n"
                "## Streams\n\nLines can be read from a stream.\n\n"
                "## Descriptors\n\nEach open file has a handle.\n"
            }
        )
    )
    assert top_texts(library, "file handle read lines", 1)[0].startswith("Returns an interface")


def test_an_entry_named_only_in_its_heading_is_found_among_many_alike(
    write_corpus: WriteCorpus,
) -> None:
    # A bestiary: sixty dragons breathing fire, their colour only in their headings, and the
    # red one's text saying it least often: the text alone would rank it last.
    breath = {c: "The dragon exhales fire, dragon fire, in a cone." for c in range(59)}
    body = "".join(
        f"## Ancient Colour{c:02d} Dragon\n\nA huge dragon.\n\n**Breath.** {text}\n\n"
        for c, text in breath.items()
    )
    body += "## Ancient Red Dragon\n\nA huge dragon.\n\n**Breath.** It exhales fire.\n\n"
    # "Red" is a word of the text too, so it is not a name found in headings alone.
    body += "## Lore\n\nRed dragons are the proudest.\n"
    library = Library.load(write_corpus({"monsters.md": f"# Monsters\n\n{body}"}))
    hit = library.search("ancient red dragon fire", limit=1).hits[0]
    assert hit.passage.section.headings == ("Ancient Red Dragon",)
    assert hit.passage.text == "**Breath.** It exhales fire." and hit.complete


def test_a_query_naming_a_section_gets_its_opening_first(write_corpus: WriteCorpus) -> None:
    # A spell's text never says its name; monsters' spell lists say it often.
    library = Library.load(
        write_corpus(
            {
                "spells.md": "# Spells\n\n## Fireball\n\n*3rd-level evocation*\n\n"
                "A bright streak flashes from your finger.\n\n## Light\n\nAn object glows.\n",
                "monsters.md": "# Monsters\n\n## Pit Fiend\n\nAt will: *fireball*, *fireball*.\n\n"
                "## Mage\n\n**Spellcasting.** *light*, *fireball*.\n",
            }
        )
    )
    assert top_texts(library, "Fireball", 2) == [
        "*3rd-level evocation*",
        "At will: *fireball*, *fireball*.",
    ]
    # A name still being typed ("bag of hol"): the name its last word is finishing.
    assert top_texts(library, "Firebal", 1) == ["*3rd-level evocation*"]
    # A bold lead-in is a name too; a query that is more than the name is searched as ever.
    assert top_texts(library, "spellcasting", 1) == ["**Spellcasting.** *light*, *fireball*."]
    assert top_texts(library, "fireball at will", 1) == ["At will: *fireball*, *fireball*."]


def test_an_entry_and_a_lead_in_in_it_name_that_paragraph(write_corpus: WriteCorpus) -> None:
    """ "pit fiend claw": the Pit Fiend's Claw attack, not its Multiattack, which says the
    monster's name and "claw" in its text; misspelled or partly typed alike."""
    block = (
        "## {name}\n\n***Multiattack.*** The {low} makes two attacks: one with its bite and"
        " one with its claw.\n\n***Bite.*** Melee Weapon Attack: +14 to hit.\n\n"
        "***Claw.*** Melee Weapon Attack: +{n} to hit.\n\n"
    )
    body = "".join(
        block.format(name=name, low=name.lower(), n=n)
        for n, name in enumerate(("Pit Fiend", "Hezrou", "Owlbear"), 10)
    )
    library = Library.load(write_corpus({"monsters.md": f"# Monsters\n\n{body}"}))
    for query in ("pit fiend claw", "pit feind claw", "pit fiend cla"):
        [hit] = library.search(query, limit=1).hits
        assert hit.passage.text == "***Claw.*** Melee Weapon Attack: +10 to hit.", query
    [hit] = library.search("owlbear multiattack", limit=1).hits
    assert hit.passage.text.startswith("***Multiattack.*** The owlbear makes")
    # Of the places a name stands in, the one its misspelled words name (not the first).
    [hit] = library.search("hezruo claw", limit=1).hits
    assert hit.passage.text == "***Claw.*** Melee Weapon Attack: +11 to hit."
    assert [m.passage.text for m in library.topic("hezruo claw", limit=1)] == [hit.passage.text]
    # A query that is not an entry and one of its names is searched as ever.
    [hit] = library.search("bite and claw", limit=1).hits
    assert hit.passage.text.startswith("***Multiattack.***")


def test_a_long_passage_holding_a_sentence_typed_from_it_comes_first(
    write_corpus: WriteCorpus,
) -> None:
    """Short passages with the query's common words fill the candidates tantivy returns;
    the long one holding every word, one of them rare, is still found, and first for
    holding them in the order typed."""
    filler = " ".join(f"The weave hums with power number {n}." for n in range(200))
    long = f"A spell is a discrete magical effect, a single shaping of energy. {filler}"
    short = [f"Each spell has a magical effect, {n}." for n in range(60)]
    short += [f"Discrete steps, {n}." for n in range(20)]
    library = passages(write_corpus, *short, long)
    [hit] = library.search("spell is a discrete magical effect", limit=1).hits
    assert hit.passage.text == long and hit.complete


def test_three_or_four_words_find_the_identifier_they_spell(write_corpus: WriteCorpus) -> None:
    library = passages(
        write_corpus,
        "The `maxFrameSize` setting limits each payload.",
        "The `maxHeaderListSize` setting limits the headers.",
        *(f"A max size for the frame list, header {n}, of some size." for n in range(12)),
    )
    assert top_texts(library, "max frame size", 1)[0].startswith("The `maxFrameSize`")
    assert top_texts(library, "max header list size", 1)[0].startswith("The `maxHeaderListSize`")


def test_a_query_naming_a_document_answers_with_its_opening(write_corpus: WriteCorpus) -> None:
    library = Library.load(
        write_corpus(
            {
                "tar.md": "# tar\n\n> Archiving utility.\n\n- Extract:\n\n`tar xf {{tar}}`\n\n"
                "- List:\n\n`tar tf {{tar}}`\n",
                "fs.md": "# File system\n\nFiles on disk.\n\n## Reading\n\n"
                "Read a file system file.\n",
                "zip.md": "# zip\n\n> Package files.\n\n"
                "- Add to a tar archive:\n\n`zip -r x.zip x.tar`\n",
            }
        )
    )
    for query, opening in (
        ("what does tar do", "> Archiving utility."),
        ("tar", "> Archiving utility."),
        ("file system", "Files on disk."),
    ):
        assert top_texts(library, query, 1) == [opening], query
    assert top_texts(library, "tar list", 1)[0].startswith("- List")
    assert top(library, "tar", documents=["zip"]) == "zip/intro/2"


def test_a_name_only_a_heading_holds_finds_its_section(write_corpus: WriteCorpus) -> None:
    """An API name that the text under its heading never repeats, beside a word of most
    passages ("socket"), typed as written or misspelled."""
    others = "".join(f"## socket.option{n}\n\nA socket setting, number {n}.\n\n" for n in range(60))
    library = Library.load(
        write_corpus(
            {
                "net.md": "# Net\n\n" + others + "## socket.autoSelectFamilyAttemptedAddresses\n\n"
                "The addresses that have been attempted, in order.\n"
            }
        )
    )
    for query in (
        "autoSelectFamilyAttemptedAddresses",
        "socket autoSelectFamilyAttemptedAddresses",
        "socket autoSelectFamilyAttemptedAdresses",
    ):
        result = library.search(query)
        assert result.hits[0].passage.text.startswith("The addresses"), query
    result = library.search("socket autoSelectFamilyAttemptedAdresses")
    assert result.corrected
    assert result.did_you_mean == "socket autoselectfamilyattemptedaddresses"


def test_an_identifier_typed_as_one_word_finds_the_section_it_names(
    write_corpus: WriteCorpus,
) -> None:
    """`buf.readFloatLE offset`: the section's parameter list never repeats the name, and
    sixty other sections hold "buf" and "offset" as often."""
    others = "".join(
        f"## buf.readInt{n}([offset])\n\n* `offset` {{integer}} Bytes to skip. "
        f"Must satisfy `0 <= offset <= buf.length - {n}`.\n\n"
        for n in range(60)
    )
    library = Library.load(
        write_corpus(
            {
                "buffer.md": "# Buffer\n\n" + others + "## buf.readFloatLE([offset])\n\n"
                "* `offset` {integer} Bytes to skip before reading. "
                "Must satisfy `0 <= offset <= buf.length - 4`.\n\n"
                "Reads a float: `buf.readFloatLE(0)` prints 1.5.\n"
            }
        )
    )
    for query in ("buf.readFloatLE offset", "buf.readFloatLE offset range"):
        first, second = top_texts(library, query, 2)
        assert first.startswith("Reads a float"), query
        assert "before reading" in second, query


def test_a_tldr_page_is_searched_by_its_words_and_answers_with_its_command(
    write_corpus: WriteCorpus,
) -> None:
    library = Library.load(
        write_corpus(
            {
                "tar.md": "# tar\n\n> Archiving utility.\n\n"
                "- [c]reate an archive and write it to a [f]ile:\n\n"
                "`tar cf {{target.tar}} {{file}}`\n\n"
                "- E[x]tract an archive [f]ile into the current directory:\n\n"
                "`tar xf {{source.tar}}`\n",
                "unzip.md": "# unzip\n\n> Extract files from ZIP archives.\n\n"
                "- Extract all files into a directory:\n\n`unzip {{archive.zip}} -d {{path}}`\n",
            }
        )
    )
    hit = library.search("extract tar archive file").hits[0]
    assert hit.passage.text.endswith("`tar xf {{source.tar}}`")
    assert [w.lower() for w in hit.snippet.matched][:3] == ["extract", "archive", "file"]


def test_a_tldr_placeholder_is_no_word_of_its_item(write_corpus: WriteCorpus) -> None:
    """`{{count}}` and `{{path/to/file}}` say what a command takes, not what it does."""
    library = Library.load(
        write_corpus(
            {
                "tail.md": "# tail\n\n> Display the last part of a file.\n\n"
                "- Print from a specific line number:\n\n"
                "`tail {{[-n|--lines]}} +{{count}} {{path/to/file}}`\n",
                "wc.md": "# wc\n\n> Word, line and byte counts.\n\n"
                "- Count all lines in a file:\n\n`wc {{[-l|--lines]}} {{path/to/file}}`\n",
            }
        )
    )
    assert top_texts(library, "count lines in a file", 1)[0].startswith("- Count all lines")
    # An option placeholder holds the flags themselves: they are found.
    assert top_texts(library, "tail --lines", 1)[0].startswith("- Print from")


@given(
    st.lists(
        st.sampled_from(
            [
                *("rust", "Rust’s", " ", "—", "“own”", "é", "own…", "x", "\n", "Ünï", "_", "9"),
                *("Mañana", "İ", "東京", "ЖУК", "e\u0301", "ñ", "RUST", "→"),
                *("ß", "strasse", "Łódź", "lodz", "Qurʼān", "quran", "ĸ", "Æ", "ae"),
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_snippets_of_prose_mark_what_a_word_by_word_reading_marks(text: str) -> None:
    """Punctuation folded to spaces, Latin letters to ASCII and ASCII words found term by
    term, for speed, mark the same words as reading word by word."""
    terms = frozenset(
        {"rust", "own", "uni", "manana", "東京", "жук", "e", "strasse", "lodz", "quran", "ae"}
    )
    words: list[str] = []
    for m in re.finditer(r"[^\W_]+", text):
        if fold(m.group()).lower() in terms:
            words.append(m.group())
        else:  # a word holding CJK characters is read a pair of them at a time
            words += [m.group()[a:b] for a, b in cjk.marked_spans(m.group(), terms, fold)]
    assert make_snippet(text, terms, size=10_000).matched == words


def test_a_word_after_an_elided_article_is_found_on_its_own(write_corpus: WriteCorpus) -> None:
    """French and Italian elide an article or pronoun into the next word with an
    apostrophe (l’État, qu’il, l’uomo): the word after it is the one a reader looks for."""
    library = passages(
        write_corpus,
        "Le rôle de l’État dans l’économie.",
        "Il faut qu’il parte.",
        "Un autre passage.",
    )
    assert top_texts(library, "état", 1) == ["Le rôle de l’État dans l’économie."]
    assert top_texts(library, "economie", 1) == ["Le rôle de l’État dans l’économie."]
    assert top_texts(library, "l'État") == top_texts(library, "l’État")
    assert top_texts(library, "il parte", 1) == ["Il faut qu’il parte."]


def test_a_typographic_apostrophe_is_the_ascii_one(write_corpus: WriteCorpus) -> None:
    """Phones type ’ where keyboards type ': the same query either way, and a word written
    with either in the text is found as itself ("Rust’s" holds "rust", not "rusts"). Inside
    a word, not before a contraction's or possessive's ending, it joins the word."""
    library = Library.load(
        write_corpus(
            {
                "a.md": "# A\n\nRust’s ownership model is strict.\n\n"
                "Rust's borrow checker doesn't accept it.\n\nThe compiler doesn’t warn.\n\n"
                "The Qur’an was recited.\n"
            }
        )
    )

    def answer(query: str) -> list[tuple[str, float]]:
        return [(h.passage.text, h.score) for h in library.search(query).hits]

    assert answer("Rust’s ownership") == answer("Rust's ownership")
    assert answer("why doesn’t it warn") == answer("why doesn't it warn")
    assert answer("why doesn’t it warn")[0][0] == "The compiler doesn’t warn."
    assert answer("quran")[0][0] == "The Qur’an was recited."
    index = library.index
    assert index.tokens("Rust’s") == index.tokens("Rust's") == ["rust", "s"]


def test_a_hit_says_whether_it_holds_every_word(write_corpus: WriteCorpus) -> None:
    library = passages(
        write_corpus,
        "The harbor keeper lit the lamp.",
        "The harbor was quiet.",
        "Gulls over the water.",
    )
    hits = library.search("harbor keeper", limit=5).hits
    assert [(h.passage.text, h.complete) for h in hits] == [
        ("The harbor keeper lit the lamp.", True),
        ("The harbor was quiet.", False),
    ]
    # A misspelling stands for its word; a word nothing stands for leaves every hit short.
    assert library.search("harbor keepr", limit=1).hits[0].complete
    assert not library.search("harbor keeper zzqxv", limit=1).hits[0].complete


def test_ranked_passages_keep_their_terms_up_to_a_bound(
    write_corpus: WriteCorpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A passage ranked once is not tokenized again for the next query that finds it, and
    what is kept stays under `BODY_CACHE_TERMS` (a passage longer than that alone)."""
    library = passages(
        write_corpus, *(f"Note {n}: alpha beta gamma delta number{n}." for n in range(30))
    )
    index = library.index
    first = [(h.passage.citation_id, h.score) for h in library.search("alpha gamma").hits]
    texts: list[str] = []
    real = index.tokens
    monkeypatch.setattr(index, "tokens", lambda text: texts.append(text) or real(text))
    again = [(h.passage.citation_id, h.score) for h in library.search("alpha gamma").hits]
    assert again == first
    assert not any("Note" in text for text in texts)

    monkeypatch.setattr(search, "BODY_CACHE_TERMS", 20)
    index._bodies.clear()
    index._body_terms = 0
    for query in ("beta delta", "number7 alpha", "gamma number12", "note delta"):
        library.search(query)
        kept = sum(len(terms) for terms in index._bodies.values())
        assert kept == index._body_terms
        assert 0 < kept <= 20


def test_the_snippet_shows_the_stretch_holding_the_most_matched_words() -> None:
    filler = " ".join(["filler"] * 80)
    text = f"harbor {filler} harbor lighthouse keeper {filler} keeper"
    snippet = make_snippet(text, frozenset({"harbor", "lighthouse", "keeper"}), size=120)
    assert snippet.matched == ["harbor", "lighthouse", "keeper"]
    assert snippet.cut_before and snippet.cut_after


def test_a_word_deep_in_a_long_passage_is_shown_in_its_snippet() -> None:
    """A long code block or an unbroken paragraph: the match may come after the stretch a
    snippet first looks at, and the snippet still shows it rather than the opening."""
    filler = " ".join(["filler"] * 2000)
    snippet = make_snippet(f"{filler} unicorn {filler}", frozenset({"unicorn"}))
    assert snippet.matched == ["unicorn"]
    assert snippet.cut_before and snippet.cut_after
    plain = make_snippet(f"{filler} unicorn", frozenset({"dragon"}))
    assert plain.matched == [] and plain.text.startswith("filler filler")


def test_a_contraction_typed_without_its_apostrophe_counts_as_with_it(
    write_corpus: WriteCorpus,
) -> None:
    """Chat is typed "dont" and "havent": read as words, they were corrected to others
    ("haven", a harbour) and asked of every passage."""
    library = Library.load(
        write_corpus(
            {
                "d.md": "# D\n\nShips rest in a safe haven.\n\n"
                "Tests run in parallel unless told otherwise.\n\n"
                "A done test reports once.\n"
            }
        )
    )
    for typed, written in (
        ("why dont my tests run", "why don't my tests run"),
        ("i havent run my tests", "i haven't run my tests"),
    ):
        found = [h.passage.citation_id for h in library.search(typed).hits]
        assert found == [h.passage.citation_id for h in library.search(written).hits]
        assert found[0] == "d/intro/2"
        assert library.search(typed).did_you_mean is None


def test_a_misspelled_sentence_from_the_text_ranks_as_typed_correctly(
    write_corpus: WriteCorpus,
) -> None:
    """The word-order reward reads a misspelled word as its likeliest spelling and a last
    word being typed as its completions, so the passage holding the sentence comes first
    however it was typed."""
    ordered = "Returns the value if the stream is paused, and the reader waits."
    others = [f"The stream reader returns a paused value {n}." for n in range(12)]
    library = passages(write_corpus, *others, ordered)
    for query in (
        "value if the stream is paused",
        "valeu if the straem is pasued",
        "value if the stream is pau",  # still being typed
    ):
        assert top_texts(library, query, 1) == [ordered], query


@pytest.mark.parametrize(
    ("document", "others", "queries", "expected"),
    [
        (
            "# Book\n\n## Common Collections\n\nVectors, strings and hash maps hold values.",
            [f"A common task {n}, and collections of notes." for n in range(8)],
            ("common collections", "comomn collectoins"),
            "d/common-collections/1",
        ),
        (
            # "weapos" is as close to weapon as to weapons: forms of one word, so sure.
            "# Gear\n\n## Weapons\n\nSwords, bows and axes.",
            [f"The weapon of hero {n} was ordinary." for n in range(8)]
            + ["Two weapons, an axe and a bow, were lost."],
            ("weapons axes", "weapos axes"),
            "d/weapons/1",
        ),
    ],
)
def test_misspelled_words_find_the_section_their_heading_names(
    write_corpus: WriteCorpus,
    document: str,
    others: list[str],
    queries: tuple[str, ...],
    expected: str,
) -> None:
    """Headings count a misspelled word's closest spellings when they are forms of one
    word, as they count the word."""
    text = document + "\n\n## Other\n\n" + "\n\n".join(others) + "\n"
    library = Library.load(write_corpus({"d.md": text}))
    for query in queries:
        assert top(library, query) == expected, query


def test_a_misspelled_entry_name_finds_the_entry(write_corpus: WriteCorpus) -> None:
    """A reference's entry named with typos comes first, as it does named right, not the
    spell lists that name it in their text."""
    lists = "".join(
        f"## {who} Cantrips\n\nAcid Splash, Light, Mage Hand, Shocking Grasp\n\n"
        for who in ("Sorcerer", "Wizard")
    )
    lists += "".join(f"## Spell {n}\n\nA spell of the {n}th kind.\n\n" for n in range(30))
    library = Library.load(
        write_corpus(
            {
                "spells.md": "# Spells\n\n## Shocking Grasp\n\n*Evocation cantrip*\n\n"
                "Lightning springs from your hand.\n\n## Shield\n\nA barrier.\n",
                "lists.md": f"# Lists\n\n{lists}",
            }
        )
    )
    for query in ("shocking grasp", "shokcing grsap", "shocking grap"):
        assert top(library, query).startswith("spells/shocking-grasp/"), query


def test_a_section_named_with_the_headings_above_it_comes_first(write_corpus: WriteCorpus) -> None:
    """ "wizard spells 3rd level": the 3rd Level under Wizard Spells, not the Bard's, nor a
    wizard's text that says "3rd level" and "spells"; the place before or after the name,
    misspelled or the name's last word still being typed."""
    lists = "".join(
        f"## {who} Spells\n\n### 1st Level\n\n{first}\n\n### 3rd Level\n\n{third}\n\n"
        for who, first, third in (
            ("Bard", "Charm Person, Sleep", "Fear, Nondetection"),
            ("Wizard", "Magic Missile, Shield", "Fireball, Fly"),
        )
    )
    classes = (
        "# Classes\n\n## Wizard\n\nAt 3rd level, a wizard learns more spells of 3rd level: "
        "wizard spells are spells of the wizard's list.\n\n## Bard\n\nA bard sings.\n"
    )
    library = Library.load(
        write_corpus({"lists.md": f"# Spell Lists\n\n{lists}", "classes.md": classes})
    )
    queries = (
        "wizard spells 3rd level",
        "3rd level wizard spells",
        "wizrd spells 3rd level",
        "wizard spells 3rd levle",
        "wizard spells 3rd lev",
    )

    def first(query: str) -> str:
        return library.search(query, limit=1).hits[0].passage.citation

    for query in queries:
        assert first(query) == "Spell Lists › Wizard Spells › 3rd Level ¶1", query
    assert first("bard 1st level") == "Spell Lists › Bard Spells › 1st Level ¶1"
    # A name in two places that the query's other words both name is in no one place.
    assert first("spells 3rd level") == "Classes › Wizard ¶1"
    # A stop word between the name and the rest makes a sentence.
    assert first("wizard learns spells of 3rd level") == "Classes › Wizard ¶1"
    # Only the documents searched: the list is not in them.
    [hit] = library.search("wizard spells 3rd level", documents=["classes"], limit=1).hits
    assert hit.passage.citation == "Classes › Wizard ¶1"


def test_a_name_framed_by_a_question_names_its_section(write_corpus: WriteCorpus) -> None:
    """ "how does storm of vengeance work": the spell, not the spell list that names it; the
    words framing a name set aside as its stop words are, unless they are the name's own."""
    library = Library.load(
        write_corpus(
            {
                "spells.md": "# Spells\n\n## Storm of Vengeance\n\n*9th-level conjuration*\n\n"
                "A churning storm cloud forms.\n\n## Use an Object\n\nYou interact with it.\n\n"
                "## Object\n\nA thing.\n",
                "lists.md": "# Lists\n\n## Druid Spells\n\nStorm of Vengeance, Shapechange. "
                "Storm of vengeance works as a storm does.\n",
            }
        )
    )
    queries = (
        "how does storm of vengeance work",
        "what is storm of vengeance",
        "explain storm of vengeance",
        "storm of vengeance example",
        "what is storm of vengance",
        "how does storm of vengance work",
        "what is storm of vengea",
    )
    for query in queries:
        assert top(library, query).startswith("spells/storm-vengeance/"), query
    assert top(library, "how to use an object") == "spells/use-object/1"


def test_a_word_only_headings_hold_is_no_misspelling_of_the_texts(
    write_corpus: WriteCorpus,
) -> None:
    """ "polar bear perception": "polar" is the heading's word, not "solar" misspelled;
    where the text holds other forms of a heading's word, the heading's own counts too."""
    bears = "".join(
        f"## {kind} Bear\n\nThe bear has advantage on Perception checks.\n\n"
        for kind in ("Black", "Brown", "Polar")
    )
    text = (
        f"# Creatures\n\n{bears}## Solar\n\nA solar is an angel.\n\n"
        "## Witch\n\nA crone of keen perception.\n\n## Covens\n\nThree witches share their"
        " perception.\n"
    )
    library = Library.load(write_corpus({"creatures.md": text}))
    assert top(library, "polar bear perception") == "creatures/polar-bear/1"
    complete = {
        h.passage.citation_id for h in library.search("witch perception").hits if h.complete
    }
    assert complete == {"creatures/witch/1", "creatures/covens/1"}


def test_a_numbered_division_is_found_by_its_number_written_any_way(
    write_corpus: WriteCorpus,
) -> None:
    """ "meditations book 4", "art of war chapter 3", "enchiridion 30": the division the
    reader cites, its opening first, whichever way the heading writes the number."""
    meditations = "".join(
        f"## BOOK {n}\n\nThe opening thought of book {n.lower()}.\n\nA book is read.\n\n"
        for n in ("ONE", "THREE", "FOUR")
    )
    war = "".join(
        f"## {n}. {name}\n\nSun Tzu said: {name.lower()}.\n\n(3) A third rule of war.\n\n"
        for n, name in (("I", "LAYING PLANS"), ("III", "ATTACK BY STRATAGEM"))
    )
    enchiridion = "".join(f"### {n}\n\nSaying {n} of the handbook.\n\n" for n in ("IV", "V", "XXX"))
    library = Library.load(
        write_corpus(
            {
                "meditations.md": f"# Meditations\n\n{meditations}",
                "war.md": f"# The Art of War\n\n{war}",
                "enchiridion.md": f"# Enchiridion\n\n{enchiridion}",
            }
        )
    )
    expected = {
        "meditations book 4": "Meditations › BOOK FOUR ¶1",
        "art of war chapter 3": "The Art of War › III. ATTACK BY STRATAGEM ¶1",
        "art of war 3": "The Art of War › III. ATTACK BY STRATAGEM ¶1",
        "enchiridion 5": "Enchiridion › V ¶1",
        "enchiridion 30": "Enchiridion › XXX ¶1",
    }
    for query, citation in expected.items():
        assert library.search(query, limit=1).hits[0].passage.citation == citation, query
    # The number alone, spelled as the heading does not, names every division it numbers.
    assert library.search("book 4", limit=1).hits[0].passage.section.headings == ("BOOK FOUR",)


def test_of_places_alike_the_one_named_with_no_other_words_comes_first(
    write_corpus: WriteCorpus,
) -> None:
    """ "vulture keen sight": the Vulture's Keen Sight, not the Giant Vulture's, whose place
    holds "vulture" too but also a word the query does not."""
    entries = "".join(
        f"## {name}\n\n*{kind}*\n\n***Keen Sight.*** The {name.lower()} has advantage{n}.\n\n"
        for n, (name, kind) in enumerate(
            (("Giant Vulture", "Large beast"), ("Vulture", "Medium beast"))
        )
    )
    library = Library.load(write_corpus({"creatures.md": f"# Creatures\n\n{entries}"}))
    for query in ("vulture keen sight", "vulture keen sihgt"):
        [hit] = library.search(query, limit=1).hits
        assert hit.passage.text.endswith("The vulture has advantage1."), query
    [match] = library.topic("vulture keen sight", limit=1)
    assert match.passage.text.endswith("The vulture has advantage1.")
