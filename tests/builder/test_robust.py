"""A build never dies on one input, and the store does not depend on how the inputs were laid out.

Each case of issue 15 as it was found: an article over spaCy's ``max_length``, a file
name that is not UTF-8, a thousand nested folders, a link to a directory named like an
article, UTF-16 text, an article whose parse fails, a crash while writing; and the same
articles from one file or from two giving identical stores.
"""

from __future__ import annotations

import json
import os

import pytest
from spacy.language import Language

from kg.extract import Extractor
from kg.extract.driver import ExtractionFailed, windows
from kg.builder.pipeline import BuildCrashed, build
from kg.records import Article, InputProblem
from kg.store import Store
from tests.helpers import run_kg

GOOD = ("Norland and Sudria signed a trade agreement on Monday. The Norland foreign minister "
        "said the deal would help both countries, and officials in Sudria welcomed it.")
TROOPS = "North Korea sent troops to Russia."


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _stats(store) -> dict:
    proc = run_kg("stats", "--json", "--store", store)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_an_article_over_max_length_is_parsed_whole_in_windows(tmp_path):
    # over spaCy's 1,000,000 characters, with a relation at each end
    text = "Russia attacked Ukraine. " + " " * 1_000_100 + TROOPS
    src = _jsonl(tmp_path / "big.jsonl", [{"id": f"good-{i}", "text": GOOD} for i in range(3)]
                 + [{"id": "big", "text": text}])
    proc = run_kg("build", src, "--store", tmp_path / "s1")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "E088" not in proc.stderr
    with Store.open(tmp_path / "s1", read_only=True) as store:
        assert store.articles() == ["big", "good-0", "good-1", "good-2"]
        far = [r for r in store.relations() if r.doc == "big" and r.predicate == "sendsTroopsTo"]
    assert [(r.evidence.start, r.evidence.sentence) for r in far] == [(text.index(TROOPS), TROOPS)]


def test_windows_keep_offsets_and_give_the_same_relations():
    text = " ".join([GOOD, TROOPS] * 40)
    whole = Extractor().extract_one(Article("w", text))
    cut = Extractor(window=700).extract_one(Article("w", text))
    assert len(windows(text, 700)) > 5
    assert {(r.predicate, r.evidence.start, r.evidence.end) for r in cut.relations} == \
        {(r.predicate, r.evidence.start, r.evidence.end) for r in whole.relations}
    assert all(text[r.evidence.start:r.evidence.end] == r.evidence.sentence for r in cut.relations)


@Language.component("test_fails_on_marker")
def _fails_on_marker(doc):
    """A component that breaks on one article, as a bug in a model or a rule would."""
    if "XYZZY" in doc.text:
        raise RuntimeError("the parser broke on this article")
    return doc


def test_an_article_whose_parse_fails_is_a_named_skip_and_the_batch_goes_on():
    extractor = Extractor()
    nlp = extractor.nlp
    nlp.add_pipe("test_fails_on_marker", last=True)
    try:
        articles = [Article(f"a{i}", f"{TROOPS} Report {i}.", source=f"in.jsonl:{i + 1}") for i in range(7)]
        articles[3] = Article("bad", "XYZZY " + TROOPS, source="in.jsonl:4")
        problems: list[InputProblem] = []
        results = list(extractor.extract(articles, batch_size=4, on_problem=problems.append))
        assert [r.article.id for r in results] == ["a0", "a1", "a2", "a4", "a5", "a6"]
        assert all(r.relations for r in results)
        assert [p.source for p in problems] == ["in.jsonl:4"]
        assert "bad" in problems[0].reason and "the parser broke" in problems[0].reason
        with pytest.raises(ExtractionFailed, match="the parser broke"):
            extractor.extract_one(articles[3])
    finally:
        nlp.remove_pipe("test_fails_on_marker")


def _remove_tree(top) -> None:
    """Delete a folder tree of any depth without recursion (``shutil.rmtree`` recurses per level)."""
    folders, stack = [], [os.fspath(top)]
    while stack:
        folder = stack.pop()
        folders.append(folder)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    os.unlink(entry.path)
    for folder in reversed(folders):  # every folder comes after its parent, so children go first
        os.rmdir(folder)


