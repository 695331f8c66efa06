"""The README's planner questions: each command, run as written (the files' year, the
command's replications), prints the answer lines the README quotes under it.

tests/test_docs.py runs the same commands at small size with every other README block; this
checks the quoted words and numbers at the size they were measured.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow  # three experiments of 15-20 runs of a year (~90 s on 2 cores)


def questions() -> list[tuple[str, str]]:
    """(command, quoted answer) of each question of README's "Planner questions"."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Planner questions", 1)[1].split("\n### ", 1)[0]
    pairs = re.findall(r"```\n(gridsim [^\n]+)\n```\n\n((?:> [^\n]*\n)+)", section)
    return [(cmd, " ".join(line[2:] for line in quote.splitlines())) for cmd, quote in pairs]


def test_the_readme_asks_three_questions() -> None:
    found = questions()
    assert len(found) == 3
    assert [cmd.split()[1] for cmd, _ in found] == ["sweep", "compare", "compare"]
    assert all(quote.startswith("Answer: ") for _, quote in found)


@pytest.mark.parametrize("command,quote", questions(), ids=["crews", "dispatch", "roster"])
def test_each_command_prints_the_quoted_answer(command: str, quote: str) -> None:
    args = shlex.split(command)[1:]
    proc = subprocess.run([sys.executable, "-m", "gridsim", *args, "--quiet"], cwd=ROOT,
                          capture_output=True, text=True, timeout=900,
                          env={**os.environ, "GRIDSIM_LANG": "en"})  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    printed = " ".join(proc.stdout.split())
    assert " ".join(quote.split()) in printed, printed[-3000:]
