"""A results folder holds one experiment, whole, or refuses.

* One run at a time: a run holds an exclusive lock on `DIR/.lock` (with its pid in it) from
  before it looks at the folder until its files are in place; a second run exits at once.
* No mixing: a folder holding another experiment, an unfinished run, or files gridsim did
  not write is refused unless `--force` (or `--resume` of the same experiment). `--force`
  never deletes a file gridsim did not write (except inside its own `parts/`); the earlier
  experiment stays whole until the new one replaces it.
* One switch: the final files are assembled in `DIR/.staging-<token>/<name>/`, with a
  `manifest.json` that lists every file and its checksum. The switch removes the old
  manifest first, then moves the files in, then the new manifest last. Killed at any instant,
  the folder holds the old experiment whole, the new one whole, or no manifest (or one whose
  checksums do not match), which readers refuse (`folder_problem`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class OutputError(Exception):
    """The results folder cannot be written (or may not be, as it is)."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()
"""What an ordinary file gets here (mkstemp alone would make it private: 0600)."""

LOCK = ".lock"
MANIFEST = "manifest.json"
PARTS = "parts"
STAGING = ".staging-"
DATA_FILES = (
    "issues.parquet",
    "summary.csv",
    "scenario.yaml",
    "scenario.source.yaml",
    "sweep.csv",
    "comparison.csv",
    "calibration.csv",
)
"""What an experiment consists of: the manifest lists the checksum of each one present."""
VIEWS = ("report.html", "summary.pdf", "warmup.png")
"""Drawn from the data, so drawn again at will: not checksummed, replaced with the data."""
FIGURE = re.compile(r"[a-z_]+-(on_site|resolution|plan)\.(png|svg)")
"""What `gridsim plot` writes into the folder by default."""


def is_gridsim_file(name: str) -> bool:
    """Whether gridsim writes files of this name in a results folder."""
    hidden = name in (LOCK, PARTS) or name.startswith(STAGING)
    temporary = name.startswith(".") and name.endswith(".tmp")
    known = name in (*DATA_FILES, *VIEWS, MANIFEST) or bool(FIGURE.fullmatch(name))
    return known or hidden or temporary


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_record(path: Path) -> dict[str, Any]:
    """What the manifest (or a part's record) keeps of a file to recognise it later."""
    return {"sha256": sha256_of(path), "bytes": path.stat().st_size}


def cannot_write(error: OSError, where: Path) -> OutputError:
    """An OSError while writing as a one-line message: which file, what went wrong."""
    name = error.filename or where
    hint = "; free some space and run again (with --resume)" if error.errno == errno.ENOSPC else ""
    return OutputError(f"{name}: cannot write ({error.strerror or error}){hint}")


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold `folder/.lock` for the run; another run holding it is refused with its pid."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as e:
        raise OutputError(f"{folder}: cannot create the results folder ({e.strerror})") from e
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise OutputError(
                f"{folder}: in use by another gridsim run (pid {holder}); wait for it to "
                "end, or choose another --out"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)


def read_json(path: Path) -> tuple[dict | None, str]:
    """(the object, "") or (None, why not): "" when there is no such file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, ""
    except (OSError, ValueError) as e:
        return None, f"cannot be read ({e})"
    return (data, "") if isinstance(data, dict) else (None, "does not hold an object")


def folder_problem(folder: Path, manifest: dict) -> str | None:
    """Why the folder's files do not make one experiment, or None when they do."""
    files = manifest.get("files")
    if not isinstance(files, dict):
        return (
            "manifest.json lists no files and checksums (written by an older gridsim?): "
            "cannot tell whether the files belong together; run the experiment again"
        )
    for name in DATA_FILES:
        if name not in files and (folder / name).exists():
            return (
                f"{name} is not part of the experiment in manifest.json (left by another "
                "experiment): the files do not belong together; run it again with --force"
            )
    for name, want in files.items():
        path = folder / name
        if not path.is_file():
            return f"{name} is missing: the experiment is incomplete; run it again"
        if not isinstance(want, dict) or path.stat().st_size != want.get("bytes"):
            return f"{name} is not the file manifest.json lists (size differs): files are mixed"
        if sha256_of(path) != want.get("sha256"):
            return f"{name} is not the file manifest.json lists (checksum differs): files are mixed"
    return None


