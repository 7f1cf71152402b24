"""Which capitalised runs are persons (kg.extract.persons): evidence of a person, never a list of names."""

from __future__ import annotations

import pytest

from kg.extract.components import SPAN_KEY
from kg.extract.nlp import load_nlp
from kg.extract.persons import PERSON_KIND

pytestmark = pytest.mark.model


def persons(text: str) -> dict[str, str]:
    """Each person mention as written -> the name its node is labelled with."""
    doc = load_nlp()(text)
    return {s.text: s.label_.split(":", 1)[1].rsplit("|", 1)[0] for s in doc.spans[SPAN_KEY]
            if s.label_.endswith(f"|{PERSON_KIND}")}


@pytest.mark.parametrize("text, junk", [
    ("The report was filed at Nenagh Garda Station on Monday.", "Nenagh Garda Station"),
    ("Reporters from Wales Sport were at the match.", "Wales Sport"),
    ("Normandie Keith Normandie Keith is a model, the caption said.", "Normandie Keith"),
    ("JANE FONDA OPENS UP ABOUT HER CHILDHOOD", "JANE FONDA OPENS"),
    ("Fighters from Al-Shabab attacked the base.", "Al-Shabab"),
    ("Rebels shelled al-Bab again on Sunday.", "al-Bab"),
    ("The farmers of Co Mayo protested on Friday.", "Co Mayo"),
    ("The Administration said it would appeal.", "Administration"),
])
def test_places_bodies_and_garbled_runs_are_no_persons(text, junk):
    assert not any(junk in found or found in junk for found in persons(text)), persons(text)


def test_a_lone_word_needs_a_title_or_an_act():
    assert persons("Tucked into the bill is a clause on tariffs.") == {}
    assert persons("Mr Halvorsen arrived late.") == {"Halvorsen": "Halvorsen"}


def test_short_forms_go_to_the_full_name_written_most():
    text = ("President Marek Dobrev and his wife Irena Dobrev arrived on Monday. Marek Dobrev said the "
            "visit mattered. Dobrev later left. Syrian President Bashar al-Assad spoke. Assad said nothing.")
    found = persons(text)
    assert found["Dobrev"] == "Marek Dobrev" and found["Irena Dobrev"] == "Irena Dobrev"
    assert found["Assad"] == "Bashar al-Assad"


def test_names_that_look_like_particles_or_brands_stay_persons():
    found = persons("Ben Wallace, the defence secretary, said on Wednesday that the UK would help.")
    assert found == {"Ben Wallace": "Ben Wallace"}


def test_dates_initials_and_bylines_are_no_persons():
    assert persons("December 28: The Russian ambassador texts Flynn, an official said.").get("December") is None
    found = persons("Follow Anealla Safdar on Twitter for more.")
    assert "Follow Anealla Safdar" not in found


def test_acronyms_storms_and_styles_are_no_persons_but_regnal_numbers_are():
    assert not persons("The crew of Shoreham RNLI were called out twice.")
    assert not persons("Storm Stella dumped snow on New York on Tuesday.")
    assert "Elizabeth II" in persons("Queen Elizabeth II met the president on Tuesday.")


def test_a_full_name_needs_evidence_too():
    # no given name, no title, no act: the title of a novel or a firm's name is no person
    assert persons("Her best-known novel, Lingering Snow, sold a million copies.") == {}
    assert persons("Tarrant Vale is the town's second-largest employer.") == {}
    # a title, an occupation or a verb of saying vouches for the same shape of name
    assert "Tiberiu Vasko" in persons("Economist Tiberiu Vasko expects growth to slow.")
    assert "Tiberiu Vasko" in persons("Tiberiu Vasko said growth would slow.")


def test_a_given_name_gives_a_full_name_its_shape():
    assert persons("A photo of Vadim Sorokin hung in the hall.") == {"Vadim Sorokin": "Vadim Sorokin"}


@pytest.mark.parametrize("text, name", [
    ("Later that day she met Minister for Children Katherine Zappley in Dublin.", "Katherine Zappley"),
    ("Later that day she met Minister for Housing Eoghan Brannigan in Dublin.", "Eoghan Brannigan"),
    ("Minister for Transport-Mary Hennessy has said the line will open in June.", "Mary Hennessy"),
    ("Comedian Billy Hargan mocked the plan on Sunday.", "Billy Hargan"),
    ("The figures were confirmed by Donald Trump-for the second time.", "Donald Trump"),
])
def test_portfolios_occupations_and_glued_words_come_off_the_name(text, name):
    assert name in persons(text).values() and len(persons(text)) == 1, persons(text)


@pytest.mark.parametrize("text, junk", [
    ("Brightwell Baby has recalled its bottle warmers after parents complained.", "Brightwell Baby"),
    ("Garda Commissioner, Nora Quinlan has said that she was not aware of the figures.", "Garda Commissioner"),
    ("Beyonce Beyonce's speech drew applause at the awards.", "Beyonce Beyonce"),
    ("Judith J is attending with her daughter, the post said.", "Judith J"),
])
def test_things_titles_and_garbled_names_are_no_persons(text, junk):
    assert junk not in persons(text).values(), persons(text)


def test_a_name_the_text_treats_as_a_body_is_no_person():
    # a given name opens it, but the text calls it "its" or writes it before a brand's noun
    assert persons("Harry Ramsden has closed its last restaurant in Leeds.") == {}
    assert persons("Dorothy Perkins plans to cut 400 jobs in its stores.") == {}
    assert persons("Parents left comments on the Molly Brightwell page, the company said.") == {}
    # a person's "his" keeps the name
    assert persons("Harry Ramsden has closed his last restaurant in Leeds.") == {"Harry Ramsden": "Harry Ramsden"}


def test_an_office_holders_name_run_into_another_name_comes_off():
    # a heading ran "Yahya Jammeh" (an office-holder) into the name of the man the story is about
    assert persons("Remembering Yahya Jammeh Lamin Darboe was one of the first to be jailed.") == {
        "Lamin Darboe": "Lamin Darboe"}


def test_ships_named_after_people_are_no_persons():
    text = ("The aircraft carrier Admiral Lazarev left port on Monday. "
            "Crowds cheered as the Admiral Lazarev sailed past the harbour.")
    assert persons(text) == {}


def test_a_word_broken_by_lost_characters_ends_no_name():
    found = persons("The party leader Miche\ufffd\ufffdl Martin said the minister must explain herself.")
    assert "Miche" not in found.values(), found
