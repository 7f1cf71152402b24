"""Dependency-parse helpers shared by every rule: label sets, arguments, clause structure.

Everything here reads a spaCy parse (ClearNLP-style labels, as the ``en_core_web_*``
pipelines produce) and knows nothing of actors or relations.  Rules ask these questions
so that each rule reads as the shape it recognises, not as tree walking.

The helpers work on any parsed :class:`~spacy.tokens.Doc`, including one built by hand,
which is how the rules are tested without the model:

>>> import spacy
>>> from spacy.tokens import Doc
>>> doc = Doc(spacy.blank("en").vocab, words=["Russia", "attacked", "Ukraine"], heads=[1, 1, 1],
...           deps=["nsubj", "ROOT", "dobj"], pos=["PROPN", "VERB", "PROPN"])
>>> subject_of(doc[1]).text, [t.text for t in children(doc[1], OBJECT_DEPS)]
('Russia', ['Ukraine'])
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from spacy.tokens import Span, Token

#: Subjects of a clause (a clausal subject counts: "What Russia did angered Kyiv").
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
#: Objects a verb takes directly.
OBJECT_DEPS = frozenset({"dobj", "dative"})
#: Markers of a passive clause.
PASSIVE_DEPS = frozenset({"nsubjpass", "auxpass"})
#: Children that carry a preposition: ordinary, dative "to", passive "by".
PREP_DEPS = frozenset({"prep", "dative", "agent"})
#: Objects of a preposition.
POBJ_DEPS = frozenset({"pobj", "pcomp"})
#: Modifiers before a noun that may name its owner ("US officials", "Russian troops").
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
#: Positions where a noun phrase is an argument of its clause.
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "attr", "appos", "agent"})
#: Links along which a clause inherits its subject from the clause above it.
INHERITS_SUBJECT = frozenset({"xcomp", "advcl", "conj", "pcomp", "acomp"})
#: Parts of speech that head a noun phrase.
NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
#: Parts of speech that head a clause.
VERBAL = frozenset({"VERB", "AUX"})


def children(token: Token, deps: Iterable[str]) -> list[Token]:
    """The children of ``token`` attached with one of ``deps``, in text order."""
    wanted = frozenset(deps)
    return [c for c in token.children if c.dep_ in wanted]


def pobjs(token: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the prepositions ``preps`` hanging on ``token``.

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["met", "with", "Macron"], heads=[0, 0, 1],
    ...           deps=["ROOT", "prep", "pobj"])
    >>> [t.text for t in pobjs(doc[0], ("with",))]
    ['Macron']
    """
    wanted = frozenset(preps)
    return [obj for prep in token.children if prep.dep_ in PREP_DEPS and prep.lower_ in wanted
            for obj in prep.children if obj.dep_ in POBJ_DEPS]


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_DEPS for c in verb.children)


def lemma(token: Token) -> str:
    return token.lemma_.lower()


def _controller(verb: Token) -> Token | None:
    """Object control after *of* or *from*: "accused Belarus of preparing" -> Belarus,
    "to stop Iran from striking" -> Iran."""
    if verb.dep_ == "pcomp" and verb.head.lower_ in ("of", "from"):
        objects = children(verb.head.head, ("dobj",))
        return objects[0] if objects else None
    return None


def _inherits(verb: Token) -> bool:
    """Whether a clause without a subject takes the one of the clause above it."""
    if verb.dep_ in INHERITS_SUBJECT:
        return True
    if verb.dep_ in ("ccomp", "dobj") and verb.tag_ == "VBG":
        return True  # gerunds: "denied supplying"
    return verb.dep_ == "prep" and verb.head.pos_ in VERBAL


def _object_controller(clause: Token, control: Collection[str]) -> Token | None:
    """Object control: "urged Berlin to send tanks", "called on Washington to stop" -> the
    object of a control verb is the subject of its xcomp."""
    head = clause.head
    if clause.dep_ != "xcomp" or head.lemma_.lower() not in control:
        return None
    objects = [c for c in head.children if c.dep_ in OBJECT_DEPS and c.pos_ in NOMINAL]
    objects += [o for o in pobjs(head, ("on", "upon")) if o.pos_ in NOMINAL]
    return objects[0] if objects else None


def _agent_controller(clause: Token, instrument: Collection[str]) -> Token | None:
    """"Iran's drones were used by the Houthis to attack Saudi Arabia": who uses the thing
    does the purpose, not the thing."""
    head = clause.head
    if clause.dep_ not in ("xcomp", "advcl") or head.lemma_.lower() not in instrument or not children(head, ("nsubjpass",)):
        return None
    agents = [o for o in pobjs(head, ("by",)) if o.pos_ in NOMINAL]
    return agents[0] if agents else None


