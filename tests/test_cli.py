"""Every CLI command on the seed article: in-process (Typer's CliRunner), and a few as real processes."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from tests.helpers import ROOT, SEED_FILE, SEED_ID, SEEDS, run_kg, run_kg_process

COMMANDS = ["extract", "build", "remove", "query", "stats", "viz", "validate", "analyse", "version",
            "serve", "export"]


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_help(command):
    proc = run_kg(command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "Usage" in proc.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_is_in_the_readme(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"\bkg {command}\b", readme), f"`kg {command}` is not documented in README.md"


def test_cli_extract_jsonl_shape(tmp_path, seed_text):
    out = tmp_path / "rel.jsonl"
    proc = run_kg("extract", SEEDS, "--format", "jsonl", "--out", out)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 15
    fields = {"doc", "subject", "predicate", "ancestors", "object", "plover", "quad_class",
              "modality", "negated", "attributed_to", "role", "confidence", "evidence", "rule"}
    for row in rows:
        assert fields <= row.keys()
        assert row["doc"] == SEED_ID
        for end in ("subject", "object"):
            assert {"id", "label", "type"} <= row[end].keys()
            assert row[end]["type"] in ("State", "Organization", "Person", "Group")
            if row[end]["type"] == "State":
                assert re.fullmatch(r"[A-Z]{3}", row[end]["iso3"])
                assert re.fullmatch(r"Q\d+", row[end]["wikidata"])
        assert row["predicate"].startswith("https://w3id.org/geokg/ontology#")
        assert all(a.startswith("https://w3id.org/geokg/ontology#") for a in row["ancestors"])
        ev = row["evidence"]
        assert seed_text[ev["start"]:ev["end"]] == ev["sentence"]
        assert 0 < row["confidence"] <= 1
        assert row["modality"] in ("asserted", "reported", "alleged", "possible", "likely", "planned", "denied")
        if row["predicate"].endswith(("#represents", "#leads")):
            assert row["role"]
        else:
            assert row["role"] is None
    troops = [r for r in rows if r["predicate"].endswith("#sendsTroopsTo")]
    assert troops and troops[0]["subject"]["iso3"] == "PRK" and troops[0]["object"]["iso3"] == "RUS"
    assert troops[0]["plover"] == "AID" and troops[0]["quad_class"] == 2
    assert any(a.endswith("#providesAidTo") for a in troops[0]["ancestors"])


def test_cli_extract_jsonl_names_actors_as_the_article_does(tmp_path):
    """Each actor on a line carries the other names this article wrote for it, and a state
    company its state apart from any iso3 (the company is not the state)."""
    src = tmp_path / "names.jsonl"
    src.write_text(json.dumps({"id": "n1", "text": (
        "Western nations warned Belarus on Monday. Russia's state energy company Gazprom "
        "halted gas supplies to Poland.")}) + "\n", encoding="utf-8")
    proc = run_kg("extract", src, "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    west = next(r["subject"] for r in rows if r["object"]["label"] == "Belarus")
    assert west["type"] == "Group" and "Western nations" in west["aliases"], west
    gazprom = next(r["subject"] for r in rows if r["object"]["label"] == "Poland")
    assert gazprom["label"] == "Gazprom" and gazprom["state"] == "RUS" and "iso3" not in gazprom


def test_cli_extract_ttl_parses(tmp_path):
    import rdflib
    out = tmp_path / "seed.trig"
    proc = run_kg("extract", SEED_FILE, "--format", "ttl", "--out", out)
    assert proc.returncode == 0, proc.stderr
    ds = rdflib.Dataset()
    ds.parse(out, format="trig")
    troops = rdflib.URIRef("https://w3id.org/geokg/ontology#sendsTroopsTo")
    quads = list(ds.quads((rdflib.URIRef("https://w3id.org/geokg/id/state/PRK"), troops,
                           rdflib.URIRef("https://w3id.org/geokg/id/state/RUS"), None)))
    assert quads and str(quads[0][3]).endswith("/graph/000_73f6baf72998de63")


def test_cli_extract_unknown_format_is_usage_error():
    proc = run_kg("extract", SEEDS, "--format", "xml")
    assert proc.returncode == 2
    assert "unknown --format" in proc.stderr


def test_cli_build_then_rebuild_is_unchanged(tmp_path):
    store = tmp_path / "store"
    first = run_kg("build", SEEDS, "--store", store)
    assert first.returncode == 0, first.stderr
    assert "1 added" in first.stderr
    second = run_kg("build", SEEDS, "--store", store)
    assert second.returncode == 0
    assert "1 unchanged" in second.stderr and "0 added" in second.stderr


def test_cli_build_uses_kg_store_env(tmp_path):
    proc = run_kg("build", SEED_FILE, env={"KG_STORE": str(tmp_path / "env-store")})
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "env-store").is_dir()


def test_cli_stats(seed_store):
    proc = run_kg("stats", "--store", seed_store, "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["articles"] == 1
    assert data["relations"]["represents"] >= 6


def test_cli_query_inline_and_formats(seed_store):
    q = "SELECT ?o WHERE { <https://w3id.org/geokg/id/state/PRK> geokg:sendsTroopsTo ?o }"
    csv_out = run_kg("query", q, "--format", "csv", "--store", seed_store)
    assert csv_out.returncode == 0, csv_out.stderr
    assert "https://w3id.org/geokg/id/state/RUS" in csv_out.stdout
    js = run_kg("query", q, "--format", "json", "--store", seed_store)
    data = json.loads(js.stdout)
    assert data["results"]["bindings"][0]["o"]["value"].endswith("/state/RUS")
    table = run_kg("query", q, "--store", seed_store)
    assert table.returncode == 0 and "RUS" in table.stdout


def test_cli_query_syntax_error_names_line_and_column(seed_store):
    proc = run_kg("query", "SELECT ?x WHERE {\n  ?x ?y \n}", "--store", seed_store)
    assert proc.returncode == 2
    assert re.search(r"line \d+", proc.stderr) and re.search(r"column \d+", proc.stderr)


def test_cli_viz_writes_offline_page(seed_store, tmp_path):
    page = tmp_path / "g.html"
    proc = run_kg("viz", "--out", page, "--store", seed_store)
    assert proc.returncode == 0, proc.stderr
    html = page.read_text(encoding="utf-8")
    assert "North Korea" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)


def test_cli_validate_seed_store_conforms(seed_store):
    proc = run_kg("validate", "--store", seed_store)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "conforms" in proc.stdout


def test_cli_analyse_allies(seed_store):
    proc = run_kg("analyse", "allies", "North Korea", "--json", "--store", seed_store)
    assert proc.returncode == 0, proc.stderr
    names = json.dumps(json.loads(proc.stdout))
    assert "Russia" in names


def test_cli_analyse_filters_by_confidence_and_modality(seed_store):
    def ally(*options):
        proc = run_kg("analyse", "allies", "North Korea", "--json", "--store", seed_store, *options)
        assert proc.returncode == 0, proc.stderr
        return next(row for row in json.loads(proc.stdout) if row["actor"] == "Russia")

    every = ally()
    firm = ally("--modality", "asserted,reported")
    assert every["hedged_claims"] > 0 and firm["hedged_claims"] == 0
    assert firm["claims"] == every["claims"] - every["hedged_claims"]
    assert every["articles"] == 1
    confident = ally("--min-confidence", "0.8", "--modality", "asserted", "--modality", "reported")
    assert confident["claims"] <= firm["claims"]
    bad = run_kg("analyse", "blocs", "--modality", "sure", "--store", seed_store)
    assert bad.returncode == 2 and "unknown modality 'sure'" in bad.stderr


def test_cli_analyse_blocs_explains_each_bloc_by_its_strongest_ties(seed_store):
    proc = run_kg("analyse", "blocs", "--json", "--store", seed_store)
    result = json.loads(proc.stdout)
    assert len(result["ties"]) == len(result["blocs"])
    for bloc, ties in zip(result["blocs"], result["ties"]):
        assert all(t["a"] in bloc and t["b"] in bloc and t["weight"] > 0 for t in ties)
        assert [abs(t["weight"]) for t in ties] == sorted((abs(t["weight"]) for t in ties), reverse=True)
    north_korea = next(t for b, ts in zip(result["blocs"], result["ties"]) if "Russia" in b for t in ts)
    assert {north_korea["a"], north_korea["b"]} == {"North Korea", "Russia"}
    assert all(d["weight"] < 0 for d in result["divides"])


def test_cli_remove(tmp_path):
    store = tmp_path / "store"
    assert run_kg("build", SEED_FILE, "--store", store).returncode == 0
    proc = run_kg("remove", SEED_ID, "--store", store)
    assert proc.returncode == 0, proc.stderr
    stats = json.loads(run_kg("stats", "--store", store, "--json").stdout)
    assert stats["articles"] == 0
    again = run_kg("remove", SEED_ID, "--store", store)
    assert again.returncode == 1 and "no article" in again.stderr


def test_cli_missing_store_is_clear(tmp_path):
    proc = run_kg("stats", "--store", tmp_path / "nothing-here")
    assert proc.returncode == 2
    assert "no geokg store" in proc.stderr


def test_cli_version_names_model():
    proc = run_kg("version")
    assert proc.returncode == 0 and "en_core_web_sm" in proc.stdout


def test_cli_model_option_unknown_model_is_clear(tmp_path):
    proc = run_kg("extract", SEED_FILE, "--model", "xx_no_such_model")
    assert proc.returncode == 2
    assert "xx_no_such_model" in proc.stderr


def test_cli_query_shipped_who_represents(seed_store):
    proc = run_kg("query", "who-represents", "--param", "actor=Russia", "--format", "csv", "--store", seed_store)
    assert proc.returncode == 0, proc.stderr
    for name in ("Dmitry Peskov", "Vassily Nebenzia", "Vladimir Putin"):
        assert name in proc.stdout


def test_cli_query_unknown_param_is_usage_error(seed_store):
    proc = run_kg("query", "who-represents", "--param", "nation=Russia", "--store", seed_store)
    assert proc.returncode == 2
    assert "unknown parameter" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_query_longer_than_a_file_name_runs(seed_store):
    padding = "\n".join(f"# comment line {i} to make the query long" for i in range(12))
    q = padding + "\nSELECT ?o WHERE { <https://w3id.org/geokg/id/state/PRK> geokg:sendsTroopsTo ?o }"
    assert len(q) > 255
    proc = run_kg("query", q, "--format", "csv", "--store", seed_store)
    assert proc.returncode == 0, proc.stderr
    assert "https://w3id.org/geokg/id/state/RUS" in proc.stdout


def test_cli_analyse_explain_fits_eighty_columns(seed_store):
    proc = run_kg("analyse", "explain", "North Korea", "Russia", "--store", seed_store)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("1. North Korea ") and "score" in lines[0]
    assert max(len(line) for line in lines) <= 80
    assert any(line.startswith("    \u201c") for line in lines)  # each claim's sentence, wrapped


def test_cli_analyse_centrality_is_ranked(seed_store):
    proc = run_kg("analyse", "centrality", "--json", "--store", seed_store)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    degrees = [row["degree"] for row in rows]
    assert degrees == sorted(degrees, reverse=True) and len(rows) > 3
    assert {"actor", "degree", "pagerank_positive", "pagerank_negative"} <= rows[0].keys()


def test_cli_build_names_a_folders_other_files_without_failing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_FILE, folder)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7\x00")
    (folder / "photo.png").write_bytes(b"\x89PNG\x00")
    proc = run_kg("build", folder, "--store", tmp_path / "kg-data")
    assert proc.returncode == 0, proc.stderr
    assert f"kg: ignored {folder}: 2 files of other types left out (.pdf, .png)" in proc.stderr


# -- a few runs as real processes: the installed command, its exit codes and working directory --


def test_cli_real_process_queries_from_another_directory(seed_store, tmp_path):
    # (real `kg build` processes run in tests/builder/test_resume.py, killed and rerun)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(seed_store, elsewhere / "kg-data")
    answer = run_kg_process("query", "who-represents", "--param", "actor=Russia", "-f", "csv", cwd=elsewhere)
    assert answer.returncode == 0 and "Dmitry Peskov" in answer.stdout, answer.stderr
    stats = run_kg_process("stats", "--json", cwd=elsewhere, env={"KG_STORE": "kg-data"})
    assert stats.returncode == 0 and json.loads(stats.stdout)["articles"] == 1, stats.stderr


def test_cli_real_process_usage_error_exits_2():
    proc = run_kg_process("analyse", "nonsense")
    assert proc.returncode == 2 and "unknown analysis 'nonsense'" in proc.stderr
    assert "Traceback" not in proc.stderr
