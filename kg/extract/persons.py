"""Find persons, including the ones spaCy's recogniser mislabels, and merge short names.

spaCy's small model tags "Wood" or "Vassily Nebenzia" as organisations.  Three signals
correct it: a PERSON entity; a proper-noun name standing in apposition to, or right after,
an office title ("Ambassador, Robert Wood", "spokesperson Dmitry Peskov"); and, within one
article, a bare surname that matches a full name already found ("Wood" -> "Robert Wood").
Every mention is labelled with the longest full name of its person in the article, so all
of them link to one entity.

The recogniser also calls songs, shops, ships, towns and headline debris persons, so a
person node needs evidence from the text (:func:`_evidence`): a title, occupation or kin
noun, a verb of saying or acting, or a full name that starts with a given name (the first
words of the office-holders' names, :func:`given_names`) or is an office-holder's.  Words
the recogniser glues on ("Minister for Health Simon Harris", "Donald Trump-for",
"Indonesian Siti Aisyah") come off first (:func:`_strip`).  The word lists are data:
``kg/data/person_words.json``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import Lexicon, title_heads, title_words
from kg.extract.office_holders import OfficeHolders, normal_name
from kg.extract.schema import validate
from kg.resources import data_path

PERSON_KIND = "person"
_NAMED_ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP")
_ARGUMENT_POSITIONS = ("nsubj", "nsubjpass", "dobj", "pobj", "poss")
_NAME_RE = re.compile(r"^[A-Z][\w'’.-]*$")
_ROMAN = re.compile(r"[IVX]+")


def _is_name_token(token: Token) -> bool:
    return (token.pos_ == "PROPN" and bool(_NAME_RE.match(token.text)) and token.lower_ not in front_words())


def _name_run(doc: Doc, i: int, taken: set[int]) -> tuple[int, int] | None:
    """The run of capitalised proper nouns around token ``i`` that is not already an actor."""
    if i in taken or not _is_name_token(doc[i]):
        return None
    start = i
    while start > 0 and (start - 1) not in taken and _is_name_token(doc[start - 1]):
        start -= 1
    end = i + 1
    while end < len(doc) and end not in taken and _is_name_token(doc[end]):
        end += 1
    if end - start > 4:
        return None
    return start, end


def _strip(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop honorifics and title words at the front ("Deputy Crown Prince …"), a
    possessive at the end, and words the recogniser glued on (see :func:`_glued_front`
    and :func:`_glued_back`), keeping at least one word."""
    front = front_words()
    while end - start > 1 and doc[start].lower_ in front:
        start += 1
    while end > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    start, end = _glued_back(doc, start, end)
    while end - start > 1 and (doc[start].text in ("-", "'", "’") or doc[start].tag_ in ("VB", "VBD", "VBZ")):
        start += 1  # "Mr-Coveney" in text whose spaces became hyphens; "Follow Anealla Safdar on Twitter"
    start = _glued_front(doc, start, end)
    while end - start > 1 and doc[start].lower_ in front:
        start += 1
    return start, end


