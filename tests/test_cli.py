"""The command line: JSON answers, one query a line from stdin, `check` exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import EXIT_OK, EXIT_PROBLEMS, main
from tests.conftest import BUNDLED, ROOT, WriteCorpus

FIELDS = {"id", "document", "path", "section", "paragraph", "text", "snippet", "score"}


def run_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert main([*args, "--json", "--corpus", str(BUNDLED)]) == EXIT_OK
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_search_json_has_the_documented_fields(capsys: pytest.CaptureFixture[str]) -> None:
    [answer] = run_json(["search", "inteligence", "gathering", "--limit", "3"], capsys)
    assert answer["query"] == "inteligence gathering"
    results = answer["results"]
    assert isinstance(results, list) and 1 <= len(results) <= 3
    first = results[0]
    assert set(first) >= FIELDS
    assert first["id"] == "interests/islamic-nation-protects/3"
    assert first["document"] == "Protection of National Interests Abroad"
    assert first["path"] == "protection-of-national-interests-abroad.md"
    assert first["section"] == ["How an Islamic Nation Protects Its Interests Abroad"]
    assert first["paragraph"] == 3
    assert "**Intelligence**" in str(first["snippet"])


def test_stdin_mode_answers_one_line_per_query_in_order(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = ["cyber secrity", "qqqzzzxxx", "", "earthquak"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(queries) + "\n"))
    answers = run_json(["search", "-"], capsys)
    assert [a["query"] for a in answers] == queries
    assert answers[1]["results"] == [] and answers[2]["results"] == []
    assert answers[0]["results"] and answers[3]["results"]


def test_topic_stdin_and_fields(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = "umma\nnothing like this zzz\nforeign direct investment\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    umma, nothing, by_text = run_json(["topic", "-"], capsys)
    assert nothing["results"] == []
    top = umma["results"][0]  # type: ignore[index]
    assert top["match"] == "fuzzy"
    # No heading says "foreign direct investment": the section whose text does answers.
    found = by_text["results"][0]  # type: ignore[index]
    assert found["match"] == "text" and found["topic"] == "Legal and Regulatory Cooperation"
    assert set(top) >= FIELDS
    assert top["section"] == ["Solidifying the Islamic Ummah"]
    assert str(top["text"]).startswith("Regardless of their place in the world")


def test_cite_and_random_json(capsys: pytest.CaptureFixture[str]) -> None:
    [exact, stale] = run_json(
        ["cite", "interests/islamic-nation-protects/3", "interests/islamic-nation-protects/3@0"],
        capsys,
    )
    assert exact["exact"] is True and stale["exact"] is False and "changed" in str(stale["note"])
    picks = run_json(["random", "--document", "interests", "--count", "8", "--seed", "1"], capsys)
    ids = [p["results"][0]["id"] for p in picks]  # type: ignore[index]
    assert len(set(ids)) == 8 and all(str(i).startswith("interests/") for i in ids)


def test_check_exit_codes(write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--corpus", str(BUNDLED)]) == EXIT_OK
    root = write_corpus({"good.md": "# G\n\ntext\n", "bad.md": b"caf\xe9\n"})
    assert main(["check", "--json", "--corpus", str(root)]) == EXIT_PROBLEMS
    report = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert report["skipped"] == 1 and report["problems"][0]["file"] == "bad.md"
    assert report["language"] == "english" and report["cjk_pairs"] is False
    assert main(["check", "--corpus", str(root.parent / "missing")]) == EXIT_PROBLEMS


def test_check_of_an_empty_folder_fails_without_saying_ok(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--corpus", str(tmp_path)]) == EXIT_PROBLEMS
    out, err = capsys.readouterr()
    assert "0 passages" in out and "ok" not in out
    assert "no passage loaded" in err


def test_check_says_cjk_text_is_searched_by_pairs(
    write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_corpus({"zh.md": "# 文档\n\n此对象的所有顶层属性都会被代理到组件实例上。\n"})
    assert main(["check", "--corpus", str(root)]) == EXIT_OK
    assert "searched as English, CJK text by pairs of characters" in capsys.readouterr().out


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "bot", "search", "security", "--limit", "10"]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in err
