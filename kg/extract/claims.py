"""How sure the text is: modality, negation and attribution of a relation mention.

A relation read from "North Korea may be sending troops" is *possible*; from "Zelenskiy
claimed that Pyongyang is preparing to dispatch soldiers" it is *alleged* and attributed
to Zelenskiy; from "did not attack" it is negated; from "denied sending troops" it is
*denied*.  The analysis climbs the parse from the clause that carries the relation up
through its governing clauses and report nouns; the nearest signal wins, except that a
denial anywhere above makes the claim denied.

A condition ("if Russia invades Ukraine"), its consequence ("unless Iran halts enrichment,
Israel may strike"), a question, a purpose of prevention ("to avert an attack") or a
counterfactual ("could have given") makes a claim *hypothetical*; a hope or wish ("hopes
to join"), and what an appeal or demand asks for ("urged Germany to send …"), make it
*desired*.  Neither asserts its relation (``kg/data/modalities.tsv``).

Confidence, how likely the reading is right, is the rule's and the modality's calibrated
precision (``kg/data/rules.json``, fitted by ``tools/calibrate.py``); how much the modality
weakens the relation itself is applied once, by the analyses (``kg/data/modalities.tsv``).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.lexicon import Lexicon
from kg.extract.mentions import Mention
from kg.extract.resolve import Resolver
from kg.extract.rules.registry import CALIBRATION, RuleInfo
from kg.extract.syntax import VERBAL, ancestors_until, children, for_clause, subject_of

#: Links the analysis climbs from the relation's clause towards the sentence root.
_CLIMB = frozenset({"xcomp", "advcl", "conj", "ccomp", "acl", "relcl", "pcomp", "pobj", "prep",
                    "dobj", "nsubj", "nsubjpass", "attr", "acomp", "csubj", "advmod", "parataxis",
                    "amod"})
#: How a clause below a verb of saying is its content.
_REPORTED_DEPS = ("ccomp", "parataxis", "xcomp", "dobj")


@dataclass(frozen=True)
class ClaimInfo:
    modality: str = "asserted"
    negated: bool = False
    attributed_to: Mention | None = None


@dataclass
class _Reading:
    """What the climb has found so far; the nearest signal of each kind wins."""

    modality: str | None = None
    negated: bool = False
    speaker: Mention | None = None
    denied: bool = False
    hypothetical: bool = False

    def hedge(self, kind: str | None) -> None:
        # a hope above a plan ("hopes that X will visit") is still only a hope
        if kind == "desired" and self.modality in ("planned", "possible", "likely"):
            self.modality = kind
        self.modality = self.modality or kind

    def report(self, kind: str, speaker: Mention | None) -> None:
        self.denied = self.denied or kind == "denied"
        self.speaker = self.speaker or speaker
        self.hedge(kind)


def _hedge(verb: Token, lex: Lexicon) -> str | None:
    hedges = lex.maps["hedges"]
    for child in children(verb, ("aux", "advmod", "acomp")):
        if child.lower_ in hedges:
            return hedges[child.lower_]
    return None


def _negated(verb: Token, lex: Lexicon) -> bool:
    if any(c.dep_ == "neg" or (c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det"))
           for c in verb.children):
        return True
    # "refused to sign", "failed to reach"
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lex.words["negating_verbs"]


class ClaimReader:
    """Reads modality, negation and speaker of relation mentions in one doc."""

    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        self.lex = resolver.actors.lexicon

    def _first(self, token: Token | None) -> Mention | None:
        got = self.resolver.resolve(token) if token is not None else []
        return got[0] if got else None

    def speaker(self, node: Token) -> Mention | None:
        """Who says it: the subject of a verb of saying; the owner of a report noun."""
        if node.pos_ not in ("NOUN", "PROPN"):
            return self._first(subject_of(node))
        for c in node.children:
            if c.dep_ == "poss":
                got = self._first(c)
            elif c.dep_ == "prep" and c.lower_ in ("from", "by"):
                got = next((m for obj in c.children for m in [self._first(obj)] if m), None)
            else:
                continue
            if got:
                return got
        return None

    def according_to(self, verb: Token) -> Mention | None:
        """The source named by 'according to X' on this clause or the one above it."""
        for node in (verb, verb.head):
            for according in node.children:
                if according.dep_ == "prep" and according.lower_ == "according":
                    for obj in (o for to in according.children for o in to.children):
                        got = self.resolver.resolve(obj, argument=True)
                        if got:
                            return got[0]
        return None

    def _verb_signal(self, child: Token, node: Token, reading: _Reading) -> None:
        lemma = self.lex.lemma(node)
        speech, plans = self.lex.maps["speech"], self.lex.maps["plan_verbs"]
        # "accused Belarus of preparing …": the content may hang on *of*
        reported = child.dep_ in _REPORTED_DEPS or (child.dep_ == "prep" and child.lower_ == "of")
        if self._asked(lemma, child) or self._deadline(child, node):
            reading.hedge("desired")  # "demanded that Armenia withdraw": only asked for
        elif lemma in speech and reported:
            reading.report(speech[lemma], self.speaker(node) if reading.speaker is None else None)
        elif lemma in plans and (child.dep_ == "xcomp" or (plans[lemma] == "desired" and _wished(child))):
            reading.hedge(plans[lemma])  # "hopes to join"; "hopes that Xi will visit", "hoping for better ties"
        elif child.dep_ in ("ccomp", "xcomp"):
            reading.hedge(_hedge(node, self.lex))
        if lemma in self.lex.words["negating_verbs"] and child.dep_ == "xcomp":
            reading.negated = True

    def _asked(self, lemma: str, child: Token) -> bool:
        """The content of an appeal or demand ("urged Germany *to send* …", "insisted
        that India *cooperate*") is wanted, not done; "told reporters that …" is a report."""
        if lemma not in self.lex.words["asking_verbs"]:
            return False
        # "insisted that Turkey *withdraw*": a bare verb after a verb of saying is wanted too
        mandative = child.tag_ == "VB" and not children(child, ("aux", "auxpass"))
        if child.dep_ == "xcomp" or for_clause(child):  # "called for Uganda to withdraw"
            return True
        return child.dep_ == "ccomp" and (mandative or lemma not in self.lex.maps["speech"])

    def _deadline(self, child: Token, node: Token) -> bool:
        """"gave Kosovo 48 hours *to remove* its police": what a deadline demands is not done."""
        deadline = self.lex.words["deadline_nouns"]
        if child.lemma_.lower() in deadline and child.dep_ == "dobj":
            return True
        return child.dep_ in ("xcomp", "advcl") and any(o.lemma_.lower() in deadline for o in children(node, ("dobj",)))

    def _noun_signal(self, child: Token, node: Token, reading: _Reading) -> None:
        # "Cyprus's insistence that Turkey withdraw"; but "an order banning X" bans X (a gerund)
        asked = child.dep_ in ("acl", "ccomp", "relcl") and child.tag_ != "VBG"
        if node.lemma_.lower() in self.lex.words["asking_nouns"] and asked:
            reading.hedge("desired")
            return
        kind = self.lex.maps["report_nouns"].get(node.lemma_.lower())
        if kind and child.dep_ in ("acl", "ccomp", "relcl"):
            reading.report(kind, self.speaker(node) if reading.speaker is None else None)

    def _conditional(self, clause: Token) -> bool:
        """"if Russia invades" (the condition), "unless Iran halts …, Israel may strike"
        (its consequence)."""
        return self._condition(clause) or any(c.dep_ == "advcl" and self._condition(c) for c in clause.children)

    def _condition(self, clause: Token) -> bool:
        """"if/unless X …", and the inverted "Should China blockade Taiwan, …", "Were
        Ethiopia to seize a port, …", "Had Turkey not mediated, …"."""
        if any(c.dep_ == "mark" and c.lower_ in self.lex.words["conditional_marks"] for c in clause.children):
            return True
        subject = next((c.i for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return subject is not None and any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in self.lex.words["inversion_auxes"] and c.i < subject
            and c.i == c.sent.start for c in clause.children)

    def _counterfactual(self, clause: Token) -> bool:
        """"could have given", "would never have thought"."""
        auxes = {c.lower_ for c in children(clause, ("aux",))}
        return "have" in auxes and bool(auxes & self.lex.words["counterfactual_modals"])

    def _hypothetical_here(self, child: Token | None, node: Token) -> bool:
        if node.pos_ in VERBAL and (self._conditional(node) or self._counterfactual(node)):
            return True
        prevented = child is not None and (child.dep_ in ("dobj", "xcomp", "ccomp", "pcomp")
                                           or (child.dep_ == "prep" and child.lower_ == "from"))
        return prevented and node.lemma_.lower() in self.lex.words["prevention_verbs"]

    def _signal(self, child: Token, node: Token, reading: _Reading) -> None:
        reading.hypothetical = reading.hypothetical or self._hypothetical_here(child, node)
        hedges = self.lex.maps["hedges"]
        if node.pos_ == "ADJ" and node.lower_ in hedges and child.dep_ in ("xcomp", "ccomp"):
            reading.hedge(hedges[node.lower_])  # "is likely to sign"
        if node.pos_ in VERBAL:
            self._verb_signal(child, node, reading)
        elif node.pos_ in ("NOUN", "PROPN"):
            self._noun_signal(child, node, reading)

    def _ceased(self, trigger: Token) -> bool:
        """"halted arms sales to Turkey", "suspended its aid": an event named as what a verb
        of stopping stops does not go on."""
        noun = _event_noun(trigger)
        return (noun.pos_ == "NOUN" and noun.dep_ == "dobj"
                and self.lex.lemma(noun.head) in self.lex.words["cessation_verbs"])

    def _own_assertion(self, clause: Token) -> bool:
        """"The US put troops on alert if Russia invades, *while France indicated* it would
        send soldiers": a contrasting clause asserts on its own; the main clause's condition
        or hedge does not reach into it."""
        return clause.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in self.lex.words["independent_marks"] for c in clause.children)

    def _presupposed(self, trigger: Token) -> bool:
        """"sanctions imposed *over Moscow's invasion of Ukraine*", "*after* the invasion":
        an event named as a reason or a time is taken as given, whatever the clause around
        it hedges ("demanded that Europe pay … because of sanctions over the invasion")."""
        noun = _event_noun(trigger)
        if noun.pos_ != "NOUN" or noun.dep_ != "pobj":
            return False
        prep = noun.head
        phrase = f"{prep.head.lower_} {prep.lower_}" if prep.head.pos_ in ("ADP", "ADV", "SCONJ", "ADJ") else prep.lower_
        words = self.lex.words["presupposing_preps"]
        return prep.lower_ in words or phrase in words

    def _asked_for(self, trigger: Token, clause: Token, reading: _Reading) -> None:
        """"called *for talks* with Armenia", "hopes *for* better ties": a noun event that a
        verb of wishing or asking takes as what it wants is only wanted."""
        if trigger.pos_ != "NOUN" or trigger.head == trigger:
            return
        top = trigger
        while top.head != clause and top.head != top and top.dep_ in ("compound", "amod", "pobj", "prep", "dobj"):
            top = top.head
        if top.head == clause and top.dep_ == "prep" and top.lower_ == "for":
            plans = self.lex.maps["plan_verbs"]
            if plans.get(self.lex.lemma(clause)) == "desired":
                reading.hedge("desired")

    def read(self, clause: Token, trigger: Token) -> ClaimInfo:
        """Modality, negation and speaker for a relation carried by ``clause``."""
        negated = trigger.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in trigger.children)
        if self._presupposed(trigger):
            return ClaimInfo("asserted", negated, None)
        reading = _Reading(modality=_hedge(clause, self.lex))
        reading.negated = _negated(clause, self.lex) or (
            trigger != clause and trigger.pos_ == "VERB" and _negated(trigger, self.lex)) or negated or (
            self._ceased(trigger))
        source = self.according_to(clause)
        if source is not None:
            reading.speaker = source  # "According to the Pentagon, …"
            reading.hedge("reported")
        reading.hypothetical = self._hypothetical_here(None, clause) or _question(clause)
        self._asked_for(trigger, clause, reading)
        for child, node in ancestors_until(clause):
            if child.dep_ not in _CLIMB or self._own_assertion(child):
                break
            self._signal(child, node, reading)
        return ClaimInfo(_modality(reading), reading.negated, reading.speaker)


