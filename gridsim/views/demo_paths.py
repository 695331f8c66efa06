"""The demo's guard on the files it reads: only scenario files inside the folders it was
given (`--scenarios DIR`, default the project's ``scenarios/``), reviewed on its own.

Threat model: the demo is a local web app a facilitator may expose on a room's network, so
anyone in the room can type a scenario path (the URL or the preset box, and a file's
``extends:`` chain) and should not be able to read, or learn the existence or content of, any
file outside the allowed folders. Defences: every folder and path is resolved (symlinks
included) before `is_within` checks it, so neither ``..`` nor a link leads out; only
``.yaml``/``.yml`` files are scenarios; every file of an ``extends:`` chain is checked by the
loader before it is read (merge keys and aliases cannot hide one); a refused file is never
quoted (the messages name the path, not its content), and the preset listing stops at
`MAX_PRESETS` files per folder. Out of scope: a user who can already write into an allowed
folder, and denial of service beyond the loader's size limits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from gridsim.scenario import NotAllowedError, Scenario, ScenarioError, load_scenario, scenario_files
from gridsim.scenario.shipped import shipped_folder

SCENARIO_SUFFIXES = (".yaml", ".yml")
MAX_PRESETS = 500


class DemoPathError(ValueError):
    """A scenario path or folder the demo refuses, with what to do instead."""


def package_scenarios_dir() -> Path:
    """The shipped ``scenarios/`` folder, after any kind of install (gridsim.scenario.shipped)."""
    return shipped_folder()


def allowed_dirs(dirs: Iterable[str | Path] | None = None) -> list[Path]:
    """The folders the demo may read scenarios from, symlinks resolved; the project's
    ``scenarios/`` folder when none are given."""
    given = list(dirs or []) or [package_scenarios_dir()]
    out: list[Path] = []
    for d in given:
        try:
            path = Path(d).expanduser().resolve(strict=True)
        except (OSError, RuntimeError):
            raise DemoPathError(f"{d}: no such scenario folder") from None
        if not path.is_dir():
            raise DemoPathError(f"{d}: not a folder")
        if path not in out:
            out.append(path)
    return out


def is_within(path: Path, dirs: Sequence[Path]) -> bool:
    """Whether ``path`` (already resolved) lies inside one of ``dirs`` (resolved)."""
    return any(path == d or path.is_relative_to(d) for d in dirs)


def check_extends(path: Path, dirs: Sequence[Path]) -> None:
    """Every file the scenario ``extends`` (and so on up the chain) must lie in ``dirs``
    too. The loader reads the chain (merge keys and aliases included, one size limit) and
    refuses an outside file before reading it; any other problem the loader reports when
    the scenario is loaded."""
    try:
        scenario_files(path, dirs)
    except NotAllowedError as e:
        raise DemoPathError(str(e)) from None
    except ScenarioError:
        return


def resolve_scenario(path: str | Path, dirs: Sequence[Path]) -> Path:
    """The scenario file ``path`` names, if it lies in the allowed folders (``dirs``,
    resolved). A relative path is looked up from the working folder, then in each allowed
    folder; symlinks are resolved before the check, so a link cannot lead outside."""
    raw = Path(path).expanduser()
    candidates = [raw] if raw.is_absolute() else [Path.cwd() / raw, *(d / raw for d in dirs)]
    found_outside = False
    for candidate in candidates:
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            continue
        if not is_within(real, dirs):
            found_outside = True
            continue
        if not real.is_file() or real.suffix.lower() not in SCENARIO_SUFFIXES:
            raise DemoPathError(f"{path}: not a scenario file (.yaml or .yml)")
        check_extends(real, dirs)
        return real
    where = ", ".join(str(d) for d in dirs)
    if found_outside:
        raise DemoPathError(
            f"{path}: outside the allowed scenario folders ({where}); "
            "start the demo with --scenarios DIR to allow another folder"
        )
    raise DemoPathError(f"{path}: no such scenario file in the allowed folders ({where})")


def list_presets(dirs: Sequence[Path]) -> dict[str, Path]:
    """Every scenario file under the allowed folders that passes `resolve_scenario`, by a
    short label (its path in its folder, prefixed with the folder's name when there are
    several folders)."""
    presets: dict[str, Path] = {}
    for d in dirs:
        files = sorted(p for s in SCENARIO_SUFFIXES for p in d.rglob(f"*{s}"))
        for file in files[:MAX_PRESETS]:
            rel = file.relative_to(d)
            if any(part.startswith(".") for part in rel.parts):
                continue
            try:
                real = resolve_scenario(file, dirs)
            except DemoPathError:
                continue
            label = rel.as_posix() if len(dirs) == 1 else f"{d.name}/{rel.as_posix()}"
            presets[label] = real
    return presets


def default_preset(presets: Mapping[str, Path], wanted: Path | None = None) -> str | None:
    """The preset to open on: ``wanted`` if it is one, else baseline.yaml, else the first."""
    if not presets:
        return None
    for label, path in presets.items():
        if wanted is not None and path == wanted:
            return label
    for label in presets:
        if Path(label).name == "baseline.yaml":
            return label
    return next(iter(presets))


def file_digest(path: Path, dirs: Sequence[Path]) -> str:
    """A fingerprint of a scenario and the files it extends, so cached results are dropped
    when a file changes on disk (read by the loader, with its checks)."""
    h = hashlib.sha256()
    try:
        for real, text in scenario_files(path, dirs):
            h.update(f"{real}\0{text}\0".encode())
    except ScenarioError as e:  # not cached: the load fails with the same message
        h.update(str(e).encode())
    return h.hexdigest()[:16]


def load_preset(path: Path, dirs: Sequence[Path]) -> Scenario:
    """The preset, loaded with every file of its chain checked against ``dirs``."""
    return load_scenario(path, allowed_dirs=dirs)
