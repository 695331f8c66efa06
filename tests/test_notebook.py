"""The walkthrough notebook (issue 18 item 4): kept in the repository without outputs, and
executed from a clean checkout by a real Jupyter kernel (nbclient, ipykernel's `python3`
from this environment), in the notebook's own folder, writing nothing outside tmp."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "experiments" / "notebooks" / "walkthrough.ipynb"


def test_the_notebook_is_stored_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert nb.metadata.kernelspec.name == "python3"
    assert sum(c.cell_type == "markdown" for c in nb.cells) >= len(code) // 2  # said in words


def python3_from_this_environment(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Jupyter's paths in tmp, with a `python3` kernel spec that starts this interpreter: a
    `python3` kernel installed for the user or the system cannot take its place, and the
    kernel's connection file and IPython's history go to tmp too."""
    spec = folder / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "Python 3", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(folder / "jupyter"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(folder / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(folder / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(folder / "ipython"))


@pytest.mark.slow
def test_the_notebook_runs_from_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nbclient import NotebookClient

    python3_from_this_environment(tmp_path, monkeypatch)
    before = sorted(p.name for p in NOTEBOOK.parent.iterdir())
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})  # fmt: skip
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "of problems on site within 10 min" in text
    assert "Answer: " in text  # the comparison and the sweep answer in words
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the ECDF, the sweep
    assert sorted(p.name for p in NOTEBOOK.parent.iterdir()) == before  # wrote nothing there
