"""Just enough of Docker's rules to replay the Dockerfile without a Docker engine: its
instructions by stage, and which files of the build context .dockerignore lets through."""

from __future__ import annotations

import json
import os
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str

    def exec_form(self) -> list[str]:
        """The JSON array of an exec-form CMD, ENTRYPOINT (or HEALTHCHECK's CMD)."""
        args = self.args
        if self.keyword == "HEALTHCHECK":
            args = args[args.index("CMD ") + 4 :].strip()
        value = json.loads(args)
        assert isinstance(value, list) and all(isinstance(v, str) for v in value), args
        return value

    def flags_and_words(self) -> tuple[dict[str, str], list[str]]:
        """`--flag=value` options and the other words (COPY, HEALTHCHECK, RUN...)."""
        flags: dict[str, str] = {}
        words: list[str] = []
        for word in shlex.split(self.args):
            if word.startswith("--") and not words:
                name, _, value = word[2:].partition("=")
                flags[name] = value
            else:
                words.append(word)
        return flags, words


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def last(self, keyword: str) -> Instruction:
        found = self.all(keyword)
        assert found, f"no {keyword} in stage {self.name}"
        return found[-1]

    def env(self) -> dict[str, str]:
        """ENV key=value pairs, in order, with $VAR references to earlier ones left as is."""
        values: dict[str, str] = {}
        for instruction in self.all("ENV"):
            for word in shlex.split(instruction.args):
                key, sep, value = word.partition("=")
                assert sep, f"use ENV key=value, not {instruction.args!r}"
                values[key] = value
        return values

    def workdir(self) -> str:
        return self.last("WORKDIR").args


def parse(text: str) -> tuple[dict[str, str], list[Stage]]:
    """The global ARGs (name: default) and the stages of a Dockerfile."""
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for keyword, rest in _instructions(text):
        if keyword == "FROM":
            words = rest.split()
            base = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)), words[0])
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append(Stage(base, name))
        elif not stages and keyword == "ARG":
            key, _, default = rest.partition("=")
            args[key] = default
        else:
            assert stages, f"{keyword} before FROM"
            stages[-1].instructions.append(Instruction(keyword, rest))
    return args, stages


def _instructions(text: str) -> Iterator[tuple[str, str]]:
    logical = ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#") or (not stripped and not logical):
            continue
        if stripped.endswith("\\"):
            logical += stripped[:-1] + " "
            continue
        logical += stripped
        keyword, _, rest = logical.partition(" ")
        yield keyword.upper(), rest.strip()
        logical = ""
    assert not logical, "a continuation line ends the file"


class DockerIgnore:
    """`.dockerignore`: the last pattern matching a path (or one of its parent folders)
    decides; `!` lets it back in; `*` stays within a folder, `**` crosses folders."""

    def __init__(self, text: str) -> None:
        self.rules: list[tuple[bool, re.Pattern[str]]] = []
        self._kept_prefixes: list[str] = []
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            keep = line.startswith("!")
            pattern = line.removeprefix("!").strip().strip("/")
            self.rules.append((keep, re.compile(_glob(pattern))))
            if keep:
                self._kept_prefixes.append(re.split(r"[*?\[]", pattern)[0])

    def excluded(self, relative: str) -> bool:
        parts = relative.strip("/").split("/")
        result = False
        for keep, rule in self.rules:
            if any(rule.fullmatch("/".join(parts[:n])) for n in range(1, len(parts) + 1)):
                result = not keep
        return result

    def context(self, root: Path) -> Iterator[str]:
        """Every file of the build context at `root` sent to the builder (relative paths).

        An excluded folder no `!` pattern can reach into is not walked (.venv, .git)."""
        for folder, folders, files in os.walk(root):
            base = Path(folder).relative_to(root).as_posix()
            base = "" if base == "." else base + "/"
            folders[:] = [
                name
                for name in sorted(folders)
                if not self.excluded(base + name) or self._reachable(base + name)
            ]
            for name in sorted(files):
                if not self.excluded(base + name):
                    yield base + name

    def _reachable(self, folder: str) -> bool:
        return any(
            prefix.startswith(folder + "/") or not prefix or folder.startswith(prefix)
            for prefix in self._kept_prefixes
        )


def _glob(pattern: str) -> str:
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return out
