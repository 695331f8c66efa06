"""Docs that run: every code block of README.md and of experiments/studies/*/README.md.

Each README runs in a fresh working folder holding a copy of `scenarios/` (and a link to
`experiments/`), so relative paths read as in the repository and every output folder
(`results/...`, `week.gif`, `/tmp/...`) lands in the temporary folder. Small sizes, by rule:

- the copied `scenarios/baseline.yaml` (which every policy file extends) runs 20 days and
  2 replications instead of 365 and 10;
- shell: a `gridsim` command that takes replications gets `-r 2` appended (the last one wins
  over the README's own) and starts on a fresh output folder (its `--out`, or `run`'s
  default, removed first): the README's examples are independent (so `--resume` has
  nothing to resume here; tests/test_executors.py interrupts and resumes runs);
  `--lhs N` becomes `--lhs 4`; `animate` gets `--step 120 --dpi 40`; a study script gets
  `--quick`, `--replications 2` and `--out` in the working folder;
- Python blocks run as written, with every `replications=N` made `replications=2`.

Commands that are not the program's behaviour are skipped, each with its reason (`SKIP`);
an output block (a line that is not a command) is checked against what the program prints.
Blocks run in their order, so a command may use the folder an earlier one wrote. The
README's quoted verdict of `compare` is checked at full size by `test_quoted_compare_*`.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
SIZED = {"run", "calibrate", "compare", "sweep", "warmup", "replications"}
SKIP = {
    "pip": "installs a package: the environment under test has it installed",
    "venv": "creates an environment: the one under test exists already",
    "pytest": "the test suite itself",
    "ruff": "lint: .ci/run runs it, and `ruff format .` would rewrite the files under test",
    "mypy": "the type check: .ci/run runs it",
    "bench": "a benchmark (100,000 issues, years of runs): timings, not behaviour",
    "demo": "`gridsim demo` is a server that runs until stopped (tests/test_demo.py)",
    "dask": "needs a Dask scheduler at tcp://host:8786 (tests/test_executors.py: local Dask)",
}

pytestmark = pytest.mark.slow


def code_blocks(path: Path) -> list[tuple[str, str]]:
    """(language, text) of every fenced block, in order."""
    return [(m[1], m[2]) for m in FENCE.finditer(path.read_text(encoding="utf-8"))]


def skip_reason(words: list[str]) -> str | None:
    """Why a command is not run, or None."""
    joined = " ".join(words)
    for key, pattern in [("venv", "-m venv"), ("pip", "pip install"), ("pytest", "-m pytest"),
                         ("ruff", "ruff "), ("mypy", "bin/mypy"),
                         ("bench", "experiments/benchmarks/"),
                         ("demo", "gridsim demo"), ("dask", "--scheduler tcp://")]:  # fmt: skip
        if pattern in joined:
            return SKIP[key]
    return None


def gridsim_args(words: list[str], work: Path) -> list[str]:
    """The arguments of a `gridsim` command at small size, globs expanded in ``work``."""
    args: list[str] = []
    for word in words:
        matches = sorted(str(p.relative_to(work)) for p in work.glob(word)) if "*" in word else []
        args.extend(matches or [word])
    args = [str(work / a.lstrip("/")) if a.startswith("/tmp/") else a for a in args]
    if args and args[0] in SIZED:
        shutil.rmtree(work / output_folder(args), ignore_errors=True)
    if "--lhs" in args:
        args[args.index("--lhs") + 1] = "4"
    if args and args[0] == "animate":
        return [*args, "--step", "120", "--dpi", "40"]
    return [*args, "-r", "2"] if args and args[0] in SIZED else args


def output_folder(args: list[str]) -> str:
    """Where a command writes: its --out, or for `run` results/<scenario file's stem>."""
    if "--out" in args:
        return args[args.index("--out") + 1]
    return f"results/{Path(args[1]).stem}" if args[0] == "run" else "no-such-folder"


def study_args(words: list[str], work: Path) -> list[str]:
    """A study script's command line at quick size, writing into ``work``."""
    args, drop = [], 0
    for word in words:
        if drop:
            drop -= 1
        elif word in ("--out", "--replications"):
            drop = 1
        elif word != "--quick":
            args.append(word)
    name = Path(args[0]).parent.name
    return [*args, "--quick", "--replications", "2", "--out", str(work / "out" / name)]


