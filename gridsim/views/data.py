"""Reading a results folder back: the tables, the scenario and the manifest of one experiment.

A results folder is what `gridsim run --out` (or `compare`, `sweep`) writes: `issues.parquet`,
`summary.csv`, `scenario.yaml` and `manifest.json`, and sometimes `scenario.source.yaml` (the
original scenario file, comments included), `calibration.csv`, `comparison.csv` or
`sweep.csv`. `load_results` reads the small files at once and the issue log only when it is
first asked for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pandas as pd

from gridsim.experiment.folder import folder_problem
from gridsim.experiment.results import SUMMARY_FIELDS, read_summary
from gridsim.scenario import Scenario, ScenarioError, load_scenario

REQUIRED = ("summary.csv", "issues.parquet", "scenario.yaml", "manifest.json")
"""The files every results folder holds."""

OPTIONAL = ("scenario.source.yaml", "calibration.csv", "comparison.csv", "sweep.csv")


class ReportError(Exception):
    """A folder that cannot be read as a results folder; names the folder and what is wrong."""

    def __init__(self, folder: Path | str, message: str, missing: tuple[str, ...] = ()) -> None:
        self.folder = Path(folder)
        self.missing = missing
        super().__init__(f"{folder}: {message}")


@dataclass
class ResultsData:
    """One experiment's results, as read from its folder."""

    folder: Path
    summary: pd.DataFrame
    """One row per variant, replication, KPI and scope (summary.csv), values exactly as
    written."""
    scenario: Scenario
    """The effective scenario (scenario.yaml), after the run's `--set` overrides."""
    manifest: dict[str, Any]
    source_text: str | None = None
    """The original scenario file with its comments (scenario.source.yaml), if kept."""
    calibration: pd.DataFrame | None = None
    comparison: pd.DataFrame | None = None
    sweep: pd.DataFrame | None = None
    _issues: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    @property
    def issues(self) -> pd.DataFrame:
        """The issue log (issues.parquet), read on first use and kept."""
        if self._issues is None:
            path = self.folder / "issues.parquet"
            if not path.is_file():
                raise ReportError(self.folder, "issues.parquet is missing", ("issues.parquet",))
            try:
                self._issues = pd.read_parquet(path)
            except Exception as e:  # pyarrow raises several kinds for a damaged file
                raise ReportError(self.folder, f"issues.parquet cannot be read ({e})") from e
        return self._issues

    @property
    def variants(self) -> list[str]:
        """The variants in run order (the manifest's), else in the order summary.csv has them."""
        seen = list(dict.fromkeys(self.summary["variant"]))
        listed = [v for v in self.manifest.get("variants") or [] if v in set(seen)]
        return listed + [v for v in seen if v not in listed]

    def summary_rows(self) -> list[dict[str, Any]]:
        """summary.csv as dicts, as `gridsim.stats.summary.intervals` takes them."""
        return cast("list[dict[str, Any]]", self.summary.to_dict("records"))  # str headers


def load_results(folder: Path | str) -> ResultsData:
    """Read a results folder; a `ReportError` says which file is missing or unreadable."""
    folder = Path(folder)
    if not folder.exists():
        raise ReportError(folder, "no such folder")
    if not folder.is_dir():
        raise ReportError(folder, "not a folder (give the results folder of `gridsim run --out`)")
    missing = tuple(name for name in REQUIRED if not (folder / name).is_file())
    if missing:
        hint = ""
        if (folder / "parts").is_dir():
            hint = "; an unfinished run left parts/ here: finish it with `gridsim run ... --resume`"
        raise ReportError(
            folder,
            f"not a gridsim results folder: {_names(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} missing (a results folder holds "
            f"{_names(REQUIRED)}, written by `gridsim run --out`){hint}",
            missing,
        )
    manifest = _read_manifest(folder)
    mixed = folder_problem(folder, manifest)
    if mixed is not None:
        raise ReportError(folder, mixed)
    return ResultsData(
        folder=folder,
        summary=_read_summary(folder),
        scenario=_read_scenario(folder),
        manifest=manifest,
        source_text=_read_text(folder, "scenario.source.yaml"),
        calibration=_read_csv(folder, "calibration.csv"),
        comparison=_read_csv(folder, "comparison.csv"),
        sweep=_read_csv(folder, "sweep.csv"),
    )


def _names(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _read_summary(folder: Path) -> pd.DataFrame:
    path = folder / "summary.csv"
    try:
        rows = read_summary(path)
    except (KeyError, ValueError, TypeError, UnicodeDecodeError) as e:
        raise ReportError(folder, f"summary.csv cannot be read ({e})") from e
    frame = pd.DataFrame(rows, columns=list(SUMMARY_FIELDS))
    missing = [c for c in SUMMARY_FIELDS if rows and c not in rows[0]]
    if missing or frame.empty:
        what = f"lacks the columns {', '.join(missing)}" if missing else "has no rows"
        raise ReportError(folder, f"summary.csv {what}")
    return frame.astype({"replication": "int64", "value": "float64"})


def _read_scenario(folder: Path) -> Scenario:
    try:
        return load_scenario(folder / "scenario.yaml")
    except ScenarioError as e:
        raise ReportError(folder, f"scenario.yaml is not a valid scenario:\n{e}") from e


def _read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise ReportError(folder, f"manifest.json cannot be read ({e})") from e
    if not isinstance(manifest, dict):
        raise ReportError(folder, "manifest.json does not hold an object")
    return manifest


def _read_text(folder: Path, name: str) -> str | None:
    path = folder / name
    if not path.is_file():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise ReportError(folder, f"{name} is not UTF-8 text ({e})") from e


def _read_csv(folder: Path, name: str) -> pd.DataFrame | None:
    path = folder / name
    if not path.is_file():
        return None
    try:
        return pd.read_csv(path)
    except (ValueError, UnicodeDecodeError) as e:  # pandas' ParserError is a ValueError
        raise ReportError(folder, f"{name} cannot be read ({e})") from e
