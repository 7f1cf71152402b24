"""Relation rules over the dependency parse: ``doc -> Iterator[Candidate]``.

Each rule is a generator over one sentence's tokens, reading its triggers from the
lexicon (``kg/data/lexicon.json``) and its arguments through :class:`DocActors`:

* ``verb``  — subject–verb–object, passives with a *by*-agent, subjects inherited through
  xcomp/advcl chains ("is preparing to dispatch"), prepositional objects ("meet with").
* ``verb.theme`` — verbs that move troops, weapons or aid: the recipient is the object of
  *to* or of a purpose clause ("sending troops to assist Russia"), never a place
  further down ("… in its war against Ukraine").
* ``noun`` — nominal events with their agent from a possessor, a modifier or a light verb
  ("Moscow's cooperation with Pyongyang", "UN sanctions", "expressed concern over …").
* ``noun.pair`` — "ties between A and B", "the A-B relationship".
* ``allies`` — "allies such as A and B": allied with the possessor, or the sentence's topic.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.lexicon import Lexicon, Trigger
from kg.extract.link import DocActors, Mention, dedupe, subject_of

#: The property a carried theme gives: troops are sent, weapons supplied, aid provided.
THEME_PROPERTY = {"troops": "sendsTroopsTo", "weapons": "suppliesWeaponsTo", "aid": "providesAidTo"}
#: Properties whose patient may be given as a report about it ("concern over reports that X …").
CONTENT_PATIENT = frozenset({"criticizes", "accuses", "rejects", "threatens", "requests"})
_PASSIVE_DEPS = ("nsubjpass", "auxpass")


@dataclass(frozen=True)
class Candidate:
    """A relation found by a rule, before claim analysis."""

    subject: Mention
    property: str
    object: Mention
    trigger: Token
    rule: str
    #: The verb whose clause carries the claim (light verb for nouns), for modality.
    clause: Token
    #: For represents/leads found by a verb ("led Ukraine's delegation"): the office, in words.
    role: str | None = None


def _pobjs(token: Token, preps: tuple[str, ...] | frozenset[str]) -> list[Token]:
    out = []
    for child in token.children:
        if child.dep_ in ("prep", "dative", "agent") and child.lower_ in preps:
            out.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
    return out


def _pairs(agents: list[Mention], patients: list[Mention]) -> Iterator[tuple[Mention, Mention]]:
    for a in dedupe(agents):
        for p in dedupe(patients):
            if a.entity.iri != p.entity.iri:
                yield a, p


class RelationRules:
    """All rules, sharing the lexicon and the doc's actor index."""

    def __init__(self, actors: DocActors, lexicon: Lexicon | None = None):
        self.actors = actors
        self.lex = lexicon or actors.lexicon
        self.consumed: set[int] = set()

    def __call__(self, sent: Span, topic: list[Mention]) -> Iterator[Candidate]:
        yield from self.theme_verbs(sent)
        yield from self.verbs(sent)
        yield from self.nouns(sent)
        yield from self.allies(sent, topic)
        yield from self.members(sent)

    # -- verbs --------------------------------------------------------------------------
    def _agents_patients(self, verb: Token, trig: Trigger) -> tuple[list[Mention], list[Mention]]:
        resolve = self.actors.resolve
        content = trig.property in CONTENT_PATIENT
        passive = any(c.dep_ in _PASSIVE_DEPS for c in verb.children)
        patients: list[Mention] = []
        agents: list[Mention] = []
        if passive:
            for c in verb.children:
                if c.dep_ == "nsubjpass":
                    patients += resolve(c, content=content)
            for obj in _pobjs(verb, ("by", *trig.agent_preps)):
                agents += resolve(obj, argument=True)
            if not agents and _symmetric(trig.property):
                # "The Philippines is allied with the US": a state, not a passive
                agents, patients = patients, []
        else:
            subject = subject_of(verb)
            if subject is not None:
                agents += resolve(subject)
            for c in verb.children:
                if c.dep_ in ("dobj", "dative") and c.pos_ in ("NOUN", "PROPN", "PRON"):
                    patients += resolve(c, content=content)
        # the preposition may hang on the object: "shared intelligence with Russia"
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        named = _pobjs(verb, trig.preps) + [o for c in objects for o in _pobjs(c, trig.preps)]
        by_prep = [m for obj in named for m in resolve(obj, content=content, argument=True)]
        if by_prep:
            # "shared NATO intelligence with Russia": the preposition names the partner; an
            # object counts only when it names an actor itself, not through what it owns
            direct = [m for m in patients if any(self.actors.mention_at(c) == m for c in verb.children)]
            patients = direct + by_prep
        return agents, patients

    def verbs(self, sent: Span) -> Iterator[Candidate]:
        for verb in sent:
            # verbs, and predicative adjectives such as "is allied with"
            if not (verb.pos_ == "VERB" or verb.dep_ == "acomp") or verb.i in self.consumed:
                continue
            for trig in self.lex.verbs.get(_lemma(verb), ()):
                if trig.theme:
                    continue
                agents, patients = self._agents_patients(verb, trig)
                if trig.reverse:
                    agents, patients = patients, agents
                has_object = any(c.dep_ == "dobj" for c in verb.children)
                if not patients and not has_object and _symmetric(trig.property) and len(dedupe(agents)) > 1:
                    # "Ukrainian and Russian negotiators met": the subjects relate to each other
                    first, *rest = dedupe(agents)
                    agents, patients = [first], rest
                role = _verb_role(verb) if trig.property == "represents" else None
                for a, p in _pairs(agents, patients):
                    yield Candidate(a, trig.property, p, verb, "verb", verb, role)

    def theme_verbs(self, sent: Span) -> Iterator[Candidate]:
        """Sending troops, weapons or aid: who sends what to whom.

        The theme is the object ("sent troops"), the passive subject ("troops were sent"),
        the object of *with* ("supplied Ukraine with jets"), or for verbs of arriving the
        subject ("troops arrived in Haiti").  Verbs of receiving are reversed: the giver is
        the object of *from* ("received tanks from the US").
        """
        resolve = self.actors.resolve
        for verb in sent:
            if verb.pos_ != "VERB":
                continue
            # the tagger may hang a gerund on its object: "denied [supplying] missiles to Russia"
            gerund = verb.dep_ == "amod" and verb.tag_ == "VBG" and verb.head.dep_ == "dobj"
            host = verb.head.head if gerund else verb
            for trig in self.lex.verbs.get(_lemma(verb), ()):
                if not trig.theme:
                    continue
                if gerund:
                    if self.lex.theme_of(verb.head) != trig.theme:
                        continue
                    subject = subject_of(host)
                    agents = resolve(subject) if subject is not None else []
                    recipients = [m for o in _pobjs(host, trig.recipient_preps)
                                  for m in resolve(o, argument=True)]
                    if trig.reverse:
                        agents, recipients = recipients, agents
                    for a, p in _pairs(agents, recipients):
                        yield Candidate(a, trig.property, p, verb, "verb.theme", verb)
                    continue
                passive = any(c.dep_ in _PASSIVE_DEPS for c in verb.children)
                theme_deps = ("nsubj", "nsubjpass") if trig.theme_subject else (
                    ("nsubjpass",) if passive else ("dobj",))
                theme = next((c for c in verb.children if c.dep_ in theme_deps
                              and self.lex.theme_of(c) == trig.theme), None)
                recipients: list[Mention] = []
                if theme is None:
                    # "supplied Ukraine with weapons" / "Ukraine was supplied with jets by …"
                    with_obj = [o for o in _pobjs(verb, ("with",)) if self.lex.theme_of(o) == trig.theme]
                    if not with_obj:
                        continue
                    theme = with_obj[0]
                    for c in verb.children:
                        if c.dep_ in (("nsubjpass",) if passive else ("dobj", "dative")):
                            recipients += resolve(c)
                for obj in _pobjs(verb, trig.recipient_preps):
                    recipients += resolve(obj, argument=True)
                for c in verb.children:
                    if c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN", "PRON"):
                        recipients += resolve(c)
                    # purpose clause: "to assist Russia", "to bolster Russia's forces"
                    if c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in self.lex.purpose_verbs:
                        for obj in c.children:
                            if obj.dep_ == "dobj":
                                got = resolve(obj)
                                if got:
                                    recipients += got
                                    self.consumed.add(c.i)
                agents: list[Mention] = []
                if passive:
                    for obj in _pobjs(verb, ("by",)):
                        agents += resolve(obj)
                elif not trig.theme_subject:
                    subject = subject_of(verb)
                    if subject is not None:
                        agents += resolve(subject)
                if not agents:
                    # "North Korean special forces had been sent to …": the owner sends them
                    agents = self.actors.owners(_carried(theme, self.lex), 0)
                if trig.reverse:
                    agents, recipients = recipients, agents
                for a, p in _pairs(agents, recipients):
                    yield Candidate(a, trig.property, p, verb, "verb.theme", verb)

    # -- nouns --------------------------------------------------------------------------
    def _noun_agents(self, noun: Token, trig: Trigger) -> tuple[list[Mention], Token]:
        """The agent of a nominal event, and the verb whose clause carries it."""
        resolve = self.actors.resolve
        clause = noun
        for c in noun.children:
            if c.dep_ == "poss":
                got = resolve(c)
                if got:
                    return got, clause
        for c in noun.children:
            if c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i:
                m = self.actors.mention_at(c)
                if m is not None and m.kind not in ("people",):
                    return [m], clause
        # "the withdrawal of French troops": the troops' owner acts
        for obj in _pobjs(noun, ("of",)):
            if obj.lemma_.lower() in self.lex.agent_nouns or self.lex.theme_of(obj) == "troops":
                got = self.actors.owners(obj, 0)
                if got:
                    return got, clause
        # "sanctions by the EU", "aid from Japan" (unless *from* names the other side)
        agent_preps = ("by",) if "from" in trig.preps else ("by", "from")
        for obj in _pobjs(noun, agent_preps):
            got = resolve(obj, argument=True)
            if got:
                return got, clause
        head = noun.head
        if noun.dep_ in ("dobj", "attr") and head.lemma_.lower() in self.lex.light_verbs | {"be"}:
            subject = subject_of(head)
            if subject is not None:
                return resolve(subject), head
        if noun.dep_ == "pobj" and head.head.lemma_.lower() == "be":
            subject = subject_of(head.head)
            if subject is not None:
                return resolve(subject), head.head
        return [], clause

    def _noun_patients(self, noun: Token, trig: Trigger) -> list[Mention]:
        content = trig.property in CONTENT_PATIENT
        patients: list[Mention] = []
        for obj in _pobjs(noun, trig.preps):
            patients += self.actors.resolve(obj, content=content, argument=True)
        head = noun.head
        if not patients and noun.dep_ == "dobj" and (head.lemma_.lower() in self.lex.light_verbs
                                                     or trig.theme_nouns):
            # "imposed sanctions on Iran", "condemned Iran's deliveries to Russia": the
            # preposition may hang on the verb
            for obj in _pobjs(head, trig.preps):
                patients += self.actors.resolve(obj, content=content, argument=True)
        # "Aid from the EU reached Syria": the event travels to the verb's object
        if not patients and noun.dep_ == "nsubj" and head.lemma_.lower() in ("reach", "arrive", "go", "flow", "head"):
            for c in head.children:
                if c.dep_ == "dobj":
                    patients += self.actors.resolve(c)
            for obj in _pobjs(head, ("in", "to", "into")):
                patients += self.actors.resolve(obj, argument=True)
        # "X has been subject to UN sanctions": the patient is the subject of "subject"
        if noun.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ in ("subject", "exposed"):
            verb = head.head.head
            subject = subject_of(verb) if verb is not None else None
            if subject is not None:
                patients += self.actors.resolve(subject)
        return patients

    def _pair(self, noun: Token) -> list[Mention]:
        """'ties between A and B', 'the A-B relationship'."""
        members: list[Mention] = []
        for obj in _pobjs(noun, ("between", "among")):
            members += self.actors.resolve(obj)
        if len(dedupe(members)) < 2:
            members = []
            for c in noun.children:
                if c.dep_ in ("compound", "nmod", "amod") and c.i < noun.i:
                    for t in c.subtree:
                        m = self.actors.mention_at(t)
                        if m is not None and m.kind not in ("people", "person"):
                            members.append(m)
        return dedupe(members)

    def nouns(self, sent: Span) -> Iterator[Candidate]:
        for noun in sent:
            # (the tagger sometimes calls a nominal subject a verb: "Aid from the EU reached …")
            if noun.pos_ not in ("NOUN", "PROPN") and noun.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj"):
                continue
            for trig in self.lex.nouns.get(noun.lemma_.lower(), ()):
                prop = trig.property
                if trig.theme_nouns:
                    # "drone deliveries", "a package of weapons": what is carried decides
                    carried = [c for c in noun.children if c.dep_ == "compound"]
                    carried += [o for o in _pobjs(noun, ("of",))]
                    theme = next((t for c in carried for t in [self.lex.theme_of(c)] if t), None)
                    if theme is None:
                        continue
                    prop = THEME_PROPERTY[theme]
                if trig.eased_by and noun.head.lemma_.lower() in trig.eased_by:
                    prop = "concedesTo"  # "eased restrictions on Australia"
                if trig.pair:
                    members = self._pair(noun)
                    if len(members) >= 2:
                        a, b = sorted(members[:2], key=lambda m: m.start)
                        yield Candidate(a, prop, b, noun, "noun.pair", noun.head)
                        continue
                agents, clause = self._noun_agents(noun, trig)
                if not agents:
                    continue
                patients = self._noun_patients(noun, trig)
                if not patients and _symmetric(prop) and len(dedupe(agents)) > 1:
                    # "Armenia and Azerbaijan resumed talks": the agents meet each other
                    first, *rest = dedupe(agents)
                    agents, patients = [first], rest
                for a, p in _pairs(agents, patients):
                    yield Candidate(a, prop, p, noun, "noun", clause)

    # -- allies -------------------------------------------------------------------------
    def allies(self, sent: Span, topic: list[Mention]) -> Iterator[Candidate]:
        for noun in sent:
            if noun.lemma_.lower() not in self.lex.allies or noun.pos_ != "NOUN":
                continue
            if noun.dep_ == "attr" and noun.head.lemma_.lower() == "be":
                # "Pakistan is a close ally of China"
                subject = subject_of(noun.head)
                owners = [m for o in _pobjs(noun, ("of",)) for m in self.actors.resolve(o)]
                members = self.actors.resolve(subject) if subject is not None else []
                for a, p in _pairs(members, owners):
                    yield Candidate(a, "alliedWith", p, noun, "allies", noun.head)
                continue
            members: list[Mention] = []
            for prep in noun.children:
                if prep.dep_ == "prep" and prep.lower_ in ("as", "including", "like"):
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            members += self.actors.resolve(obj, possessor=False)
                if prep.dep_ == "amod" and prep.lower_ == "such":
                    for a in prep.children:
                        for obj in a.children:
                            if obj.dep_ == "pobj":
                                members += self.actors.resolve(obj, possessor=False)
                if prep.dep_ == "appos":
                    members += self.actors.resolve(prep, possessor=False)
            if not members:
                continue
            owners: list[Mention] = []
            for c in noun.children:
                if c.dep_ == "poss" or (c.dep_ in ("compound", "amod") and c.i < noun.i):
                    owners += self.actors.resolve(c) if c.dep_ == "poss" else (
                        [self.actors.mention_at(c)] if self.actors.mention_at(c) else [])
            rule = "allies"
            if not owners and noun.dep_ in ("dobj", "pobj", "dative"):
                # "Kyiv briefed its European partners, including France": the clause's subject
                verb = noun.head.head if noun.dep_ == "pobj" else noun.head
                subject = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
                owners = self.actors.resolve(subject) if subject is not None else []
                rule = "allies.subject"
            elif not owners:
                # "Allies such as A and B echoed the concern": allies of whom the text is about
                owners, rule = topic[:1], "allies.topic"
            for a, p in _pairs(owners, members):
                yield Candidate(a, "alliedWith", p, noun, rule, noun.head)


    # -- members ------------------------------------------------------------------------
    def members(self, sent: Span) -> Iterator[Candidate]:
        """'NATO members France and Turkey', 'EU member states such as Hungary': memberOf."""
        for noun in sent:
            lemma = noun.lemma_.lower()
            if noun.pos_ not in ("NOUN", "PROPN") or lemma not in self.lex.members:
                continue
            if lemma != "member" and not any(c.lemma_.lower() == "member" for c in noun.children):
                continue
            if noun.dep_ == "attr" and noun.head.lemma_.lower() == "be":
                # "Sweden is a member of the EU"
                subject = subject_of(noun.head)
                orgs = [m for o in _pobjs(noun, ("of",)) for m in self.actors.resolve(o)
                        if m.entity.type == "Organization"]
                for m in (self.actors.resolve(subject) if subject is not None else []):
                    for org in orgs:
                        if m.entity.type in ("State", "Organization"):
                            yield Candidate(m, "memberOf", org, noun, "members", noun.head)
                continue
            org = next((m for t in noun.subtree if t.i < noun.i
                        for m in [self.actors.mention_at(t)] if m and m.entity.type == "Organization"), None)
            if org is None:
                org = next((m for o in _pobjs(noun, ("of",)) for m in self.actors.resolve(o)
                            if m.entity.type == "Organization"), None)
            if org is None:
                continue
            found: list[Mention] = []
            if noun.dep_ == "compound" and noun.head.pos_ == "PROPN":
                found += self.actors.resolve(noun.head, possessor=False)
            for c in noun.children:
                if c.dep_ == "appos":
                    found += self.actors.resolve(c, possessor=False)
            for obj in _pobjs(noun, ("as", "including", "like")):
                found += self.actors.resolve(obj, possessor=False)
            for m in dedupe(found):
                if m.entity.type in ("State", "Organization") and m.entity.iri != org.entity.iri:
                    yield Candidate(m, "memberOf", org, noun, "members", noun)


