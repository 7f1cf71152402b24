"""Two builds at once into one real ``oxigraph serve`` on 127.0.0.1 cannot mix versions.

Both builds hold the same article ids with different texts, and each holds one half of
some syndicated pairs.  They run at the same moment, committing batches of 8 articles,
so each decides "new article" long before it writes, while the other writes the same ids.  Afterwards
every article graph must hold one whole version (one hash, that version's title, only
that version's sentences as evidence), and every syndicated pair must be marked once,
though its halves were written by different processes.
"""

from __future__ import annotations

import json
import random
import subprocess

from kg import ids
from kg.extract.fingerprint import fingerprint
from kg.extract.nlp import resolve_model_name
from kg.store import RemoteStore
from kg.rdf.mapping import content_hash
from tests.helpers import KG, oxigraph_server

STATES = ["Russia", "Ukraine", "China", "Japan", "France", "Germany", "Iran", "Israel", "India",
          "Pakistan", "Turkey", "Greece", "Brazil", "Egypt", "Kenya", "Poland", "Belarus", "Canada"]
VERBS = {"a": ["attacked", "criticized", "sanctioned", "threatened"],
         "b": ["supported", "praised", "met with", "thanked"]}
WORDS = ("time year people way day man thing woman life child world school state family student group "
         "country problem hand part place case week company system program question work government "
         "number night point home water room mother area money story fact month lot right study book "
         "eye job word business issue side kind head house service friend father power hour game line "
         "end member law car city community name president team minute idea kid body information back "
         "parent face others level office door health person art war history party result change morning "
         "reason research girl guy moment air teacher force education").split()
ARTICLES = 30
PAIRS = 5


def _text(key: str, version: str) -> str:
    rng = random.Random(f"{key}/{version}")
    sentences = []
    for day in ("Monday", "Tuesday", "Wednesday"):
        a, b = rng.sample(STATES, 2)
        filler = " ".join(rng.choice(WORDS) for _ in range(10))
        sentences.append(f"{a} {rng.choice(VERBS[version])} {b} on {day}, officials said about the {filler}.")
    return " ".join(sentences)


def _corpus(version: str) -> list[dict]:
    rows = [{"id": f"art-{i:03d}", "title": f"Version {version} of {i}", "text": _text(f"art-{i}", version)}
            for i in range(ARTICLES)]
    # each build holds one half of every syndicated pair: same story, other id and boilerplate
    for k in range(PAIRS):
        story = _text(f"pair-{k}", "a")
        text = story if version == "a" else story.replace(". ", ".\nAlso Read | More stories from the region\n", 1)
        rows.append({"id": f"pair-{k}-{version}", "text": text})
    return rows


def _write(path, rows) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_two_builds_at_once_leave_one_whole_version_per_article(tmp_path):
    corpora = {v: _corpus(v) for v in ("a", "b")}
    for version, rows in corpora.items():
        _write(tmp_path / f"{version}.jsonl", rows)
    by_hash = {content_hash(r["text"]): r for rows in corpora.values() for r in rows}

    with oxigraph_server(tmp_path / "oxigraph") as url:
        procs = [subprocess.Popen([str(KG), "build", str(tmp_path / f"{v}.jsonl"), "--store", url,
                                   "--commit-size", "8", "--quiet"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for v in ("a", "b")]
        for proc in procs:
            _out, err = proc.communicate(timeout=600)
            assert proc.returncode == 0, err

        extractor = fingerprint(resolve_model_name())  # what both builds stored
        with RemoteStore.open(url, read_only=True) as store:
            assert len(store.articles()) == ARTICLES + 2 * PAIRS
            for i in range(ARTICLES):
                article = f"art-{i:03d}"
                graph, node = ids.article_graph(article), ids.article_iri(article)
                hashes = [str(h) for (h,) in store.query(
                    f"SELECT ?h WHERE {{ GRAPH <{graph}> {{ <{node}> geokg:contentHash ?h }} }}")]
                titles = [str(t) for (t,) in store.query(
                    f"SELECT ?t WHERE {{ GRAPH <{graph}> {{ <{node}> dct:title ?t }} }}")]
                assert len(hashes) == 1, f"{article} holds {len(hashes)} versions"
                version = by_hash[hashes[0]]
                assert titles == [version["title"]]
                evidence = [str(s) for (s,) in store.query(
                    f"SELECT ?s WHERE {{ GRAPH <{graph}> {{ ?c geokg:evidenceText ?s }} }}")]
                assert evidence, f"{article} has no claims"
                assert all(sentence in version["text"] for sentence in evidence), article
                assert store.is_current(article, version["text"], extractor)

            marks = {(str(c), str(o)) for c, o in store.query(
                "SELECT ?c ?o WHERE { ?a geokg:duplicateOf ?b . ?a dct:identifier ?c . ?b dct:identifier ?o }")}
    expected = [{(f"pair-{k}-a", f"pair-{k}-b"), (f"pair-{k}-b", f"pair-{k}-a")} for k in range(PAIRS)]
    assert len(marks) == PAIRS
    assert all(len(pair & marks) == 1 for pair in expected), marks
