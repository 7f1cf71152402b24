"""The tutorial notebooks: committed clean, read as a tutorial, and run top to bottom.

Each notebook is executed with nbclient in a kernel that runs *this* Python (the one with
geokg installed): a kernelspec is written to a temporary folder put first on
``JUPYTER_PATH``, because the machine's own ``python3`` kernel may point anywhere.  Then
a few results are read back from the executed cells, found by their tags.
"""

from __future__ import annotations

import ast
import html
import json
import os
import re
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_build_and_inspect", "02_sparql", "03_alliances"]
KERNEL = "geokg-test-venv"
#: Seconds one cell may take before it counts as hung (a whole notebook takes seconds).
CELL_TIMEOUT = 600


def read(name: str):
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def test_the_folder_holds_the_three_tutorials():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs_or_execution_counts(name):
    dirty = [
        i for i, cell in enumerate(read(name).cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert dirty == [], f"{name}.ipynb: clear the outputs of cells {dirty} before committing"


@pytest.mark.parametrize("name", NAMES)
def test_a_sentence_comes_before_every_code_cell(name):
    cells = read(name).cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    bare = [
        i for i, cell in enumerate(cells)
        if cell.cell_type == "code" and (cells[i - 1].cell_type != "markdown" or not cells[i - 1].source.strip())
    ]
    assert bare == [], f"{name}.ipynb: code cells {bare} have no explanation before them"


# -- executing -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """A kernelspec for this interpreter, visible to nbclient through ``JUPYTER_PATH``."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "geokg (test venv)",
        "language": "python",
    }))
    saved = {k: os.environ.get(k) for k in ("JUPYTER_PATH", "MPLBACKEND")}
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(root), saved["JUPYTER_PATH"]]))
    os.environ.pop("MPLBACKEND", None)  # let ipykernel pick its inline backend, as in Jupyter
    yield KERNEL
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="module")
def executed(kernel):
    """Run each notebook once, from the notebooks folder as Jupyter would; cache the result."""
    cache: dict[str, object] = {}

    def run(name: str):
        if name not in cache:
            nb = read(name)
            client = nbclient.NotebookClient(
                nb, timeout=CELL_TIMEOUT, kernel_name=kernel,
                resources={"metadata": {"path": str(NOTEBOOKS)}},
            )
            try:
                client.execute()
                cache[name] = nb
            except Exception as exc:  # noqa: BLE001 - reported by the test that needs it
                cache[name] = exc
        result = cache[name]
        if isinstance(result, Exception):
            pytest.fail(f"{name}.ipynb failed when run top to bottom:\n{result}")
        return result

    return run


def tagged(nb, tag: str):
    cells = [c for c in nb.cells if tag in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"expected one cell tagged {tag!r}"
    return cells[0]


def text_of(cell) -> str:
    """Everything a cell printed or displayed, as text (stdout, text/plain, text/html)."""
    parts = []
    for out in cell.outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            parts.extend(out.data.get(kind, "") for kind in ("text/plain", "text/html"))
    return "\n".join(parts)


@pytest.mark.parametrize("name", NAMES)
def test_runs_top_to_bottom_without_errors_and_cleans_up(name, executed):
    before = sorted(p.name for p in NOTEBOOKS.iterdir())
    nb = executed(name)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code")
    # the store went to a temporary folder outside the repository, removed at the end
    shown = "\n".join(text_of(c) for c in nb.cells if c.cell_type == "code")
    stores = re.findall(r"<KnowledgeGraph (\S+): ", shown)
    assert stores, "the notebook should show the graph it built"
    for store in stores:
        assert ROOT not in Path(store).parents
        assert not Path(store).exists()
    assert sorted(p.name for p in NOTEBOOKS.iterdir()) == before


def test_build_and_inspect_shows_the_edge_and_its_evidence(executed):
    nb = executed("01_build_and_inspect")
    edge = text_of(tagged(nb, "edge-prk-rus"))
    line = next(x for x in edge.splitlines() if x.startswith("North Korea -> Russia:"))
    assert "sendsTroopsTo" in ast.literal_eval(line.split(":", 1)[1].strip())
    evidence = tagged(nb, "evidence-html").outputs[0].data["text/html"]
    assert evidence.count("<li>") == 3
    assert "<mark>North Korea</mark>" in evidence and "<mark>Russia</mark>" in evidence


def test_build_and_inspect_builds_the_users_own_jsonl(executed):
    nb = executed("01_build_and_inspect")
    table = tagged(nb, "jsonl-build").outputs[0].data["text/plain"]
    assert re.search(r"invented-2\s+2024-03-02\s+Brazil\s+sanctions\s+Venezuela", table)
    assert "Canada" in table and "Mexico" in table
    tried = text_of(tagged(nb, "extract-text"))
    assert "('Norway', 'criticizes', 'Iceland', 'possible')" in tried


def test_sparql_notebook_answers_its_queries(executed):
    nb = executed("02_sparql")
    assert "https://w3id.org/geokg/id/state/PRK" in text_of(tagged(nb, "allies-of"))
    assert re.search(r"Vladimir Putin\s+[\w, ]*\bleads\b", text_of(tagged(nb, "who-represents")))
    conflicts = text_of(tagged(nb, "conflicts"))
    assert re.search(r"Russia\s+atWarWith\s+Ukraine", conflicts)
    assert re.search(r"United Nations\s+sanctions\s+North Korea", conflicts)
    assert "True" in tagged(nb, "ask").outputs[0].data["text/plain"]
    assert re.search(r"North Korea\s+http://www.wikidata.org/entity/Q423", text_of(tagged(nb, "sameas")))


def test_sparql_notebook_shows_the_federated_query_without_running_it(executed):
    shown = text_of(tagged(executed("02_sparql"), "federated"))
    assert "SERVICE <https://query.wikidata.org/sparql>" in shown
    values = re.search(r"VALUES \?wikidata \{ (.*) \}", shown).group(1)
    assert "<http://www.wikidata.org/entity/Q423>" in values.split()


def test_alliances_notebook_puts_north_korea_with_russia(executed):
    nb = executed("03_alliances")
    line = next(x for x in text_of(tagged(nb, "blocs")).splitlines() if x.startswith("North Korea's bloc:"))
    assert "Russia" in ast.literal_eval(line.split(":", 1)[1].strip())
    assert "North Korea" in text_of(tagged(nb, "allies"))


def test_alliances_notebook_draws_a_plot_and_the_inline_graph(executed):
    nb = executed("03_alliances")
    assert any("image/png" in o.get("data", {}) for o in tagged(nb, "plot").outputs)
    page = tagged(nb, "iframe").outputs[0].data["text/html"]
    assert page.startswith('<div class="geokg-graph"><iframe srcdoc="')
    assert "<script" not in page  # the whole page is escaped inside the attribute
    srcdoc = html.unescape(re.search(r'srcdoc="([^"]*)"', page).group(1))
    assert "new vis.Network" in srcdoc and "North Korea" in srcdoc