def _event_noun(trigger: Token) -> Token:
    """The noun phrase head a trigger word sits in ("arms" in "arms sales")."""
    noun = trigger
    while noun.dep_ in ("compound", "amod") and noun.head.pos_ == "NOUN":
        noun = noun.head
    return noun


def _wished(child: Token) -> bool:
    """How a wish verb holds what is wished beyond a to-clause: "hopes *that* …", "longs *for* …"."""
    return child.dep_ == "ccomp" or (child.dep_ == "prep" and child.lower_ == "for")


def _question(token: Token) -> bool:
    """A claim inside a question ("Would China blockade Taiwan?") is not asserted."""
    sent = token.sent
    last = next((t for t in reversed(sent) if not t.is_space), None)
    return last is not None and last.text == "?" and not any(t.is_quote for t in sent)


def _modality(reading: _Reading) -> str:
    if reading.denied:
        return "denied"
    if reading.hypothetical:
        return "hypothetical"
    return reading.modality or "asserted"


def confidence(rule: RuleInfo, modality: str = "asserted") -> float:
    """How likely a relation this rule finds, with this modality, is read right.

    The rule's confidence times the modality's factor, both fitted on the dev set by
    ``tools/calibrate.py`` so that claims at 0.8 are right about 80 % of the time
    (``calibration`` in ``kg/data/rules.json``); capped below certainty.

    >>> from kg.extract.rules.registry import RULES
    >>> confidence(RULES["verb"]) > confidence(RULES["verb"], "possible")
    True
    """
    calibration = CALIBRATION
    factor = calibration.get("modality_factors", {}).get(modality, 1.0)
    return round(min(calibration.get("ceiling", 1.0), rule.confidence * factor), 3)