def _lemma(verb: Token) -> str:
    """The verb's lemma, with its particle when it has one: 'shoot down', 'pull out'."""
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    lemma = verb.lemma_.lower()
    return f"{lemma} {particle}" if particle and f"{lemma} {particle}" in Lexicon.load().verbs else lemma


def _carried(theme: Token, lex: Lexicon) -> Token:
    """'hundreds of Kenyan troops' -> 'troops' (the noun whose modifiers say whose they are)."""
    if theme.lemma_.lower() in lex.quantity_nouns:
        for obj in _pobjs(theme, ("of",)):
            return obj
    return theme


def _verb_role(verb: Token) -> str:
    """'led the delegation' -> 'head of delegation'; 'represented Chile' -> 'representative'."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if verb.lemma_.lower() in ("lead", "head", "chair") and objects:
        return f"head of {objects[0].lemma_.lower()}"
    return "representative"


def _symmetric(prop: str) -> bool:
    from kg.vocab import relation_properties
    return relation_properties()[prop].symmetric


def sentence_topic(sent: Span, actors: DocActors) -> list[Mention]:
    """The actor a sentence is about: what the subject of its main verb names."""
    root = sent.root
    subject = subject_of(root) if root.pos_ in ("VERB", "AUX") else None
    if subject is None:
        return []
    return [m for m in actors.resolve(subject) if m.entity.type != "Person"]
