"""What the commands that run a scenario share: its overrides, where its runs go, its text."""

from __future__ import annotations

import argparse
from pathlib import Path


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
