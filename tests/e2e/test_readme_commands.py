"""Executed docs: every ``ledger`` command of the README and of the bash blocks in docs/*.md
runs, in order, against the README's demo county, and the README's examples are true."""

from __future__ import annotations

import json
import re
import shlex
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import DEMO_COMMAND, LEDGER, ROOT, ledger_run

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
EXPECTED_EXIT = re.compile(r"#.*\bexit (\d)\b")


def ledger_commands(path: Path) -> list[tuple[list[str], int]]:
    """Each ``ledger ...`` line of the document's bash blocks: (arguments, expected exit)."""
    found = []
    for block in re.findall(r"```bash\n(.*?)```", path.read_text(encoding="utf-8"), re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words[:1] == ["ledger"]:
                expected = EXPECTED_EXIT.search(line)
                found.append((words[1:], int(expected[1]) if expected else 0))
    return found


DOCUMENTED = [path for path in DOCUMENTS if ledger_commands(path)]


def test_the_readme_and_the_docs_have_commands_to_run() -> None:
    """The README and at least the integrity and pages docs are covered."""
    names = {path.name for path in DOCUMENTED}
    assert {"README.md", "api.md", "integrity.md", "pages.md"} <= names


@pytest.mark.slow
@pytest.mark.parametrize("document", DOCUMENTED, ids=lambda path: path.name)
def test_every_documented_command_runs_on_the_demo_county(document: Path, demo_dir: Path) -> None:
    """Each command exits as documented (0 unless its comment says ``exit N``)."""
    for args, expected in ledger_commands(document):
        if args == [word for word in DEMO_COMMAND if word != "--quiet"]:
            continue  # the fixture ran exactly this command (the default county)
        if args[0] == "serve":
            _serve_answers(args, demo_dir)
            continue
        done = ledger_run(args, demo_dir)
        assert done.returncode == expected, f"ledger {shlex.join(args)}\n{done.stderr}"


def test_the_readme_example_household_really_exited(demo_dir: Path, readme_demo: Path) -> None:
    """The household the README calls 'a household that exited' has an Exited event."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    claim = re.search(r"ledger history (\S+) .*# a household that exited", readme)
    assert claim is not None
    done = ledger_run(["history", claim[1], "--db", "demo.db", "--json"], demo_dir)
    assert done.returncode == 0, done.stderr
    types = [json.loads(line)["type"] for line in done.stdout.splitlines()]
    summary = readme_demo / "demo.out"
    assert "Exited" in types, (
        f"the README's exited household {claim[1]} has no Exited event; the demo names "
        f"another: {_exited_highlight(summary)}")


def _exited_highlight(summary: Path) -> str:
    text = summary.read_text(encoding="utf-8") if summary.exists() else ""
    found = re.search(r"an exited household.*\n\s*ledger history (\S+)", text)
    return found[1] if found else "(none printed)"


def _serve_answers(args: list[str], cwd: Path) -> None:
    """``ledger serve ...`` starts and answers /healthz on a free port; then it is stopped."""
    port = _free_port()
    args = [*args]
    for option, value in (("--port", str(port)), ("--host", "127.0.0.1")):
        if option in args:
            args[args.index(option) + 1] = value
        else:
            args += [option, value]
    server = subprocess.Popen([*LEDGER, *args], cwd=cwd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if server.poll() is not None:
                pytest.fail(f"ledger {shlex.join(args)} stopped: {server.communicate()[1]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                    return
            except OSError:
                time.sleep(0.5)
        pytest.fail(f"ledger {shlex.join(args)} did not answer within 180 s")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_the_readme_opens_with_exactly_the_two_setup_commands() -> None:
    """The first code block is the demo and the test script, nothing else."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```bash\n(.*?)```", readme, re.S)
    assert first is not None
    commands = [shlex.split(line, comments=True) for line in first[1].splitlines()]
    assert commands == [["bash", "scripts/demo.sh"], ["bash", "scripts/test.sh"]]


def test_the_readme_documents_the_demo_script_variables() -> None:
    """Every LEDGER_DEMO_* variable scripts/demo.sh reads is named in the README."""
    script = (ROOT / "scripts" / "demo.sh").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    variables = set(re.findall(r"LEDGER_DEMO_[A-Z]+", script))
    assert variables
    assert {name for name in variables if f"`{name}`" not in readme} == set()
