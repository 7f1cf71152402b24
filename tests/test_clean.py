"""Cleaning blanks boilerplate and the dateline, and never moves a character."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.clean import MAX_LINE, Cleaned, clean, clean_article, normalise
from kg.records import Article

BOILERPLATE = [
    ("Also Read | Norland and Belmora sign a trade pact", "teaser"),
    ("ALSO READ: Why the northern border matters", "teaser"),
    ("Read more: Talks collapse in Port Solenne", "teaser"),
    ("Related: Envoy recalled from Belmora", "teaser"),
    ("READ: The full statement", "teaser"),
    ("Watch: Protesters march on parliament", "teaser"),
    ("ALSO READ", "teaser"),
    ("Subscribe to our newsletter", "subscription"),
    ("Sign up for our daily briefing on world affairs.", "subscription"),
    ("Subscribe now", "subscription"),
    ("Photo: Reuters", "photo credit"),
    ("(Photo credit: AFP)", "photo credit"),
    ("Image: AFP/Getty", "photo credit"),
    ("File photo", "photo credit"),
    ("REUTERS/Jane Doe", "photo credit"),
    ("Photo by Jane Doe / AP", "photo credit"),
    ("By John Smith", "byline"),
    ("By John Smith | Reuters", "byline"),
    ("By Jane Doe in Athens", "byline"),
    ("BY JOHN SMITH, Staff Reporter", "byline"),
    ("By Jane Doe and John Roe", "byline"),
    ("Reporting by Jane Doe in Kyiv; Editing by John Roe", "byline"),
    ("Reporting by Jane Doe and Sam Lee; Writing by Alex Poe; Editing by John Roe", "byline"),
    ("Advertisement", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Share this article", "social"),
    ("Follow us on Twitter", "social"),
    ("Facebook Twitter WhatsApp Email", "social"),
]

CONTENT = [
    "She read the statement aloud to reporters.",
    "By Tuesday, the troops had withdrawn.",
    "By contrast, Belmora kept its embassy open.",
    "Reporting by the state broadcaster suggested a deal was close.",
    "Related talks were held in Geneva.",
    "Share prices fell after the announcement.",
    "Watch the border closely, the minister told officials.",
    "Photos of the meeting were released by the ministry.",
    "Pictures by the dozen were posted online.",
    "Join the talks, the minister urged in an e-mail.",
    "Share this burden, the minister told allies.",
    "The advertisement ran in three newspapers.",
    "Follow the money, investigators said.",
    "Subscribers to the agency's wire received the statement first.",
]

BODY = "Norland closed its border with Belmora on Thursday."


def assert_offsets_kept(original: str, cleaned: Cleaned) -> None:
    """Same length; every character outside a removed span is the normalised original."""
    assert len(cleaned.text) == len(original)
    normal = normalise(original)
    blanked = set()
    for start, end, _ in cleaned.removed:
        assert cleaned.text[start:end] == " " * (end - start)
        blanked.update(range(start, end))
    for index, char in enumerate(cleaned.text):
        if index not in blanked:
            assert char == normal[index], index


@pytest.mark.parametrize(("line", "reason"), BOILERPLATE)
def test_clean_blanks_boilerplate_line(line: str, reason: str) -> None:
    text = f"{BODY}\n{line}\n{BODY}"
    cleaned = clean(text)
    start = len(BODY) + 1
    assert cleaned.removed == ((start, start + len(line), reason),)
    assert cleaned.text == f"{BODY}\n{' ' * len(line)}\n{BODY}"
    assert_offsets_kept(text, cleaned)


@pytest.mark.parametrize("line", CONTENT)
def test_clean_keeps_content_with_similar_words(line: str) -> None:
    text = f"{BODY}\n{line}"
    cleaned = clean(text)
    assert cleaned.removed == ()
    assert cleaned.text == text


def test_clean_keeps_boilerplate_words_inside_a_sentence() -> None:
    text = "The minister said: Also Read | this was never a teaser, and By John Smith is a name."
    assert clean(text).text == text


def test_clean_leaves_long_lines_alone() -> None:
    line = "Advertisement " * (MAX_LINE // 14 + 1)
    assert clean(line).removed == ()


def test_clean_keeps_indentation_and_crlf_around_blanked_line() -> None:
    text = f"{BODY}\r\n   Advertisement  \r\n{BODY}"
    cleaned = clean(text)
    (start, end, reason), = cleaned.removed
    assert text[start:end] == "Advertisement"
    assert cleaned.text.count("\r\n") == 2
    assert_offsets_kept(text, cleaned)


@pytest.mark.parametrize(
    ("text", "place", "body"),
    [
        ("New York: The council met on Monday.", "New York", "The council met on Monday."),
        ("NEW YORK (Reuters) - Norland said it would leave.", "New York", "Norland said it would leave."),
        ("WASHINGTON, Oct 3 (AP) — The envoy arrived.", "Washington", "The envoy arrived."),
        ("Kyiv, Ukraine — Russian forces shelled the city.", "Kyiv, Ukraine", "Russian forces shelled the city."),
        ("NEW DELHI: India and Pakistan agreed to talks.", "New Delhi", "India and Pakistan agreed to talks."),
        ("LONDON—The talks resumed.", "London", "The talks resumed."),
        ("THE HAGUE (Reuters) - The court ruled.", "The Hague", "The court ruled."),
        ("ST. LOUIS, Missouri -- The mayor spoke.", "St. Louis, Missouri", "The mayor spoke."),
        ("Moscow, 3 October 2024 (TASS) — The Kremlin said.", "Moscow", "The Kremlin said."),
        ("(Reuters) - Norland said it would leave.", None, "Norland said it would leave."),
    ],
)
def test_clean_blanks_dateline_and_returns_place(text: str, place: str | None, body: str) -> None:
    cleaned = clean(text)
    assert cleaned.dateline == place
    assert cleaned.text.strip() == body
    assert cleaned.text.endswith(body)
    assert [reason for _, _, reason in cleaned.removed] == ["dateline"]
    assert_offsets_kept(text, cleaned)


def test_clean_finds_dateline_after_byline_and_after_headline() -> None:
    after_byline = clean("By John Smith\n\nBEIJING (Reuters) - China said no.")
    assert after_byline.dateline == "Beijing"
    assert after_byline.text.strip() == "China said no."
    after_headline = clean("Norland closes its border\nKYIV, Ukraine — Officials said it was closed.")
    assert after_headline.dateline == "Kyiv, Ukraine"
    assert after_headline.text.startswith("Norland closes its border\n ")


@pytest.mark.parametrize(
    "text",
    [
        "The Pentagon — long reluctant — now says yes.",
        "The Pentagon — The building was quiet.",
        "Russia — which invaded in 2022 — said no.",
        "Analysis: The war enters its third year.",
        "Putin: The West Is Lying",
        "Norland's president - a former general - resigned.",
        "She said: The talks failed.",
        "In Kyiv — The sirens sounded.",
        "Talks resumed.\nNEW YORK (Reuters) - A later paragraph.",
    ],
)
def test_clean_does_not_take_content_for_a_dateline(text: str) -> None:
    cleaned = clean(text)
    assert cleaned.dateline is None
    assert cleaned.text == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("‘Yes’, he said", "'Yes', he said"),
        ("“No,” she said", '"No," she said'),
        ("Norland’s envoy", "Norland's envoy"),
        ("a\u00a0b\u2009c\u202fd\te", "a b c d e"),
        ("one\u2028two\rthree\r\nfour", "one\ntwo\nthree\r\nfour"),
    ],
)
def test_clean_normalises_one_character_for_one(raw: str, expected: str) -> None:
    assert clean(raw).text == expected


def test_clean_article_keeps_metadata_and_sets_dateline() -> None:
    article = Article("a1", "KYIV (Reuters) - Talks resumed.", title="Talks", source="a.txt")
    cleaned = clean_article(article)
    assert (cleaned.id, cleaned.title, cleaned.source) == ("a1", "Talks", "a.txt")
    assert cleaned.dateline == "Kyiv"
    assert cleaned.text.index("Talks") == article.text.index("Talks")


_PIECES = st.sampled_from(
    [line for line, _ in BOILERPLATE]
    + CONTENT
    + ["NEW YORK (Reuters) - ", "Kyiv, Ukraine — ", "“", "’", "\u00a0", "\t", "\r", "\n", "\u2028", " "]
)


@settings(max_examples=300)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=12).map("".join))
def test_clean_always_preserves_length_and_offsets(text: str) -> None:
    cleaned = clean(text)
    assert_offsets_kept(text, cleaned)
    assert [i for i, c in enumerate(cleaned.text) if c == "\n"] == [
        i for i, c in enumerate(normalise(text)) if c == "\n"
    ]
    spans = [(start, end) for start, end, _ in cleaned.removed]
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