def _lends_passive_subject(clause: Token, raising: Collection[str]) -> bool:
    """Whether the passive above ``clause`` lends it its subject: a raising verb ("is
    expected to speak"), or a passive without a *by*-agent over a participle ("Wallace was
    engaged in talks, visiting his counterparts")."""
    head = clause.head
    if clause.dep_ == "xcomp":
        return head.lemma_.lower() in raising
    return clause.dep_ == "advcl" and clause.tag_ == "VBG" and not children(head, ("agent",))


def subject_of(verb: Token | None, raising: Collection[str] = (), control: Collection[str] = (),
               instrument: Collection[str] = ()) -> Token | None:
    """The subject of a clause, inherited when it has none of its own.

    Through xcomp/advcl/conj chains ("is preparing to dispatch"), predicative adjectives
    ("is likely to sign"), gerunds ("denied supplying"), object control after *of*
    ("accused Belarus of preparing to send" -> Belarus), and relative clauses (the noun
    the clause modifies).  ``raising``: passive verbs that lend their subject to their
    xcomp ("Johnson is expected to speak", "Germany was asked to send"); ``control``: verbs
    whose object is their xcomp's subject ("urged Berlin to send"); ``instrument``: verbs
    whose passive *by*-agent is their purpose clause's subject ("drones used by Russia to
    attack Ukraine").
    """
    raised = False
    for _ in range(7):
        if verb is None:
            return None
        # "Johnson is expected to speak to Putin": a passive raising verb lends its subject
        own = children(verb, SUBJECT_DEPS | {"nsubjpass"} if raised else SUBJECT_DEPS)
        if own:
            return own[0]
        raised = _lends_passive_subject(verb, raising)
        if verb.head == verb:
            return None
        controller = _controller(verb) or _object_controller(verb, control) or _agent_controller(verb, instrument)
        if controller is not None:
            return controller
        if verb.dep_ == "relcl":
            return verb.head
        if _instrument(verb):
            verb = verb.head.head  # "signed an order banning …": who signs it bans
            continue
        if not _inherits(verb):
            return None
        verb = verb.head
    return None


def _instrument(clause: Token) -> bool:
    """A gerund on an object: "signed an order banning …", "passed a law barring …"."""
    return clause.dep_ == "acl" and clause.tag_ == "VBG" and clause.head.dep_ == "dobj"


def sentences_back(token: Token, back: int) -> list[Span]:
    """The token's sentence and up to ``back`` sentences before it, in text order: how far
    a reference may reach."""
    doc = token.doc
    sents: list[Span] = [token.sent]
    while len(sents) <= back and sents[0].start > 0:
        sents.insert(0, doc[sents[0].start - 1].sent)
    return sents


def clause_verb(token: Token) -> Token | None:
    """The nearest verb above a token."""
    node = token.head
    for _ in range(8):
        if node.pos_ in VERBAL:
            return node
        if node.head == node:
            return None
        node = node.head
    return None


def in_object(token: Token, verb: Token) -> bool:
    """Whether ``token`` sits inside the direct object of ``verb``."""
    node = token
    while node.head != node and node != verb:
        if node.head == verb:
            return node.dep_ == "dobj"
        node = node.head
    return False


def ancestors_until(token: Token, limit: int = 10) -> Iterator[tuple[Token, Token]]:
    """``(child, head)`` pairs climbing from ``token`` towards the root."""
    node = token
    for _ in range(limit):
        if node.head == node:
            return
        yield node, node.head
        node = node.head


def particle(verb: Token) -> str | None:
    """The verb's particle, if any: 'shoot *down*', 'pull *out*'."""
    found = children(verb, ("prt",))
    return found[0].lower_ if found else None


def for_clause(clause: Token) -> bool:
    """A clause with its own subject after *for*: "called for Uganda to withdraw"."""
    return clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children)


def conjoined(token: Token) -> list[Token]:
    """The token and its conjuncts ("France, Germany and Italy"), and a list the parser hung
    on it as an apposition ("Saudi Arabia, [the UAE and Egypt]": a proper noun in apposition
    that has conjuncts of its own).

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["Oman", ",", "Qatar", "and", "Iraq", "met"],
    ...           heads=[5, 0, 0, 2, 2, 5], deps=["nsubj", "punct", "appos", "cc", "conj", "ROOT"],
    ...           pos=["PROPN", "PUNCT", "PROPN", "CCONJ", "PROPN", "VERB"])
    >>> [t.text for t in conjoined(doc[0])]
    ['Oman', 'Qatar', 'Iraq']
    """
    listed = [a for a in token.children if a.dep_ == "appos" and a.pos_ == "PROPN" == token.pos_
              and any(c.dep_ == "conj" for c in a.children)]
    found = [token, *token.conjuncts]
    for a in listed:
        found += [a, *a.conjuncts]
    return found
