"""What the commands that run a scenario share: its overrides, where its runs go, its text."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from gridsim.cli_args import option_error


def source_text(path: Path) -> str | None:
    """The scenario file as written, comments and all (already read once, so readable)."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _execution(args: argparse.Namespace) -> dict:
    executor = "dask" if args.scheduler else args.executor
    return {
        "executor": executor,
        "jobs": args.jobs,
        "scheduler": args.scheduler,
        "resume": args.resume,
        "force": args.force,
        "progress": not args.quiet,
    }


def _overrides(args: argparse.Namespace) -> list[str]:
    extra = []
    if args.replications is not None:
        extra.append(f"replications={args.replications}")
    if args.seed is not None:
        extra.append(f"seed={args.seed}")
    return [*args.overrides, *extra]


def refuse_foreign(out: Path, force: bool, files: Sequence[str]) -> None:
    """An --out folder holding files other than ``files`` (another command's) is refused,
    unless --force."""
    if not out.is_dir() or force:
        return
    others = sorted(p.name for p in out.iterdir() if p.name not in files)
    if others:
        listed = ", ".join(others[:3])
        raise option_error("--out", f"{out} holds other files ({listed}...): choose an empty "
                                    "folder, or --force to write beside them")  # fmt: skip


@contextlib.contextmanager
def staged_files(out: Path, prefix: str, files: Sequence[str]) -> Iterator[Path]:
    """A staging folder inside ``out`` to write ``files`` in; they are moved into ``out``
    together when the block ends without error, so an interrupted command leaves the folder
    as it was."""
    out.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=prefix, dir=out))
    try:
        yield staged
        for name in files:
            os.replace(staged / name, out / name)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