def run_shell_line(line: str, work: Path) -> None:
    """One command of a shell block: each part of an `&&` chain, a `>` redirect kept."""
    for part in line.split("&&"):
        words = shlex.split(part, comments=True)
        if not words:
            continue
        if reason := skip_reason(words):
            print(f"skipped `{part.strip()}`: {reason}")
            continue
        into = None
        if ">" in words:
            at = words.index(">")
            words, into = words[:at], work / words[at + 1]
        program = words[0].removeprefix(".venv/bin/")
        if program == "gridsim":
            argv = [sys.executable, "-m", "gridsim", *gridsim_args(words[1:], work)]
        elif program in ("python", "python3") and words[1:3] == ["-m", "gridsim"]:
            argv = [sys.executable, "-m", "gridsim", *gridsim_args(words[3:], work)]
        elif program in ("python", "python3") and "experiments/studies/" in words[1]:
            argv = [sys.executable, *study_args(words[1:], work)]
        else:
            raise AssertionError(f"no rule to run `{part.strip()}`: add one to {__file__}")
        proc = subprocess.run(argv, cwd=work, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, f"`{part.strip()}`:\n{proc.stderr[-3000:]}"
        if into is not None:
            into.write_text(proc.stdout, encoding="utf-8")


def check_output_block(text: str, work: Path) -> None:
    """An example of an error message: the same message for the same mistake (a misspelt
    field in a file that extends the baseline; the line number differs, the words do not)."""
    (line,) = text.strip().splitlines()
    path, _, message = line.split(":", 2)
    field = re.search(r"([\w.]+): unknown field", message)
    assert field is not None, f"no rule to check the output block {line!r}"
    nested = "".join(f"{'  ' * i}{key}:\n" for i, key in enumerate(field[1].split(".")))
    (work / path).write_text(f"extends: baseline.yaml\n{nested.rstrip()} 3\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "gridsim", "validate", path], cwd=work,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 2 and message.strip() in proc.stderr, proc.stderr


def check_yaml_block(text: str, work: Path) -> None:
    """A scenario fragment: it must be valid on top of the baseline (a file extending it
    and setting each of the fragment's leaves by its dotted path)."""

    def leaves(node: Any, path: str = "") -> dict[str, Any]:
        if not isinstance(node, dict):
            return {path: node}
        return {k: v for key, sub in node.items() for k, v in leaves(sub, f"{path}{key}.").items()}

    values = {path.rstrip("."): value for path, value in leaves(yaml.safe_load(text)).items()}
    lines = "".join(f"  {path}: {json.dumps(v, default=str)}\n" for path, v in values.items())
    (work / "scenarios" / "fragment.yaml").write_text(
        f"extends: baseline.yaml\nset:\n{lines}", encoding="utf-8"
    )
    proc = subprocess.run([sys.executable, "-m", "gridsim", "validate", "scenarios/fragment.yaml"],
                          cwd=work, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]


EXIT_AFTER_BLOCK = "\nimport os, sys\nsys.stdout.flush()\nsys.stderr.flush()\nos._exit(0)\n"
"""Ends a block that ran to its end without the interpreter's teardown, where Arrow's
thread pools now and then abort the process ("terminate called without an active
exception", exit -6; apache/arrow#34314) after all the work is done: seen once in CI on this
README's block. An error in the block still fails it (the traceback comes first, exit 1)."""


def run_python_block(text: str, work: Path) -> None:
    code = re.sub(r"replications=\d+", "replications=2", text) + EXIT_AFTER_BLOCK
    proc = subprocess.run([sys.executable, "-c", code], cwd=work, capture_output=True,
                          text=True, timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]


def small_copy(work: Path) -> Path:
    """``work`` with a 20-day, 2-replication copy of scenarios/ and a link to experiments/."""
    shutil.copytree(ROOT / "scenarios", work / "scenarios")
    baseline = work / "scenarios" / "baseline.yaml"
    text = baseline.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^replications: \d+", "replications: 2", text)
    text = re.sub(r"(?m)^(  horizon_days:) \d+", r"\1 20", text)
    assert "replications: 2" in text and "horizon_days: 20" in text
    baseline.write_text(text, encoding="utf-8")
    (work / "experiments").symlink_to(ROOT / "experiments")
    return work


def run_readme(path: Path, work: Path) -> None:
    for lang, text in code_blocks(path):
        if lang == "python":
            run_python_block(text, work)
        elif lang == "yaml":
            check_yaml_block(text, work)
        elif re.fullmatch(r"\S+\.yaml:\d+: .*\n", text):
            check_output_block(text, work)
        else:
            for line in text.splitlines():
                run_shell_line(line, work)


READMES = [ROOT / "README.md", *sorted((ROOT / "experiments" / "studies").glob("*/README.md"))]


@pytest.mark.parametrize("readme", READMES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_code_block_runs(readme: Path, tmp_path: Path) -> None:
    assert code_blocks(readme), f"{readme} has no code block"
    run_readme(readme, small_copy(tmp_path))


COMPARE = ["compare", "scenarios/baseline.yaml", "scenarios/policies/one_more_repair_crew.yaml"]


def test_quoted_compare_verdict_is_what_the_command_prints() -> None:
    """The README quotes a verdict of `gridsim compare` and the command that gives it: at full
    size (the files' year and 10 replications), it must print exactly that sentence."""
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    command = "gridsim " + " ".join(COMPARE)
    assert f"`{command}`" in readme
    quoted = re.search(r'"(one_more_repair_crew cuts [^"]+)"', readme)
    assert quoted is not None
    proc = subprocess.run([sys.executable, "-m", "gridsim", *COMPARE, "--quiet"], cwd=ROOT,
                          capture_output=True, text=True, timeout=1200)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert quoted[1] in " ".join(proc.stdout.split())
