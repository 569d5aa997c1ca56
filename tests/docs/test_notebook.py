"""The notebook walkthrough (docs/notebooks/walkthrough.ipynb) runs from top to bottom.

Executed with nbclient in a Jupyter kernel (ipykernel) rather than in the docs build: the
strict docs build stays free of a kernel and of model solves (mkdocs-jupyter 0.27 needs
Python 3.12, the project supports 3.11). The docs link the notebook (docs/notebooks.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "docs" / "notebooks" / "walkthrough.ipynb"


@pytest.mark.slow
def test_walkthrough_notebook_runs(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        "commit the notebook without outputs"
    )
    # the kernel is a subprocess: it imports this checkout
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    monkeypatch.setenv("PYTHONPATH", path)
    client = nbclient.NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    # the two Results show their key figures; the IAMC table and the comparison table
    assert sum("lowcarbon-sim-results" in h for h in html) == 2
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 3
    nbformat.write(nb, tmp_path / "executed.ipynb")
    if os.environ.get("LCS_NOTEBOOK_OUT"):  # keep the executed notebook to look at
        nbformat.write(nb, os.environ["LCS_NOTEBOOK_OUT"])
