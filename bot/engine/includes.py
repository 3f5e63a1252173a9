"""mdBook's file includes, resolved as the book shows them: `{{#include path}}` and
`{{#rustdoc_include path}}` with mdBook's selections, a line (`:2`), a range (`::10`, `:2:`,
`:2:10`) or an anchor (`:name`, the lines between `ANCHOR: name` and `ANCHOR_END: name`).

The Rust book writes almost every code listing so (705 of its 3,023 passages held such a line
instead of the code). A path is read only inside the corpus folder, or inside the book folder
when the corpus is an mdBook's source folder (the folder beside `book.toml`, where the Rust
book keeps its `listings`): never a file elsewhere on the machine. A directive that does not
resolve stays as written, so a reader sees what is missing.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from pathlib import Path

MAX_BYTES = 512_000
"""A larger file is no listing: its directive stays as written."""

_DIRECTIVE = re.compile(r"\\?\{\{#(?:include|rustdoc_include)[ \t]+([^\s{}]+)[ \t]*\}\}")
_ANCHOR_LINE = re.compile(r"ANCHOR(?:_END)?:\s*\w")
_INDENT = re.compile(r"[ \t>]*")


def include_root(corpus_root: Path) -> Path:
    """The folder includes may read from (as an absolute path, not resolved): the book
    folder of an mdBook whose source folder the corpus is, else the corpus folder."""
    root = corpus_root.absolute()
    return root.parent if (root.parent / "book.toml").is_file() else root


def build_output(corpus_root: Path) -> Path | None:
    """Where `mdbook build` writes the book whose source folder the corpus is (`book`, or
    the `build-dir` of `book.toml`), as an absolute path; None when the corpus is no book's
    source. No passage is ever read from there, so it is neither watched nor hashed."""
    root = include_root(corpus_root)
    if root == corpus_root.absolute():
        return None
    folder = "book"
    with contextlib.suppress(OSError, tomllib.TOMLDecodeError):
        build = tomllib.loads((root / "book.toml").read_text(encoding="utf-8")).get("build")
        if isinstance(build, dict) and isinstance(build.get("build-dir"), str):
            folder = build["build-dir"]
    return root / folder


def expand_includes(
    text: str, folder: Path, allowed: Path, read: dict[Path, list[str] | None] | None = None
) -> str:
    """`text` (from a file in `folder`) with each include directive replaced by the lines it
    selects, each continuing the directive's indentation (in a list, a block quote); only
    files under `allowed`, a resolved path, are read. `read` keeps the files read, for the
    other passages of the same chapter (the Rust book takes a listing's parts by anchor,
    one directive each)."""
    files: dict[Path, list[str] | None] = {} if read is None else read
    if "{{#" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        if match.group(0).startswith("\\"):
            # Escaped: mdBook shows the directive itself.
            return match.group(0)[1:]
        lines = _selected(match.group(1), folder, allowed, files)
        if lines is None:
            return match.group(0)
        line_start = text.rfind("\n", 0, match.start()) + 1
        prefix = text[line_start : match.start()]
        indent = prefix if _INDENT.fullmatch(prefix) else ""
        return ("\n" + indent).join(lines)

    return _DIRECTIVE.sub(replace, text)


def _selected(
    spec: str, folder: Path, allowed: Path, files: dict[Path, list[str] | None]
) -> list[str] | None:
    """The lines of the file a directive names that it selects, without anchor marks; None
    when the file cannot be read here or the selection is not in it."""
    name, _, selection = spec.partition(":")
    path = (folder / name).resolve()
    if path not in files:
        files[path] = _read_lines(path, allowed)
    lines = files[path]
    if lines is None:
        return None
    chosen = _lines(lines, selection)
    if chosen is None:
        return None
    return [line for line in chosen if not _ANCHOR_LINE.search(line)]


def _read_lines(path: Path, allowed: Path) -> list[str] | None:
    if not path.is_relative_to(allowed):
        return None
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None


def _lines(lines: list[str], selection: str) -> list[str] | None:
    if not selection:
        return lines
    first, colon, last = selection.partition(":")
    if not colon and not first.isdigit():
        return _anchored(lines, first)
    if (first and not first.isdigit()) or (last and not last.isdigit()):
        return None
    start = int(first) - 1 if first else 0
    if not colon:
        return lines[start : start + 1]
    return lines[start : int(last) if last else None]


def _anchored(lines: list[str], anchor: str) -> list[str] | None:
    opening = re.compile(rf"ANCHOR:\s*{re.escape(anchor)}\b")
    closing = re.compile(rf"ANCHOR_END:\s*{re.escape(anchor)}\b")
    start = next((i for i, line in enumerate(lines) if opening.search(line)), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if closing.search(lines[i])), len(lines))
    return lines[start + 1 : end]