def test_a_folder_with_bad_names_deep_trees_and_links_builds_the_rest(tmp_path):
    tree = tmp_path / "in"
    tree.mkdir()
    try:
        (tree / "good.txt").write_text(GOOD, encoding="utf-8")
        (tree / "wide.txt").write_bytes(GOOD.encode("utf-16"))  # UTF-16 with its byte-order mark
        os.symlink("..", tree / "up.txt")  # a link to a directory, named like an article
        with open(os.path.join(os.fsencode(tree), b"caf\xe9.txt"), "wb") as handle:  # not UTF-8
            handle.write(GOOD.encode())
        deep = tree
        for _ in range(1000):  # deeper than Python's recursion limit
            deep = deep / "d"
            deep.mkdir()
        (deep / "deep.txt").write_text(GOOD.replace("Monday", "Friday"), encoding="utf-8")
        proc = run_kg("build", tree, "--store", tmp_path / "s1")
        assert proc.returncode == 1, proc.stderr
        skipped = [line for line in proc.stderr.splitlines() if line.startswith("kg: skipped")]
        assert len(skipped) == 1 and "caf\\xe9.txt" in skipped[0] and "not valid UTF-8" in skipped[0], proc.stderr
        assert "Traceback" not in proc.stderr
        assert _stats(tmp_path / "s1")["articles"] == 3  # good, wide, deep; the link is not followed
    finally:
        _remove_tree(tree)  # pytest's own clean-up of old temp folders recurses per level


def test_escape_sequences_in_ids_do_not_reach_the_terminal(tmp_path):
    # the second line repeats the id, so the id is printed in the skip message
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "a\x1b[2J", "text": GOOD}] * 2)
    proc = run_kg("build", src, "--store", tmp_path / "s1")
    assert proc.returncode == 1 and "duplicate article id" in proc.stderr
    assert "\x1b" not in proc.stderr and "a\\x1b[2J" in proc.stderr


def test_an_unexpected_crash_names_the_article_and_keeps_what_was_committed(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", [{"id": f"art-{i}", "text": f"{TROOPS} Day {i}."} for i in range(5)])
    seen: list[str] = []

    def on_result(result, outcome):
        seen.append(result.article.id)
        if result.article.id == "art-2":
            raise KeyError("a bug in a caller")

    with pytest.raises(BuildCrashed) as info:
        build([src], tmp_path / "s1", on_result=on_result, commit_size=1)
    assert "art-2" in str(info.value) and "in.jsonl:3" in str(info.value)
    with Store.open(tmp_path / "s1", read_only=True) as store:
        assert store.articles() == ["art-0", "art-1", "art-2"]
    report = build([src], tmp_path / "s1")  # the same build again resumes
    assert (report.unchanged, report.added) == (3, 2)


def test_the_same_articles_from_one_file_or_two_give_identical_stores(tmp_path):
    rows = [{"id": f"n{i:03d}", "text": f"{TROOPS} Officials in Seoul said so on day {i} of the month.",
             "title": f"Report {i}", "url": f"https://news.example/{i}", "publisher": "Example News"}
            for i in range(200)]
    one = _jsonl(tmp_path / "one.jsonl", rows)
    half_a = _jsonl(tmp_path / "a.jsonl", rows[:100])
    half_b = _jsonl(tmp_path / "b.jsonl", rows[100:])
    assert run_kg("build", one, "--store", tmp_path / "s1").returncode == 0
    assert run_kg("build", half_a, half_b, "--store", tmp_path / "s2").returncode == 0
    dumps = []
    for store in ("s1", "s2"):
        proc = run_kg("export", "--format", "nq", "--store", tmp_path / store)
        assert proc.returncode == 0, proc.stderr
        # the ontology graph's blank nodes get new labels in every store; the data must be equal
        dumps.append(sorted(line for line in proc.stdout.splitlines() if "/graph/_ontology>" not in line))
    assert dumps[0] == dumps[1] and len(dumps[0]) > 200 * 10
    assert not any("one.jsonl" in line or "a.jsonl" in line for line in dumps[0])
    assert any("Example News" in line and "publisher" in line for line in dumps[0])