def _glued_back(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop what the text ran into the name: a small word that is no noun or name
    ("Fitzgerald-met", "Justin Trudeau-at"; not "Kim Jong-un"), a word
    ``person_words.json`` knows to open a sentence or heading or a hyphened word
    ("Christian Siriano Following the lead", "Jake Tapper Sunday", "Francois Fillon
    Ex-president"), an honorific that begins the next clause ("Anne Shortall Sgt"), hyphens; and such a word before the name ("Given Mandelblit's
    reluctance")."""
    glue, honorifics = person_words()["glue_words"], Lexicon.load().words["honorifics"]
    while end - start > 1:
        last = doc[end - 1]
        if ((last.is_lower and last.pos_ in _NOT_NAME_POS) or last.lower_ in glue or last.lower_ in honorifics
                or last.text in ("-", "'", "’")):
            end -= 1
        else:
            break
    while end - start > 1 and doc[start].lower_ in glue:
        start += 1
    return start, end


#: Parts of speech of the small words a text runs into a name ("Donald Trump-for").
_NOT_NAME_POS = frozenset({"ADP", "ADV", "AUX", "CCONJ", "DET", "PART", "PRON", "SCONJ", "VERB"})


def _glued_front(doc: Doc, start: int, end: int) -> int:
    """Where a name starts when a body, a demonym or a minister's portfolio is glued before
    it: "Minister for Health Simon Harris", "company Atomflot Vyacheslav Ruksha",
    "Indonesian Siti Aisyah", "Carlow TD Pat Deering", "Data-Guru Hans Rosling", "told
    Reuters Kim".  Up to three words before a given name that leaves a full name are dropped
    when the first is no given name and they hold a known actor's name, an acronym or a
    hyphen, or follow a preposition, a common noun or another capitalised word (see
    :func:`_glued_after`); an actor's name or acronym alone is dropped before any name, and
    an office-holder's two-word name before a name of two words."""
    first = doc[start]
    if end - start >= 4 and OfficeHolders.load().holdings(doc[start:start + 2].text):
        return start + 2  # "Revisiting Yahya Jammeh Solo Sandeng": two names run together
    if first.lower_ in given_names() or end - start < 2:
        return start
    glued = _glued_after(doc, start)
    for k in range(start + 1, min(start + 4, end - 1)):
        if doc[k].lower_ in given_names() and _is_name_token(doc[k]):
            if glued or any(_actor_word(t) or t.text == "-" for t in doc[start:k]):
                return k
    return start + 1 if _actor_word(first) and _is_name_token(doc[start + 1]) else start


def _glued_after(doc: Doc, start: int) -> bool:
    """Whether what stands before ``start`` makes its first words a portfolio or a body's
    name: "Minister for (Foreign) Affairs …", a common noun ("company Atomflot …") or a
    capitalised word that is no title ("Open Society Justice Initiative …")."""
    if any(t.lower_ in ("for", "of") for t in doc[max(0, start - 2):start]):
        return True
    before = doc[start - 1] if start > 0 else None
    return before is not None and before.pos_ in ("NOUN", "PROPN") and before.lower_ not in front_words()


def _actor_word(token: Token) -> bool:
    """A word that names an actor rather than a person: a demonym, a news agency, a state,
    body or group the gazetteer knows, or an acronym ("EPA", "TD")."""
    acronym = token.is_upper and token.is_alpha and len(token.text) > 1 and not _ROMAN.fullmatch(token.text)
    return acronym or token.text in _actor_surfaces()


@lru_cache(maxsize=1)
def _actor_surfaces() -> frozenset[str]:
    from kg.extract.gazetteer import Gazetteer

    words = {s.text for s in Gazetteer.load().surfaces if " " not in s.text}
    return frozenset(words | {m for m in Lexicon.load().names["media"] if " " not in m})


def _entity_runs(doc: Doc, taken: set[int], known: set[str]) -> set[tuple[int, int]]:
    """PERSON entities not already taken by the gazetteer, without honorifics and titles,
    that look like a person's name (see :func:`plausible_name`).  ``known``: surnames of
    persons found otherwise (a title), which vouch for an organisation-tagged full name."""
    runs = set()
    surnames = {e[-1].text for e in doc.ents if e.label_ == "PERSON"} | known
    for ent in doc.ents:
        # "Irina Sokolova" tagged as an organisation while "Sokolova" is a person elsewhere
        person = ent.label_ == "PERSON" or (ent.label_ == "ORG" and len(ent) > 1 and ent[-1].text in surnames)
        if person and not any(i in taken for i in range(ent.start, ent.end)):
            start, end = _strip(doc, _given_name_before(doc, ent.start, taken), _surname_after(doc, ent.end, taken))
            if end > start and plausible_name(doc[start:end]):
                runs.add((start, end))
    return runs


def _surname_after(doc: Doc, end: int, taken: set[int]) -> int:
    """Where a name ends when the recogniser cut it short: "President [Donald] Trump"
    with "Trump" tagged apart still ends after "Trump" (a name word, not an actor's,
    not the head of a body or place)."""
    heads = non_person_heads()
    while (end < len(doc) and end not in taken and _is_name_token(doc[end]) and not doc[end].is_sent_start
           and doc[end].lower_ not in heads and doc[end - 1].whitespace_ and doc[end].ent_type_ in ("PERSON", "ORG", "")):
        end += 1
    return end


def _given_name_before(doc: Doc, start: int, taken: set[int]) -> int:
    """Where a name starts when the recogniser left its first word out ("Vietnamese [Doan]
    Thi Huong"): one name word outside any entity, not an actor's, right before a name of
    two words or more that does not start with a given name ("Mayor Bill DeBlasio" starts
    at "Bill"), and not a minister's portfolio ("Minister for Housing Eoghan Brannigan")."""
    before = start - 1
    ent = doc[start].ent_iob_ == "B" and start + 1 < len(doc) and doc[start + 1].ent_iob_ == "I"
    if (before >= 0 and ent and doc[start].lower_ not in given_names() and before not in taken and _is_name_token(doc[before]) and doc[before].ent_iob_ == "O"
            and doc[before].whitespace_ and not _actor_word(doc[before]) and not _after_portfolio(doc, start, _cue_words())):
        return before
    return start


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Names of cities of 50,000 people or more (``kg/data/places.txt``, from GeoNames),
    compared by :func:`place_key` ("al-Bab" is "Al Bab")."""
    text = data_path("places.txt").read_text(encoding="utf-8")
    return frozenset(place_key(line) for line in text.splitlines() if line and not line.startswith("#"))


def place_key(name: str) -> str:
    """Case and hyphens do not matter when a name is compared with the places.

    >>> place_key("al-Bab") == place_key("Al Bab")
    True
    """
    return " ".join(name.replace("-", " ").casefold().split())


def _name_shaped(token: Token, particles: frozenset[str]) -> bool:
    if token.text in ("-", "'", "’") and not token.whitespace_:
        return True  # "Jean-Robert Pierre-Louis", "Faisal al-Mutairi"
    if token.i > 0 and token.doc[token.i - 1].text == "-" and not token.doc[token.i - 1].whitespace_:
        return token.is_alpha  # "Choe Myong-hui"
    if token.lower_ in particles:
        return True
    if token.pos_ in ("ADP", "DET", "PRON", "CCONJ", "SCONJ"):
        return False  # "Come Dine With Me", "Law Abiding Citizen Of …": a title of a work
    return (bool(_NAME_RE.match(token.text)) and token.tag_ not in ("NNS", "CD")
            and not any(c.isdigit() or c == "/" for c in token.text))


def _placelike(span: Span, lex: Lexicon, titled: bool = False) -> bool:
    """A lone word the tagger called a person but the text uses as a place: a known town
    ("shelled Kherson", unless a title vouches for the name: "President Lula"), the object
    of a place preposition, the owner of a mayor."""
    root = span.root
    if not titled and place_key(span.text) in places():
        return True
    if root.dep_ == "pobj" and root.head.lower_ in lex.words["locative_preps"]:
        return True
    return root.dep_ == "poss" and root.head.lemma_.lower() in lex.words["place_owned_nouns"]


def plausible_name(span: Span, titled: bool = False) -> bool:
    """Whether a PERSON entity can be a person's name: name-shaped words (no digits, no
    slashes, no plural nouns: "Bayraktar TB2 drones", "Shakhtar Donetsk 2-1 Dynamo Kyiv"),
    not a news agency, a title (:func:`_titles_only`) nor a town ("Milton Keynes"), and a
    lone word only where it is not a place ("Kherson")."""
    lex = Lexicon.load()
    if span.text in lex.names["media"]:
        return False
    particles = lex.words["name_particles"]
    if not all(_name_shaped(t, particles) for t in span) or _brand_shaped(span):
        return False
    if _titles_only(span) or _names_no_person(span, lex):
        return False
    if not titled and len(span) > 1 and place_key(span.text) in places():
        return False  # "Milton Keynes"
    if _name_words(span, particles) == 1 and _leading_particle(span, particles):
        return False  # "Al-Shabab", "al-Bab": a particle and one word name no person alone
    if len(span) == 1 and _actor_word(span[0]):
        return False  # "UK", "MBA": an acronym or an actor's name alone names no person
    return _name_words(span, particles) > 1 or not _placelike(span, lex, titled)


def _titles_only(span: Span) -> bool:
    """Title words with no name ("Attorney", "Deputy Commissioner"), or a title after a
    word that is no given name ("Garda Commissioner"; not "Stephen King")."""
    if all(t.lower_ in front_words() for t in span):
        return True
    return len(span) > 1 and span[-1].lower_ in title_heads() and span[0].lower_ not in given_names()


def _leading_particle(span: Span, particles: frozenset[str]) -> bool:
    """A name particle first, written small or joined by a hyphen ("al-Bab", "Al-Shabab";
    not "Ben Wallace")."""
    first = span[0]
    return first.lower_ in particles and (first.is_lower or (len(span) > 1 and span[1].text == "-"))


def _names_no_person(span: Span, lex: Lexicon) -> bool:
    """A name headed by the noun of a place, body, medium or event ("Nenagh Garda
    Station", "Wales Sport", "Senate Intelligence Committees"), opened by a place word
    ("Co Mayo", "Mount Kenya"), a ship's ("MS Caledonian Sky", "the carrier Admiral
    Kuznetsov"), garbled (words repeated, "Normandie Keith Normandie
    Keith"; a headline in capitals, "JANE FONDA OPENS"), or that follows an article ("the
    Administration said"; a name that modifies a noun, "the Obama administration", may)."""
    if _headed_by_no_person(span, lex) or _garbled(span):
        return True
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.text in person_words()["vessel_prefixes"]:
        return True  # "the MS Caledonian Sky"
    if _after_vessel_noun(span.doc, span.start):
        return True  # "the aircraft carrier Admiral Kuznetsov"
    return before is not None and before.lower_ in ("the", "a", "an") and span.root.dep_ != "compound"


def _after_vessel_noun(doc: Doc, start: int) -> bool:
    """A ship's noun right before the name or its title ("the destroyer Admiral Ushakov")."""
    return any(t.lower_ in person_words()["vessel_nouns"] for t in doc[max(0, start - 2):start])


def _headed_by_no_person(span: Span, lex: Lexicon) -> bool:
    """Headed by a body's noun, or by an acronym after a name ("Shoreham RNLI", "Fine Gael
    TD"; not "Elizabeth II"); opened by a place, storm or possessive word ("Co Mayo",
    "Storm Stella", "His Holiness")."""
    heads = non_person_heads()
    last = span[-1]
    if last.lower_ in heads or last.lower_.removesuffix("s") in heads or span[0].lower_ in lex.words["place_prefixes"]:
        return True
    return (len(span) > 1 and last.is_upper and len(last.text) > 1 and not _ROMAN.fullmatch(last.text)
            and not all(t.is_upper for t in span if t.is_alpha))


def _garbled(span: Span) -> bool:
    """A date ("December 28: The Russian ambassador …"), an initial alone, words doubled
    ("Normandie Keith Normandie Keith", "Beyonce Beyonce"; not "Boutros Boutros-Ghali" or
    an office-holder's "Abdullah Abdullah"), a headline in capitals, a name cut short after
    an initial or a particle ("Judith J", "Zine El")."""
    if any(t.ent_type_ in ("DATE", "TIME") for t in span) or (len(span) == 1 and len(span.text) == 1):
        return True
    words = [t.lower_ for t in span if t.is_alpha]
    shouted = len(words) > 1 and all(t.is_upper for t in span if t.is_alpha)
    return _doubled(span, words) or _cut_short(span) or (shouted and (len(words) > 2 or words[0] not in given_names()))


def _doubled(span: Span, words: list[str]) -> bool:
    """The same words twice over, unless an office-holder is so named ("Abdullah Abdullah")."""
    half = len(words) // 2
    return half > 0 and words[:half] == words[half:] and not OfficeHolders.load().holdings(span.text)


def _cut_short(span: Span) -> bool:
    """A name that ends in an initial (not a regnal number) or a particle ("Judith J",
    "Zine El"), or in a word the text's encoding broke ("Miche\ufffd\ufffdl")."""
    last = span[-1]
    doc = span.doc
    if not last.whitespace_ and span.end < len(doc) and doc[span.end].text.startswith("\ufffd"):
        return True  # "Miche��l Martin": a word broken by a character the text lost
    if len(span) < 2:
        return False
    return (len(last.text) == 1 and not _ROMAN.fullmatch(last.text)) or last.lower_ in Lexicon.load().words["name_particles"]


def _name_words(span: Span, particles: frozenset[str]) -> int:
    """Words of a name other than particles and hyphens: "al-Bab" has one."""
    return sum(1 for t in span if t.is_alpha and t.lower_ not in particles)


def _brand_shaped(span: Span) -> bool:
    """A word with a capital after a run of small letters is a brand or a title run
    together, not a name ("HuffPost", "Health-Simon"): "McCain", "DeVos" and "MacArthur"
    have at most two small letters before theirs.  So is a word cut at a hyphen ("Clonan-"),
    or two words run together at a full stop ("Warren.-Her")."""
    return any(re.search(r"[a-z]{3}[A-Z]|[a-z]\.[-A-Za-z]", t.text) or (len(t) > 1 and t.text.endswith("-"))
               for t in span)


@lru_cache(maxsize=1)
def person_words() -> dict[str, frozenset[str]]:
    """The word lists of ``kg/data/person_words.json`` (occupations, verbs only persons do,
    heads of names that are no person's), checked against their schema.

    >>> "comedian" in person_words()["occupations"]
    True
    """
    raw = json.loads(data_path("person_words.json").read_text(encoding="utf-8"))
    validate(raw, json.loads(data_path("person_words.schema.json").read_text(encoding="utf-8")))
    return {key: frozenset(words) for key, words in raw.items() if not key.startswith("_")}


@lru_cache(maxsize=1)
def non_person_heads() -> frozenset[str]:
    """Last words of names of bodies, places, works and products ("Garda Station", "John
    Lewis Partnership"): the lexicon's, the state organs' and ``person_words.json``'s."""
    lex = Lexicon.load()
    return lex.words["non_person_heads"] | lex.words["state_organ_words"] | person_words()["non_person_heads"]


@lru_cache(maxsize=1)
def front_words() -> frozenset[str]:
    """Honorifics, title words (corporate ones too: "General Manager") and occupations
    ("comedian"), which stand before a name but are none."""
    lex = Lexicon.load()
    corporate = {w for title in lex.words["corporate_titles"] for w in title.split()}
    words = lex.words["honorifics"] | title_heads() | title_words() | corporate | person_words()["occupations"]
    return words - {"in", "of", "for", "to", "the", "and", "at", "on"}  # "commander-in-chief"


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """First words of the office-holders' full names (PETRARCH2's lists, see
    :mod:`kg.extract.office_holders`), less particles, titles and the words
    ``person_words.json`` marks as no given names: a name that starts with one has a
    personal name's shape ("Vadim Krasnoselsky"; not "Boko Haram").

    >>> "vladimir" in given_names(), "boko" in given_names(), "al" in given_names()
    (True, False, False)
    """
    stop = Lexicon.load().words["name_particles"] | front_words() | person_words()["not_given_names"]
    return frozenset(w for w in OfficeHolders.load().first_names() - stop if len(w) > 1)


def _titled_at(doc: Doc) -> Iterator[tuple[int, bool]]:
    """Where names that a title vouches for may be, and whether the name must start there."""
    heads = title_heads()
    for token in doc:
        if token.dep_ == "appos":
            # a name in apposition to a title: "Ambassador, Robert Wood"
            if token.head.lower_ in heads:
                yield token.i, False
            # a name with a title in apposition after it: "Anatoly Grigoryev, Russia's deputy minister,"
            if token.i > token.head.i and token.lower_ in heads:
                yield token.head.i, False
        # a name right after a title: "spokesperson Dmitry Peskov"
        if token.lower_ in heads and token.i + 1 < len(doc):
            yield token.i + 1, True


def _titled_runs(doc: Doc, taken: set[int]) -> set[tuple[int, int]]:
    runs = set()
    for at, starts in _titled_at(doc):
        run = _name_run(doc, at, taken)
        if run is None or (starts and run[0] != at):
            continue
        run = _strip(doc, *run)  # "Minister for Health Simon Harris": the portfolio is no name
        if run[1] - run[0] == 1 and starts and _inside_a_name(doc, at - 1):
            continue  # "the Annual General Meeting"
        if plausible_name(doc[run[0]:run[1]], titled=True):
            runs.add(run)
    return runs


def _inside_a_name(doc: Doc, i: int) -> bool:
    """Whether the title word at ``i`` is part of a longer capitalised name, after a
    capitalised word that is no title and names no actor ("Annual General Meeting"; not
    "Russian Ambassador", "US President")."""
    if i < 1 or doc[i].is_sent_start:
        return False
    before = doc[i - 1]
    return (before.pos_ == "PROPN" and before.is_title and before.lower_ not in front_words()
            and not _actor_word(before))


def _names_surname(token: Token) -> bool:
    if token.ent_type_ in ("DATE", "TIME"):
        return False  # "in May" is a month, not Theresa May
    # a surname the tagger took for a noun ("Stone later urged …") still names the person
    # when it stands as an argument
    return (_is_name_token(token) or token.ent_type_ in _NAMED_ENTITY_TYPES
            or token.dep_ in _ARGUMENT_POSITIONS)


def _surname_runs(doc: Doc, blocked: set[int], by_surname: dict[str, str]) -> set[tuple[int, int]]:
    """Bare surnames of a full name found in the article: "Wood stated", "von Hollstein said"."""
    runs = set()
    for t in doc:
        if t.i in blocked or t.text not in by_surname or not _names_surname(t):
            continue
        particle = t.i > 0 and f"{doc[t.i - 1].lower_} {t.text}" in by_surname and t.i - 1 not in blocked
        runs.add((t.i - 1 if particle else t.i, t.i + 1))
    return runs


#: Longest family name written first that a bare mention may use ("Xi", "Kim", "Liu").
_FAMILY_FIRST = 4


def _short_forms(name: str, particles: frozenset[str]) -> set[str]:
    """How an article may shorten a full name: its last word, without a hyphened particle
    ("Assad" for Bashar al-Assad), a particle with it ("von Hollstein"), the given name of a
    name with a patronymic ("Mohammed" for Mohammed bin Salman), and a short first word, since Chinese and Korean names put the family name first ("Kim" for Kim Jong Un,
    "Liu" for Liu Jianhua).

    >>> sorted(_short_forms("Bashar al-Assad", frozenset({"al"})))
    ['Assad', 'al-Assad']
    >>> sorted(_short_forms("Mohammed bin Salman", frozenset({"bin"})))
    ['Mohammed', 'Salman', 'bin Salman']
    """
    words = name.split()
    forms = {words[-1]}
    head, _, rest = words[-1].partition("-")
    if rest and head.lower() in particles:
        forms.add(rest)
    if len(words) > 2 and words[-2].lower() in particles:
        forms.add(" ".join(words[-2:]))
    if len(words[0]) <= _FAMILY_FIRST and words[0].lower() not in particles:
        forms.add(words[0])
    if any(w.lower() in Lexicon.load().words["patronymic_particles"] for w in words[1:]):
        forms.add(words[0])  # "Prince Mohammed" for Mohammed bin Salman: the given name
    return forms


def _surnames(names: list[str]) -> dict[str, str]:
    """Short form -> full name.  ``names``: the full names as the article writes them, in
    text order, once per mention.  A form that several full names share goes to the one
    written most often, the first written on a tie ("Trump" is Donald Trump in an article
    that names him twice and Melania Trump once).

    >>> _surnames(["Donald Trump", "Melania Trump", "Donald Trump"])["Trump"]
    'Donald Trump'
    """
    particles = Lexicon.load().words["name_particles"]
    counts = Counter(names)
    first = {name: i for i, name in reversed(list(enumerate(names)))}
    full: dict[str, set[str]] = {}
    for name in counts:
        if " " in name:
            for form in _short_forms(name, particles):
                full.setdefault(form, set()).add(name)
    for name in counts:
        if " " not in name:
            full.setdefault(name, {name})  # "President Trump … Trump said": a titled surname
    return {form: min(found, key=lambda n: (-counts[n], first[n])) for form, found in full.items()}


def after_particle(span: Span) -> bool:
    """"Leila de Lima": a place name after a name particle and a first name is a surname."""
    doc = span.doc
    if span.start < 2:
        return False
    particle, first = doc[span.start - 1], doc[span.start - 2]
    return (particle.lower_ in Lexicon.load().words["name_particles"] and particle.text.islower()
            and _is_name_token(first))


def find_persons(doc: Doc, actor_spans: list[Span]) -> list[Span]:
    taken = {i for s in actor_spans for i in range(s.start, s.end)}
    titled = _titled_runs(doc, taken)
    runs = _drop_nested(_entity_runs(doc, taken, {doc[e - 1].text for _, e in titled}) | titled)
    by_surname = _surnames([_bare(doc[s:e].text) for s, e in sorted(runs)])
    covered = {i for s, e in runs for i in range(s, e)}
    runs |= _surname_runs(doc, covered | taken, by_surname)
    canonical = {run: _canonical(_bare(doc[run[0]:run[1]].text), by_surname) for run in runs}
    runs = _vouched(doc, runs, canonical, titled)
    return [Span(doc, start, end, label=f"person:{canonical[(start, end)]}|{PERSON_KIND}")
            for start, end in sorted(runs)]


def _bare(name: str) -> str:
    """A name without a possessive the tokenizer left on it ("Mark Rutte's-liberal").

    >>> _bare("Mark Rutte's"), _bare("Mark Rutte’s")
    ('Mark Rutte', 'Mark Rutte')
    """
    return re.sub(r"['’]s$", "", name)


def _canonical(text: str, by_surname: dict[str, str]) -> str:
    """A full name is its own; a short form takes the full name that has it, through
    another short form if need be ("Pen" -> "Le Pen" -> "Marine Le Pen").

    >>> _canonical("Pen", {"Pen": "Le Pen", "Le Pen": "Marine Le Pen"})
    'Marine Le Pen'
    """
    seen = {text}
    while (name := by_surname.get(text, by_surname.get(text[:1].lower() + text[1:], text))) not in seen:
        seen.add(name)
        text = name
    return text


def _vouched(doc: Doc, runs: set[tuple[int, int]], canonical: dict[tuple[int, int], str],
             titled: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Runs whose person the text vouches for (see :func:`_evidence`); a name with a title
    ("President Obama", "Ambassador, Robert Wood") always is, unless one of its mentions
    follows a ship's noun ("the aircraft carrier Admiral Kuznetsov")."""
    ships = {canonical[run] for run in runs if _after_vessel_noun(doc, run[0])}  # "the Admiral Kuznetsov" too
    vouched = {canonical[run] for run in runs if run in titled} - ships
    mentions: dict[str, list[tuple[int, int]]] = {}
    for run in runs:
        if canonical[run] not in vouched:
            mentions.setdefault(canonical[run], []).append(run)
    dropped = {run for name, found in mentions.items() if name in ships or not _evidence(doc, name, found)
               for run in found}
    return runs - dropped


def _evidence(doc: Doc, name: str, found: list[tuple[int, int]]) -> bool:
    """Whether the article gives evidence that ``name`` is a person's.  A full name has a
    personal name's shape when it starts with a given name (:func:`given_names`) or is an
    office-holder's; otherwise one of its mentions, as for a lone word ("Law", "Meeting",
    "Tucked": the recogniser's guesses at capitalised words), needs a title, honorific,
    occupation or kin noun before it or in apposition ("Mr Putin", "comedian Billy
    Eichner"), or to say or do something, or have something done to it, that the lexicon
    knows ("Putin said", "invited Obama", "Hans Rosling died"; a lone word must also be a
    listed office-holder's surname; a name the text calls "its", or that modifies a
    party's or a brand's noun, is no person's: :func:`_called_it`, :func:`_names_a_body`).  Titles of works, products and places rarely start with a given
    name or act."""
    full = " " in name
    if (full and OfficeHolders.load().holdings(name)) or any(_described(doc, run) for run in found):
        return True
    verbs = _person_verbs()
    shaped = full and normal_name(name).split()[0] in given_names()
    acts = shaped or any(_acts(doc, run, verbs, lone=not full) for run in found)
    return acts and not _called_it(doc, found) and not _names_a_body(doc, found)


def _names_a_body(doc: Doc, found: list[tuple[int, int]]) -> bool:
    """Whether a mention modifies a noun of a party, firm, brand or work ("the Fine Gael
    party", "the Tommee Tippee page"; ``body_nouns`` in ``person_words.json``)."""
    bodies = person_words()["body_nouns"]
    return any((root := doc[start:end].root).dep_ == "compound" and root.head.lower_ in bodies for start, end in found)


def _called_it(doc: Doc, found: list[tuple[int, int]]) -> bool:
    """Whether the text refers back to the name as a thing and never as a person: in the
    clause a mention is the subject of, the first owner's word after it is "its", with no
    other name between ("Boko Haram has killed 20,000 people … during its uprising"; not
    "Tillerson called North Korea … its"), never "his" or "her"."""
    lex = Lexicon.load()
    neuter = lex.words["neuter_pronouns"] - {"it"}
    personal = lex.words["personal_pronouns"] - {"he", "she", "him"}
    votes = set()
    for start, end in found:
        root = doc[start:end].root
        if root.dep_ != "nsubj" or root.head.lemma_.lower() in lex.maps["speech"]:
            continue  # a speaker's quote may say "its" of anything
        clause = sorted(_own_clause(root.head), key=lambda t: t.i)
        owners = [t for t in clause if t.lower_ in neuter | personal and t.i > root.i]
        if owners:
            # "Tillerson called North Korea's programme … its": another name came between
            between = any(t.pos_ == "PROPN" and end <= t.i < owners[0].i for t in clause)
            votes.add(owners[0].lower_ in neuter and not between)
    return votes == {True}


#: Dependencies that open a clause of its own, whose "its" belongs to another noun.
_CLAUSES = frozenset({"relcl", "ccomp", "advcl", "acl", "parataxis", "csubj", "pcomp"})


def _own_clause(head: Token) -> Iterator[Token]:
    """The tokens of a verb's clause and of the verbs joined to it, without the clauses
    embedded at any depth (a relative clause's "its" is another noun's)."""
    for child in head.children:
        if child.dep_ not in _CLAUSES:
            yield child
            yield from _own_clause(child)


@lru_cache(maxsize=1)
def _person_verbs() -> frozenset[str]:
    """Verbs of saying and acting: the lexicon's speech verbs and event triggers, and the
    verbs only persons do (``person_words.json``)."""
    lex = Lexicon.load()
    return frozenset(lex.maps["speech"]) | frozenset(lex.verbs) | person_words()["life_verbs"]


def _described(doc: Doc, run: tuple[int, int]) -> bool:
    """A title, occupation or kin noun before the mention (also with a portfolio between:
    :func:`_after_portfolio`) or in apposition to it ("his daughter, Aigerim Abenova, a
    senator,")."""
    start, end = run
    cues = _cue_words()
    if start > 0 and doc[start - 1].lower_ in cues and not (end - start == 1 and _inside_a_name(doc, start - 1)):
        return True
    if _after_portfolio(doc, start, cues):
        return True
    root = doc[start:end].root
    return (root.dep_ == "appos" and root.head.lower_ in cues) or any(
        c.dep_ == "appos" and c.lower_ in cues for c in root.children)


def _after_portfolio(doc: Doc, start: int, cues: frozenset[str]) -> bool:
    """A title with its portfolio before the name: "Minister for Housing Eoghan Brannigan",
    "Minister of State for European Affairs Dara Ryan"."""
    i = start - 1
    while i >= 0 and start - i <= 3 and (doc[i].text == "-" or (doc[i].is_title and doc[i].lower_ not in ("for", "of"))):
        i -= 1
    return i >= 1 and i < start - 1 and doc[i].lower_ in ("for", "of") and doc[i - 1].lower_ in cues


def _acts(doc: Doc, run: tuple[int, int], verbs: frozenset[str], lone: bool) -> bool:
    """The mention is the subject or object of a verb the lexicon knows, or stands right
    before "said", "told", "added" or a verb only persons do even where the parser read it
    otherwise ("envoy in Geneva Htin Lynn said", "… Vitaly Churkin died"), or is born,
    married …; a lone word must also be an office-holder's surname."""
    root = doc[run[0]:run[1]].root
    if lone and not OfficeHolders.load().is_surname(root.text):
        return False
    nxt = doc[run[1]] if run[1] < len(doc) else None
    life = person_words()["life_verbs"]
    if nxt is not None and nxt.tag_ == "VBD" and nxt.lemma_.lower() in life | {"say", "tell", "add"}:
        return True
    head = root.head.lemma_.lower()
    if root.dep_ == "nsubjpass" and head in life:
        return True  # "Churkin was born in Moscow"
    return root.dep_ in ("nsubj", "dobj") and root.pos_ == "PROPN" and root.head.pos_ == "VERB" and head in verbs


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    """Words before a name that make it a person's: honorifics, the last words of titles
    (also of "Secretary of State", "Chief Executive Officer"), occupations and kin nouns
    ("Mr", "minister", "State", "comedian", "daughter"); not the modifiers that may open a
    title ("first", "senior": "Yuba City's first Sikh temple")."""
    lex = Lexicon.load()
    words = person_words()
    ends = {title.split()[-1] for title in [*lex.titles, *lex.words["corporate_titles"]]}
    return (lex.words["honorifics"] | ends | words["occupations"]) & front_words() | words["kin_nouns"]


def _drop_nested(runs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Runs not inside another run (one sweep in start order, so linear after sorting)."""
    out: set[tuple[int, int]] = set()
    reach = -1
    for start, end in sorted(runs, key=lambda r: (r[0], -r[1])):
        if end > reach:
            out.add((start, end))
            reach = end
    return out
