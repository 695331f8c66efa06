"""Reading scenario files: one size limit, no surprises, and (for the demo) only allowed folders.

Every file a load reads (the scenario and each file it `extends`) comes through `Files.read`,
which resolves symlinks and `..`, checks the real file against the allowed folders *before*
opening it, and opens it without blocking (a FIFO is refused, not waited on). A file outside
the folders is never opened, so no message can echo its content.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gridsim.scenario.errors import Problem, ScenarioError

MAX_FILE_BYTES = 5 * 1024 * 1024
"""The one size limit of a scenario file, for every file of an `extends` chain."""


class NotAllowedError(ScenarioError):
    """A file outside the allowed folders: named, never read."""


@dataclass
class Files:
    """The files one load may read (`allowed` folders, resolved; None: any) and has read."""

    allowed: tuple[Path, ...] | None = None
    read: list[tuple[Path, str]] = field(default_factory=list)
    """(real path, text) of each file read, outermost first."""

    @classmethod
    def within(cls, folders: Iterable[str | os.PathLike[str]] | None) -> Files:
        if folders is None:
            return cls()
        return cls(tuple(real_path(Path(f)) for f in folders))

    def allows(self, real: Path) -> bool:
        """Whether the real (resolved) path lies in an allowed folder."""
        if self.allowed is None:
            return True
        return any(real == d or real.is_relative_to(d) for d in self.allowed)

    def check(self, path: Path, shown: str, *, referrer: Problem | None = None) -> Path:
        """The real path of `path`, or NotAllowedError at `referrer` (where it was named)."""
        real = real_path(path)
        if not self.allows(real):
            where = referrer or Problem(shown, None, "", "")
            message = f"{shown}: outside the allowed scenario folders" if referrer else (
                "outside the allowed scenario folders")  # fmt: skip
            raise NotAllowedError([Problem(where.source, where.line, where.path, message)])
        return real

    def read_text(self, path: Path, shown: str, *, referrer: Problem | None = None) -> str:
        """The text of `path`, checked first; with allowed folders the real file is opened
        and a symlink swapped in after the check is refused (O_NOFOLLOW)."""
        real = self.check(path, shown, referrer=referrer)
        text = read_text(real if self.allowed is not None else path, shown,
                         no_follow=self.allowed is not None)  # fmt: skip
        self.read.append((real, text))
        return text


def real_path(path: Path) -> Path:
    """The file itself (symlinks and `..` resolved), even when it does not exist."""
    try:
        return path.resolve()
    except (OSError, ValueError, RuntimeError):
        return Path(os.path.abspath(path))


def read_text(path: Path, source: str, *, no_follow: bool = False) -> str:
    """The file's text, or a ScenarioError saying plainly why it cannot be read."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0) if no_follow else 0
    try:
        _check_kind(os.stat(path), source)  # before opening: a device is never opened
        with os.fdopen(os.open(path, flags), "rb") as handle:
            _check_kind(os.fstat(handle.fileno()), source)  # what was opened
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ScenarioError.single(source, "file not found") from None
    except PermissionError:
        raise ScenarioError.single(source, "permission denied: cannot read the file") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ScenarioError.single(source, f"cannot read the file: {reason}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError.single(source, f"is too large (more than {MAX_FILE_BYTES:,} bytes)")
    return _decode(data, source)


def _check_kind(info: os.stat_result, source: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise ScenarioError.single(source, "is a directory, not a scenario file")
    if not stat.S_ISREG(info.st_mode):
        raise ScenarioError.single(source, "is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise ScenarioError.single(
            source, f"is too large ({info.st_size:,} bytes; at most {MAX_FILE_BYTES:,})"
        )


def _decode(data: bytes, source: str) -> str:
    """UTF-8 text (a BOM is allowed); binary files are named as such."""
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise ScenarioError.single(
            source, "contains NUL bytes: a binary file, not YAML text (save it as UTF-8)", line=line
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        raise ScenarioError.single(
            source, f"is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8", line=line
        ) from None