def describe(manifest: dict) -> str:
    """An experiment in a few words: which command, which scenario, when."""
    what = f"a {manifest.get('command', 'run')} of {manifest.get('scenario', '?')!r}"
    return f"{what} started {manifest.get('started', '?')}"


def listing(names: list[str], most: int = 5) -> str:
    """The first few names, and how many more."""
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(names[:most]) + more


def claim(folder: Path, run_id: str, command: str, resume: bool, force: bool) -> bool:
    """Whether this experiment may write into ``folder`` (else `OutputError` says why and
    how to proceed); returns whether the finished parts there are to be kept (resume)."""
    names = sorted(p.name for p in folder.iterdir())
    unknown = [n for n in names if not is_gridsim_file(n)]
    parts, damaged = read_json(folder / PARTS / "run.json")
    ours = parts is not None and (parts.get("experiment_id"), parts.get("command", "run")) == (
        run_id,
        command,
    )
    if damaged and not force:
        raise OutputError(
            f"{folder / PARTS / 'run.json'} {damaged}: cannot tell which "
            "experiment its parts belong to; run with --force to start over"
        )
    if ours and resume:
        return True
    if force:
        return False
    if unknown:
        shown = listing(unknown)
        raise OutputError(
            f"{folder}: holds files gridsim did not write ({shown}); choose an "
            "empty --out, or --force to write beside them (they are kept)"
        )
    if ours:
        raise OutputError(
            f"{folder}: holds an unfinished run of this experiment; add "
            "--resume to continue it, or --force to start over"
        )
    if parts is not None:
        what = (
            "--resume: the unfinished run here is of a different"
            if resume
            else ("holds an unfinished run of another")
        )
        raise OutputError(
            f"{folder}: {what} experiment (scenario, variants, replications or "
            "command); choose another --out, or --force to replace it"
        )
    return _claim_final(folder, run_id, command, resume)


def _claim_final(folder: Path, run_id: str, command: str, resume: bool) -> bool:
    """The part of `claim` about the final files of an earlier experiment."""
    manifest, _ = read_json(folder / MANIFEST)
    if manifest is not None:
        if (manifest.get("experiment_id"), manifest.get("command", "run")) == (run_id, command):
            raise OutputError(
                f"{folder}: already holds this experiment, complete"
                f"{' (nothing to resume)' if resume else ''}; `gridsim report` "
                "renders it again, --force runs it again"
            )
        raise OutputError(
            f"{folder}: holds another experiment ({describe(manifest)}); "
            "choose another --out, or --force to replace it"
        )
    if any((folder / n).exists() for n in (*DATA_FILES, MANIFEST, *VIEWS)):
        raise OutputError(
            f"{folder}: holds an incomplete experiment (no readable "
            "manifest.json); choose another --out, or --force to replace it"
        )
    return False


@contextlib.contextmanager
def alone(folder: Path, name: str) -> Iterator[None]:
    """For a command that writes one file of its own (`calibrate`, `warmup`): hold the
    folder, which may hold nothing else (that file would not belong to an experiment)."""
    with locked(folder):
        others = sorted(p.name for p in folder.iterdir() if p.name not in (name, LOCK))
        if others:
            raise OutputError(
                f"{folder}: holds other files ({listing(others)}); {name} "
                "would not belong with them: choose another --out"
            )
        yield


def clear_work(folder: Path, keep_parts: bool) -> None:
    """Remove what killed runs left: temporary files, staging folders and (unless resuming)
    the parts. Only gridsim's own files and subfolders; only under the lock."""
    for path in folder.glob(".*.tmp"):
        path.unlink(missing_ok=True)
    for path in folder.glob(f"{STAGING}*"):
        shutil.rmtree(path, ignore_errors=True)
    parts = folder / PARTS
    if not keep_parts and parts.is_dir():
        shutil.rmtree(parts)


def switch(folder: Path, staged: Path) -> None:
    """Put the staged experiment in place of whatever the folder held (see the module)."""
    (folder / MANIFEST).unlink(missing_ok=True)
    new = {p.name for p in staged.iterdir()}
    for path in folder.iterdir():
        old = path.is_file() and is_gridsim_file(path.name) and path.name not in new
        if old and not path.name.startswith("."):  # the lock and temporary files stay
            path.unlink()
    for name in sorted(new - {MANIFEST}):
        os.replace(staged / name, folder / name)
    os.replace(staged / MANIFEST, folder / MANIFEST)
