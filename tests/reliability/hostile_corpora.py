"""Broken corpora, written on demand: every way a folder of documents goes wrong in practice.

Each case is a function that fills a folder and says what loading must make of it: which
files must still serve, and which must be reported (file and a word of the reason).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

GOOD = "# Good document\n\n## Section\n\nThis passage must still serve: lighthouse.\n"


@dataclass(frozen=True)
class Expect:
    """What loading a hostile corpus must give."""

    serving: set[str]
    """Files that must load as documents."""
    reported: dict[str, str] = field(default_factory=dict)
    """File → a word that must appear in its problem's reason."""
    skipped: set[str] = field(default_factory=set)
    """Files that must be reported as skipped (a problem with severity 'skipped')."""


Case = Callable[[Path], Expect]
CASES: dict[str, Case] = {}


def case(function: Case) -> Case:
    CASES[function.__name__] = function
    return function


def write(root: Path, name: str, content: str | bytes) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


@case
def non_utf8_and_binary(root: Path) -> Expect:
    write(root, "good.md", GOOD)
    write(root, "latin1.md", "# Café\n\nline two\ncafé au lait\n".encode("latin-1"))
    write(root, "cp1252.txt", "smart “quotes”\n".encode("cp1252"))
    write(root, "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    write(root, "utf16.md", "# UTF-16\n\ntext\n".encode("utf-16"))
    return Expect(
        serving={"good.md"},
        reported={
            "latin1.md": "UTF-8",
            "cp1252.txt": "UTF-8",
            "image.md": "binary",
            "utf16.md": "binary",
        },
        skipped={"latin1.md", "cp1252.txt", "image.md", "utf16.md"},
    )


@case
def bom_and_crlf(root: Path) -> Expect:
    write(root, "bom.md", b"\xef\xbb\xbf" + GOOD.encode())
    write(root, "crlf.md", GOOD.replace("\n", "\r\n"))
    write(root, "cr-only.md", GOOD.replace("\n", "\r"))
    return Expect(serving={"bom.md", "crlf.md", "cr-only.md"})


@case
def broken_front_matter(root: Path) -> Expect:
    write(root, "unclosed.md", "---\ntitle: [never closed\n---\n" + GOOD)
    write(root, "list.md", "---\n- a\n- b\n---\n" + GOOD)
    write(root, "scalar.md", "---\njust a string\n---\n" + GOOD)
    write(root, "tabs.md", "---\ntitle:\t\tbad\n\tid: x\n---\n" + GOOD)
    write(root, "no-end.md", "---\ntitle: Open\n\n" + GOOD)
    write(root, "typed.md", "---\ntitle: 12\nid: [1, 2]\ntags: 5\n---\n" + GOOD)
    return Expect(
        serving={"unclosed.md", "list.md", "scalar.md", "tabs.md", "no-end.md", "typed.md"},
        reported={"unclosed.md": "YAML", "list.md": "mapping", "scalar.md": "mapping"},
    )


@case
def empty_and_only_headings(root: Path) -> Expect:
    write(root, "good.md", GOOD)
    write(root, "empty.md", "")
    write(root, "spaces.md", "   \n\n\t\n")
    write(root, "headings.md", "# Only\n\n## Headings\n\n### Here\n")
    write(root, "front-only.md", "---\ntitle: Nothing else\n---\n")
    return Expect(
        serving={"good.md", "headings.md"},
        reported={"empty.md": "empty", "spaces.md": "empty", "headings.md": "headings"},
    )


@case
def huge_headings_and_paragraphs(root: Path) -> Expect:
    write(root, "long-heading.md", "# " + "word " * 200 + "\n\n## " + "x" * 3000 + "\n\ntext\n")
    write(root, "megabyte.md", "# Big\n\n" + ("lorem ipsum dolor sit amet " * 40000) + "\n")
    write(root, "one-line.md", "z" * 200_000)
    return Expect(serving={"long-heading.md", "megabyte.md", "one-line.md"})


@case
def many_tiny_files(root: Path) -> Expect:
    for i in range(10_000):
        write(root, f"tiny/{i // 1000:02d}/note-{i:05d}.md", f"# Note {i}\n\nword{i}\n")
    write(root, "good.md", GOOD)
    return Expect(serving={"good.md", "tiny/00/note-00000.md", "tiny/09/note-09999.md"})


@case
def deep_nesting_and_duplicates(root: Path) -> Expect:
    nested = "/".join(f"level{i}" for i in range(40)) + "/deep.md"
    write(root, nested, GOOD)
    headings = "".join(
        f"{'#' * min(6, i % 6 + 1)} Same heading\n\nsame text {i}\n\n" for i in range(60)
    )
    write(root, "duplicates.md", headings)
    write(root, "same-a.md", "---\nid: twin\n---\n" + GOOD)
    write(root, "same-b.md", "---\nid: twin\n---\n" + GOOD)
    return Expect(
        serving={nested, "duplicates.md", "same-a.md", "same-b.md"},
        reported={"same-b.md": "taken"},
    )


@case
def links_and_unreadable(root: Path) -> Expect:
    write(root, "good.md", GOOD)
    outside = root.parent / f"{root.name}-outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.md").write_text("# Secret\n\npassword hunter2\n")
    os.symlink(outside / "secret.md", root / "escape.md")
    os.symlink(outside, root / "escape-dir")
    os.symlink(root / "missing.md", root / "dangling.md")
    os.symlink(root, root / "loop")
    os.symlink(root / "good.md", root / "alias.md")
    return Expect(
        serving={"good.md", "alias.md"},
        reported={
            "escape.md": "outside",
            "escape-dir": "outside",
            "dangling.md": "broken",
        },
        skipped={"escape.md", "escape-dir", "dangling.md"},
    )


@case
def discord_markup_and_mentions(root: Path) -> Expect:
    write(
        root,
        "mentions.md",
        "# @everyone\n\n## <@123456789012345678> and <@&42>\n\n"
        "Hello @everyone and @here, <@!1> <#2> ||spoiler|| ~~strike~~ `code` **bold\n\n"
        "> quote with @everyone\n\n```\n@here in code\n```\n\n"
        "[click](https://discord.com/invite/x) <t:1700000000:R> :smile: <:emoji:123>\n",
    )
    return Expect(serving={"mentions.md"})


@case
def right_to_left_and_zero_width(root: Path) -> Expect:
    write(
        root,
        "rtl.md",
        "# القرآن الكريم\n\n## פרק ראשון\n\n"
        "نص عربي طويل مع \u200fعلامات\u200f اتجاه.\n\n"
        "Mixed \u202eevil override\u202c and zero\u200bwidth\u200cjoin\u2060ers"
        " and \ufeff BOMs.\n\n"
        "Combining: e\u0301\u0301\u0301\u0301 Z\u0335\u0321\u0327a\u0336lgo.\n",
    )
    return Expect(serving={"rtl.md"})


@case
def odd_markdown(root: Path) -> Expect:
    write(
        root,
        "odd.md",
        "```\nunclosed fence\n# not a heading\n\n"
        + "<div>\n# not a heading either\n</div>\n\n"
        + "| a |\n|---|\n"
        + "| cell |\n" * 500
        + "\n[ref]: <> \n\n"
        + "*" * 5000
        + "\n\n"
        + "[" * 3000
        + "\n",
    )
    write(root, "nested.md", "> " * 200 + "deep quote\n\n" + "  " * 100 + "- deep list\n")
    return Expect(serving={"odd.md", "nested.md"})
