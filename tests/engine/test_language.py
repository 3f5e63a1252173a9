"""The corpus language: read from its most common words, it picks stop words and stems."""

from __future__ import annotations

import pytest

from bot.engine import language
from bot.engine.library import Library
from bot.engine.text import fold
from tests.conftest import WriteCorpus


def common(text: str) -> list[tuple[str, int]]:
    """Words with made-up passage counts, the most common first, as an index lists them."""
    words = text.split()
    return [(word, 100 - i) for i, word in enumerate(words)]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("the of and to in is that for it with as on by file read", "english"),
        ("de la le et les des en un une du que qui dans est pour pas", "french"),
        ("der die und in den von zu das mit sich des auf für ist im", "german"),
        ("de la que el en y a los del se las por un para con no una", "spanish"),
        ("fn let mut impl struct enum vec println unwrap match", "english"),
    ],
)
def test_the_language_whose_stop_words_are_most_common_is_detected(
    words: str, expected: str
) -> None:
    assert language.detect(common(words)) == expected


def test_stop_words_are_the_languages_own() -> None:
    french = language.StopWords("french")
    assert "les" in french and "mes" in french and "sur" in french
    assert "synchroniser" not in french and "notes" not in french
    assert language.stop_words_among("german", ["und", "haus", "der"]) == {"und", "der"}


def test_the_fixtures_are_english(
    bundled: Library, nodejs: Library, rust_book: Library, tldr: Library
) -> None:
    assert {lib.index.language for lib in (bundled, nodejs, rust_book, tldr)} == {"english"}


def test_folded_stop_words_are_stop_words() -> None:
    """The index folds accents, so "für" reaches the stop words as "fur"."""
    german, spanish, french = (language.StopWords(x) for x in ("german", "spanish", "french"))
    assert "fur" in german and "uber" in german
    assert "haus" not in german and "benutzer" not in german
    assert "mas" in spanish and "casa" not in spanish
    assert "meme" in french and "etaient" in french and "fichier" not in french


@pytest.mark.parametrize(
    ("lang", "word"), [("french", "comment"), ("french", "pourquoi"), ("german", "warum")]
)
def test_words_that_ask_a_question_are_stop_words(lang: str, word: str) -> None:
    assert word in language.StopWords(lang)
    assert word not in language.StopWords("english")


def test_accented_spellings_are_few_and_folded_back_to_the_word() -> None:
    spellings = list(language.accented_spellings("etaient"))
    assert "étaient" in spellings and len(spellings) < 100
    assert {fold(s) for s in spellings} == {"etaient"}
    assert list(language.accented_spellings("xyz" * 5)) == []


FRENCH = (
    "# Aide\n\n## Synchronisation\n\n"
    "Synchroniser les notes : activez la synchronisation de chaque appareil.\n\n"
    "## Questions\n\n"
    "Mes notes et mes coffres : sur les deux appareils, rien ne change pour le moment.\n\n"
    "## Dossiers\n\n"
    "Les dossiers de la bibliothèque sont dans le coffre, et les fichiers sont des notes en "
    "Markdown.\n\n"
    "Il est possible de déplacer une note dans un autre dossier avec la souris ou avec le "
    "clavier.\n\n## Modèles\n\n"
    "Un modèle est une note que vous pouvez insérer dans une autre note pour gagner du temps.\n"
)
GERMAN = (
    "# Hilfe\n\n## Konto\n\n"
    "Benutzer können die Einstellungen jederzeit in der Seitenleiste ändern.\n\n"
    "## Fragen\n\n"
    "Für alle Fragen sind wir für Sie da, und die Antwort kommt mit der Post.\n\n"
    "## Dateien\n\n"
    "Die Dateien werden auf dem Gerät gespeichert, und sie sind nicht in der Cloud, wenn Sie "
    "das nicht wollen.\n"
)


@pytest.mark.parametrize(
    ("text", "lang", "query", "answer"),
    [
        # "mes" and "sur" say nothing in French: with English stop words, the passage
        # holding "mes notes … sur … appareils" came first.
        (FRENCH, "french", "synchroniser mes notes sur les appareils", "Synchroniser les"),
        (FRENCH, "french", "comment synchroniser les notes", "Synchroniser les"),
        # "für" reaches the stop words folded, as "fur".
        (GERMAN, "german", "Einstellungen für Benutzer", "Benutzer können"),
    ],
)
def test_a_corpus_is_searched_with_its_languages_stop_words(
    write_corpus: WriteCorpus, text: str, lang: str, query: str, answer: str
) -> None:
    """The passage holding every word that says something answers the query whole."""
    library = Library.load(write_corpus({"help.md": text}))
    assert library.index.language == lang
    hit = library.search(query).hits[0]
    assert hit.passage.text.startswith(answer) and hit.complete
