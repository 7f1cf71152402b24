"""Reading inputs: what becomes an Article, and what becomes a clear InputProblem."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from kg.ingest import iter_inputs
from kg.ingest.dates import normalise_date
from kg.ingest.language import MIN_WORDS, THRESHOLD, english_problem, english_share
from kg.records import Article, InputProblem

# Test texts written for these tests (not real news).
ENGLISH = [
    "The foreign minister of Norland said on Tuesday that his government would not send troops "
    "to the border, despite pressure from its neighbours. Officials in the capital have been meeting "
    "with envoys from the regional bloc for three days, and a joint statement is expected before the "
    "end of the week.",
    "Protesters gathered outside the parliament building for a second night as lawmakers debated a "
    "bill that would extend the emergency powers granted to the president. Police said that more than "
    "forty people had been detained, while opposition leaders accused the government of using the "
    "crisis to silence its critics.",
    "Ministers from Arland, Belmora, Castavia, Dunmere and Estrava signed the Port Solenne accord, "
    "which sets quotas for grain shipments through the Helvane Strait from March until October.",
]
FOREIGN = {
    "fr": "Le ministre des affaires étrangères a déclaré mardi que son gouvernement n'enverrait pas de "
    "troupes à la frontière, malgré la pression de ses voisins. Les responsables de la capitale "
    "rencontrent depuis trois jours les envoyés du bloc régional, et une déclaration commune est "
    "attendue avant la fin de la semaine.",
    "de": "Der Außenminister erklärte am Dienstag, seine Regierung werde trotz des Drucks der "
    "Nachbarländer keine Truppen an die Grenze schicken. Vertreter der Hauptstadt treffen sich seit "
    "drei Tagen mit Gesandten des regionalen Bündnisses, und eine gemeinsame Erklärung wird noch vor "
    "Ende der Woche erwartet.",
    "es": "El ministro de Asuntos Exteriores dijo el martes que su gobierno no enviaría tropas a la "
    "frontera, a pesar de la presión de sus vecinos. Los funcionarios de la capital se reúnen desde "
    "hace tres días con enviados del bloque regional, y se espera una declaración conjunta antes del "
    "fin de semana.",
}
TEXT = ENGLISH[0]


def read(*paths: str | Path) -> list[Article | InputProblem]:
    return list(iter_inputs(paths))


def only_problem(*paths: str | Path) -> InputProblem:
    items = read(*paths)
    assert len(items) == 1 and isinstance(items[0], InputProblem), items
    return items[0]


def write_jsonl(path: Path, lines: list[object | str]) -> Path:
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


# -- plain text ---------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".md", ".TXT"])
def test_ingest_text_file_is_one_article_named_by_stem(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"norland-border{suffix}"
    path.write_text(TEXT + "\n", encoding="utf-8")
    assert read(path) == [Article(id="norland-border", text=TEXT + "\n", source=str(path))]


def test_ingest_accepts_and_drops_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    (article,) = read(path)
    assert isinstance(article, Article) and article.text == TEXT


def test_ingest_missing_path_is_a_problem(tmp_path: Path) -> None:
    problem = only_problem(tmp_path / "nope.txt")
    assert problem.source == str(tmp_path / "nope.txt")
    assert problem.reason == "no such file or directory; check the path"


def test_ingest_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        path = tmp_path / "secret.txt"
        path.write_text(TEXT, encoding="utf-8")
        path.chmod(0)
        assert only_problem(path).reason.startswith("permission denied")
    else:
        # root reads any file, but not /proc/self/mem from offset 0 (EIO)
        path = tmp_path / "secret.txt"
        os.symlink("/proc/self/mem", path)
        assert "read" in only_problem(path).reason


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_ingest_empty_or_blank_file_is_a_problem(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    assert only_problem(path).reason.startswith("empty")


@pytest.mark.parametrize("content", [b"%PDF-1.7\n\x00\x01\x02binary", bytes(range(1, 9)) * 50])
def test_ingest_binary_file_is_a_problem(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(content)
    assert only_problem(path).reason.startswith("looks like a binary file")


def test_ingest_latin1_file_names_byte_offset_and_iconv(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Le café".encode("latin-1"))
    reason = only_problem(path).reason
    assert reason.startswith("not UTF-8: byte 0xE9 at offset 6 ")
    assert f"iconv -f WINDOWS-1252 -t UTF-8 {path} > {tmp_path / 'latin.utf8.txt'}" in reason


def test_ingest_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfab\xff")
    assert "at offset 5 " in only_problem(path).reason


def test_ingest_unsupported_file_named_explicitly_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7")
    assert only_problem(path).reason == (
        "unsupported file type '.pdf'; give .txt, .md, .jsonl, .html or a directory"
    )


def test_ingest_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert only_problem(fifo).reason.startswith("not a regular file")


# -- language -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ENGLISH)
def test_ingest_language_english_scores_well_above_threshold(text: str) -> None:
    assert english_share(text) >= 2 * THRESHOLD
    assert english_problem(text) is None


@pytest.mark.parametrize("lang", sorted(FOREIGN))
def test_ingest_language_foreign_scores_well_below_threshold(lang: str) -> None:
    assert english_share(FOREIGN[lang]) <= THRESHOLD / 2
    assert english_problem(FOREIGN[lang]) is not None


@pytest.mark.parametrize("lang", sorted(FOREIGN))
def test_ingest_non_english_article_is_a_problem(tmp_path: Path, lang: str) -> None:
    path = tmp_path / f"{lang}.txt"
    path.write_text(FOREIGN[lang], encoding="utf-8")
    assert only_problem(path).reason.startswith("does not look like English (0% of words")


def test_ingest_short_foreign_text_is_not_judged(tmp_path: Path) -> None:
    short = " ".join(FOREIGN["de"].split()[: MIN_WORDS - 1])
    path = tmp_path / "kurz.txt"
    path.write_text(short, encoding="utf-8")
    assert isinstance(read(path)[0], Article)
    longer = " ".join(FOREIGN["de"].split()[:MIN_WORDS])
    path.write_text(longer, encoding="utf-8")
    assert isinstance(read(path)[0], InputProblem)


# -- directories --------------------------------------------------------------------


def test_ingest_directory_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "z.txt").write_text(ENGLISH[0], encoding="utf-8")
    (tmp_path / "b" / "c.md").write_text(ENGLISH[1], encoding="utf-8")
    (tmp_path / "a" / "y.txt").write_text(ENGLISH[2], encoding="utf-8")
    (tmp_path / "m.txt").write_text("Norland closed its border.", encoding="utf-8")
    assert [item.id for item in read(tmp_path)] == ["y", "c", "z", "m"]


def test_ingest_directory_skips_hidden_files_silently_and_notes_other_types(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / ".draft.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.7\x00")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\x00")
    (tmp_path / "kept.txt").write_text(TEXT, encoding="utf-8")
    items = read(tmp_path)
    assert [item.source for item in items] == [str(tmp_path / "kept.txt"), str(tmp_path)]
    note = items[1]
    assert isinstance(note, InputProblem) and note.ignored
    assert note.reason.startswith("2 files of other types left out (.jpg, .pdf)")


def test_ingest_directory_reports_bad_files_inside_it(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    items = read(tmp_path)
    assert [type(item).__name__ for item in items] == ["InputProblem", "Article"]
    assert items[0].source == str(tmp_path / "a.txt")


def test_ingest_does_not_follow_directory_symlinks(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real")
    assert [item.id for item in read(tmp_path)] == ["a"]


def test_ingest_keeps_the_order_paths_are_given_in(tmp_path: Path) -> None:
    for name, text in zip("abc", ENGLISH):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    assert [item.id for item in read(tmp_path / "c.txt", tmp_path / "a.txt", tmp_path / "b.txt")] == [
        "c", "a", "b"
    ]


# -- JSONL --------------------------------------------------------------------------


def test_ingest_jsonl_reads_fields_and_normalises_date(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "feed.jsonl", [
        {"id": "n1", "text": ENGLISH[0], "title": " Norland ", "date": "Oct. 3, 2024", "url": "https://x.example/1"},
        {"id": 2, "text": ENGLISH[1], "extra": "ignored"},
    ])
    assert read(path) == [
        Article("n1", ENGLISH[0], "Norland", "2024-10-03", "https://x.example/1", f"{path}:1"),
        Article("2", ENGLISH[1], source=f"{path}:2"),
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "x", "text": ', "invalid JSON (Expecting value at column 21); each line must be one JSON object"),
        ('["x", "y"]', 'JSON array instead of an object; each line must look like {"id": "...", "text": "..."}'),
        ('"just text"', 'JSON string instead of an object; each line must look like {"id": "...", "text": "..."}'),
        ({"text": TEXT}, "missing or empty 'id'; every line needs a non-empty \"id\""),
        ({"id": " ", "text": TEXT}, "missing or empty 'id'; every line needs a non-empty \"id\""),
        ({"id": "x"}, "missing or empty 'text'; every line needs a non-empty \"text\""),
        ({"id": "x", "text": "  \n"}, "missing or empty 'text'; every line needs a non-empty \"text\""),
        ({"id": ["x"], "text": TEXT}, "'id' is a JSON array; it must be a string or an integer"),
        ({"id": "x", "text": 5}, "'text' is a JSON number; it must be a string"),
        ({"id": "x", "text": TEXT, "title": 5}, "'title' is a JSON number; it must be a string or null"),
        ({"id": "x", "text": TEXT, "date": {"y": 1}}, "'date' is a JSON object; it must be a string such as \"2024-10-03\""),
    ],
)
def test_ingest_jsonl_bad_line_is_a_problem_and_rest_is_read(
    tmp_path: Path, line: object, reason: str
) -> None:
    path = write_jsonl(tmp_path / "feed.jsonl", [{"id": "a", "text": ENGLISH[0]}, line, {"id": "c", "text": ENGLISH[1]}])
    items = read(path)
    assert items[1] == InputProblem(f"{path}:2", reason)
    assert [(item.id, item.source) for item in (items[0], items[2])] == [("a", f"{path}:1"), ("c", f"{path}:3")]


def test_ingest_jsonl_skips_blank_lines_but_counts_them(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "feed.jsonl", ["", {"id": "a", "text": TEXT}, "   ", "{bad"])
    items = read(path)
    assert [item.source for item in items] == [f"{path}:2", f"{path}:4"]


def test_ingest_jsonl_bad_utf8_line_names_line_and_file_offset(tmp_path: Path) -> None:
    first = json.dumps({"id": "a", "text": TEXT}).encode() + b"\n"
    bad = b'{"id": "b", "text": "caf\xe9"}\n'
    last = json.dumps({"id": "c", "text": TEXT}).encode() + b"\n"
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + first + bad + last)
    items = read(path)
    assert [type(item).__name__ for item in items] == ["Article", "InputProblem", "Article"]
    assert items[1].source == f"{path}:2"
    offset = 3 + len(first) + bad.index(b"\xe9")
    assert f"byte 0xE9 at offset {offset} " in items[1].reason


@pytest.mark.parametrize(("content", "start"), [(b"", "empty"), (b"\n \n", "empty"), (b"\x00\x01{}", "looks like a binary")])
def test_ingest_jsonl_whole_file_problems(tmp_path: Path, content: bytes, start: str) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(content)
    problem = only_problem(path)
    assert problem.source == str(path) and problem.reason.startswith(start)


def test_ingest_jsonl_non_english_line_is_a_problem(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "feed.jsonl", [{"id": "fr", "text": FOREIGN["fr"]}, {"id": "en", "text": TEXT}])
    items = read(path)
    assert isinstance(items[0], InputProblem) and items[0].source == f"{path}:1"
    assert isinstance(items[1], Article)


def test_ingest_jsonl_streams_line_by_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "feed.jsonl", [{"id": "a", "text": TEXT}])
    stream = iter_inputs([path])
    assert isinstance(stream, types.GeneratorType)
    assert next(stream).id == "a"
    # Lines written after the first article was handed out are still read: nothing was slurped.
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "b", "text": TEXT}) + "\n")
    assert [item.id for item in stream] == ["b"]


# -- duplicates ---------------------------------------------------------------------


def test_ingest_duplicate_id_second_is_a_problem(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "feed.jsonl", [{"id": "a", "text": ENGLISH[0]}, {"id": "a", "text": ENGLISH[1]}])
    first, second = read(path)
    assert isinstance(first, Article) and first.text == ENGLISH[0]
    assert second == InputProblem(
        f"{path}:2",
        f"duplicate article id 'a' (first seen in {path}:1); give every article a unique id (for files, a unique file name)",
    )


def test_ingest_duplicate_id_across_files_and_kinds(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "same.txt").write_text(ENGLISH[0], encoding="utf-8")
    (tmp_path / "y" / "same.md").write_text(ENGLISH[1], encoding="utf-8")
    write_jsonl(tmp_path / "z.jsonl", [{"id": "same", "text": ENGLISH[2]}])
    items = read(tmp_path)
    assert [type(item).__name__ for item in items] == ["Article", "InputProblem", "InputProblem"]
    assert str(tmp_path / "x" / "same.txt") in items[2].reason


def test_ingest_rejected_article_does_not_claim_its_id(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "feed.jsonl", [{"id": "a", "text": FOREIGN["es"]}, {"id": "a", "text": TEXT}])
    assert [type(item).__name__ for item in read(path)] == ["InputProblem", "Article"]


# -- HTML ---------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Norland closes border | The Daily Example</title>
<meta property="og:title" content="Norland closes its border with Belmora">
<meta property="article:published_time" content="2024-10-03T08:00:00Z">
<link rel="canonical" href="https://news.example.org/norland-border">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Norland closes its border with Belmora</h1>
<p>{0}</p>
<p>{1}</p>
</article>
<footer>Copyright 2024 The Daily Example. All rights reserved.</footer>
</body></html>
"""


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_ingest_html_main_text_and_metadata(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"page{suffix}"
    path.write_text(PAGE.format(ENGLISH[0], ENGLISH[1]), encoding="utf-8")
    (article,) = read(path)
    assert isinstance(article, Article)
    assert (article.id, article.source) == ("page", str(path))
    assert article.title == "Norland closes its border with Belmora"
    assert article.date == "2024-10-03"
    assert article.url == "https://news.example.org/norland-border"
    assert ENGLISH[0] in article.text and ENGLISH[1] in article.text
    assert "Home" not in article.text and "Copyright" not in article.text


def test_ingest_html_without_text_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>", encoding="utf-8")
    assert only_problem(path).reason.startswith("no article text found in the HTML")


def test_ingest_html_in_another_language_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "fr.html"
    path.write_text(PAGE.format(FOREIGN["fr"], FOREIGN["fr"]), encoding="utf-8")
    assert only_problem(path).reason.startswith("does not look like English")


# -- dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-10-03", "2024-10-03"),
        ("2024-10-03T08:15:00+02:00", "2024-10-03"),
        ("2024/10/3", "2024-10-03"),
        ("3 October 2024", "2024-10-03"),
        ("Thursday, 3 October 2024", "2024-10-03"),
        ("October 3rd, 2024", "2024-10-03"),
        ("Sept. 3, 2024", "2024-09-03"),
        ("03/10/2024", "03/10/2024"),  # day-first or month-first? kept as given
        ("2024-13-45", "2024-13-45"),
        ("last Tuesday", "last Tuesday"),
        ("", None),
        (None, None),
    ],
)
def test_ingest_dates_normalised_when_unambiguous(raw: str | None, expected: str | None) -> None:
    assert normalise_date(raw) == expected


def test_ingest_html_without_the_html_extra_names_it_and_the_rest_goes_in(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as if geokg[html] were not installed
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>" + TEXT + "</p></body></html>", encoding="utf-8")
    (tmp_path / "plain.txt").write_text(TEXT, encoding="utf-8")
    items = read(tmp_path)
    assert [type(i).__name__ for i in items] == ["InputProblem", "Article"]
    assert items[0].source == str(page) and 'pip install "geokg[html]"' in items[0].reason


def test_ingest_text_inputs_do_not_import_html_reading() -> None:
    code = ("import sys, pathlib, tempfile; from kg.ingest import iter_inputs; "
            "p = pathlib.Path(tempfile.mkdtemp()) / 'a.txt'; p.write_text('Norland closed its border.'); "
            "list(iter_inputs([p])); print('trafilatura' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
