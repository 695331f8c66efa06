"""The scenarios that ship with gridsim, found by name after any kind of install.

They live in the repository's top-level ``scenarios/`` folder; ``gridsim/scenarios`` is a
symlink to it, so the wheel and the sdist carry the files as package data of ``gridsim``
(pyproject's ``[tool.setuptools.package-data]``) and a checkout or an editable install reads
the same files in place. A policy's ``extends: ../baseline.yaml`` resolves in both. A name is
the file's path under that folder without ``.yaml``: ``baseline``, ``policies/nearest``.
"""

from __future__ import annotations

from pathlib import Path

from gridsim.scenario.errors import shorten
from gridsim.scenario.files import read_text
from gridsim.scenario.yaml_io import parse_document

SUFFIX = ".yaml"


def shipped_folder() -> Path:
    """The folder of the shipped scenarios: inside the installed package, else (a checkout
    whose platform did not make the symlink) the repository's ``scenarios/``."""
    package = Path(__file__).resolve().parents[1]
    inside = package / "scenarios"
    return inside if inside.is_dir() else package.parent / "scenarios"


def shipped_scenarios() -> dict[str, Path]:
    """Every shipped scenario by name, sorted: top-level files first, then by folder."""
    folder = shipped_folder()
    names = {p.relative_to(folder).with_suffix("").as_posix(): p
             for p in folder.rglob(f"*{SUFFIX}")}  # fmt: skip
    return {n: names[n] for n in sorted(names, key=lambda n: (n.count("/"), n))}


def shipped_scenario(name: str) -> Path | None:
    """The shipped scenario called ``name`` (``baseline``, ``policies/nearest``; a trailing
    ``.yaml`` is allowed), or None."""
    return shipped_scenarios().get(name.removesuffix(SUFFIX).replace("\\", "/"))


def one_line(path: Path, limit: int = 100) -> str:
    """The first sentence of a scenario file's ``description`` (else its ``name``), at most
    ``limit`` characters, read without validating the file, so a list of them is quick."""
    data, _ = parse_document(read_text(path, str(path)), str(path))
    if not isinstance(data, dict):
        return ""
    text = " ".join(str(data.get("description") or data.get("name") or "").split())
    sentence = text.split(". ", 1)[0]
    return shorten(sentence if sentence.endswith(".") or not sentence else sentence + ".", limit)


__all__ = ["one_line", "shipped_folder", "shipped_scenario", "shipped_scenarios"]
