"""Jupyter notebooks: their Markdown and code cells as passages, cited at their lines."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.engine.loader import load_corpus
from bot.engine.model import Severity
from bot.engine.notebooks import NotebookError, notebook_as_markdown
from tests.conftest import WriteCorpus


def notebook(*cells: dict[str, object], language: str = "python") -> str:
    """A notebook as Jupyter saves it: indented by one, each source a list of its lines."""
    return json.dumps(
        {
            "cells": list(cells),
            "metadata": {"kernelspec": {"language": language, "name": "k"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        indent=1,
    )


def cell(kind: str, text: str, **more: object) -> dict[str, object]:
    return {"cell_type": kind, "metadata": {}, **more, "source": text.splitlines(keepends=True)}


def test_cells_are_passages_cited_at_their_lines_in_the_file(write_corpus: WriteCorpus) -> None:
    source = notebook(
        cell("markdown", "# Fitting\n\nWe fit a line.\n\n## Data\n\nLoad the data:"),
        cell("code", "import numpy as np\nx = np.arange(5)", outputs=[], execution_count=1),
        cell("raw", "\\newpage"),
        cell(
            "code",
            "print(x)",
            outputs=[{"output_type": "stream", "name": "stdout", "text": ["[0 1 2 3 4]\n"]}],
            execution_count=2,
        ),
    )
    root = write_corpus({"fit.ipynb": source})
    corpus = load_corpus(root)
    assert not corpus.problems
    [doc] = corpus.documents
    assert doc.title == "Fitting"
    passages = [corpus.passage(i) for i in range(len(corpus))]
    assert [(p.section.headings, p.text) for p in passages] == [
        ((), "We fit a line."),
        (
            ("Data",),
            "Load the data:\n\n```python\nimport numpy as np\nx = np.arange(5)\n```\n\n"
            "```python\nprint(x)\n```",
        ),
    ]
    file_lines = source.split("\n")
    for passage in passages:
        first = passage.text.split("\n")[0]
        assert json.dumps(first)[1:-1] in file_lines[passage.line - 1], passage.line


def test_a_source_saved_as_one_string_is_cited_at_its_key() -> None:
    source = json.dumps({"cells": [{"cell_type": "markdown", "source": "# A\n\nText."}]})
    converted = notebook_as_markdown(source)
    assert converted.markdown == "# A\n\nText.\n"
    assert converted.lines == [1, 1, 1, 1]


def test_code_with_backticks_keeps_its_fence_apart() -> None:
    converted = notebook_as_markdown(notebook(cell("code", 'print("```")'), language="Python 3"))
    assert converted.markdown == '````python3\nprint("```")\n````\n'


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('{\n "cells": [\n  {,\n', 3, "invalid JSON"),
        ('{"worksheets": []}', 1, "no list of cells"),
        ("[1, 2]", 1, "no list of cells"),
    ],
)
def test_a_file_that_is_no_notebook_is_named_and_skipped(
    write_corpus: WriteCorpus, text: str, line: int, reason: str
) -> None:
    with pytest.raises(NotebookError) as raised:
        notebook_as_markdown(text)
    assert raised.value.line == line
    root = write_corpus({"bad.ipynb": text, "good.md": "# Good\n\nText.\n"})
    corpus = load_corpus(root)
    assert [d.file for d in corpus.documents] == ["good.md"]
    [problem] = corpus.problems
    assert (problem.file, problem.line, problem.severity) == ("bad.ipynb", line, Severity.SKIPPED)
    assert reason in problem.reason


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["cells", "cell_type", "source", "metadata", "kernelspec", "x"]),
            inner,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@given(st.one_of(st.text(max_size=200), JSON.map(json.dumps)))
@example('{"cells": []}')
@example('{"cells": [{"cell_type": "code", "source": ["a\\n", 7]}], "metadata": []}')
def test_no_text_makes_the_notebook_reader_raise_anything_else(text: str) -> None:
    try:
        converted = notebook_as_markdown(text)
    except NotebookError as error:
        assert error.line >= 1
    else:
        lines = converted.markdown.count("\n") + 1 if converted.markdown else 0
        assert len(converted.lines) == lines
        assert all(line >= 1 for line in converted.lines)
