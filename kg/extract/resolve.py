"""Which actors does a syntactic argument stand for?

Every rule asks this of the tokens its shape picks out.  A token can name an actor
directly ("Russia"), through a metonym ("the Kremlin"), through the noun it heads
("North Korean troops", "Russia's forces", "US officials"), through a pronoun ("its war",
see :mod:`kg.extract.coref`), or through the content of a report ("reports that North
Korea may be sending troops").  Each way is one small step; the first that answers wins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.coref import Antecedents
from kg.extract.gazetteer import ACRONYM, CAPITAL, DEMONYM, METONYM, NAME, PEOPLE
from kg.extract.lexicon import title_heads
from kg.extract.mentions import DocActors, Mention, dedupe
from kg.extract.persons import PERSON_KIND
from kg.extract.syntax import MODIFIER_DEPS, VERBAL, children, conjoined, pobjs, subject_of

#: How deep possessors and report contents may nest ("the report of Russia's ally's forces").
MAX_DEPTH = 4
#: Kinds of modifier that make a noun a state's own ("attacks on *Russian* soil").
OWNING_KINDS = frozenset({DEMONYM, NAME, ACRONYM})
#: Kinds that name an owner as the object of *of*/*from* ("troops from Iran").
OF_OWNER_KINDS = frozenset({NAME, ACRONYM, CAPITAL, METONYM})


@dataclass(frozen=True)
class Ask:
    """What the rule asking knows about the argument's position."""

    #: Also look inside a report's clause ("reports that X ...").
    content: bool = False
    #: Fall back to the possessor ("Russia's forces" -> Russia).
    possessor: bool = True
    #: The token is the object of a preposition the rule asked for, so a capital acts.
    argument: bool = False
    depth: int = 0

    def deeper(self, argument: bool = False) -> "Ask":
        """The question for a part of this argument (``argument``: a preposition's object the
        step asked for, so a capital there acts)."""
        return Ask(argument=argument, depth=self.depth + 1)


Step = Callable[[Token, Ask], "list[Mention] | None"]


class Resolver:
    """Resolves argument tokens to actor mentions within one doc."""

    def __init__(self, actors: DocActors):
        self.actors = actors
        self.words = actors.lexicon.words
        self.coref = Antecedents(actors, self)
        #: Pronouns being resolved now, so that a chain of references cannot loop.
        self._open: set[int] = set()
        self._steps: tuple[Step, ...] = (self._named, self._pronoun, self._listed, self._description,
                                         self._titled_person, self._agent_noun, self._citizens, self._collective, self._led_by,
                                         self._content_source, self._other_party, self._possessor,
                                         self._state_modifier, self._of_owner_step, self._report_content)

    def resolve(self, token: Token, *, content: bool = False, possessor: bool = True,
                argument: bool = False, ask: Ask | None = None) -> list[Mention]:
        """The actors a noun phrase headed by ``token`` stands for (with its conjuncts)."""
        ask = ask or Ask(content, possessor, argument)
        if ask.depth > MAX_DEPTH:
            return []
        found: list[Mention] = []
        for head in conjoined(token):
            for m in self._resolve_one(head, ask):
                if m not in found:
                    found.append(m)
        return found

    def _resolve_one(self, token: Token, ask: Ask) -> list[Mention]:
        for step in self._steps:
            got = step(token, ask)
            if got is not None:
                return got
        return []

    # -- steps: each returns the answer, or None to let the next step try -------------------
    def _named(self, token: Token, ask: Ask) -> list[Mention] | None:
        mention = self.actors.mention_at(token)
        if mention is None:
            return None
        return [mention] if self.actors.acts(mention, ask.argument) else []

    def _pronoun(self, token: Token, ask: Ask) -> list[Mention] | None:
        relative = token.lower_ in self.words["relative_pronouns"] and token.tag_ in ("WP", "WDT", "WP$")
        if token.pos_ != "PRON" and not relative:
            return None
        if token.i in self._open:
            return []  # a pronoun whose antecedent leads back to itself ("they … their …")
        self._open.add(token.i)
        try:
            return self.coref.antecedents(token)
        finally:
            self._open.discard(token.i)

    def _description(self, token: Token, ask: Ask) -> list[Mention] | None:
        """"the country", "the alliance", "the two sides" (see :mod:`kg.extract.coref`)."""
        return self.coref.description(token) if token.pos_ == "NOUN" else None

    def _titled_person(self, token: Token, ask: Ask) -> list[Mention] | None:
        """"Russia's UN Ambassador, Vassily Nebenzia, dismissed …", "criticised the exiled
        opposition politician Irina Sokolova": the person named beside the noun acts; so does
        a body a common noun names ("Russia's state energy company Gazprom halted …")."""
        if token.pos_ != "NOUN" and token.lower_ not in title_heads():
            return None
        for child in children(token, ("appos",)):
            m = self.actors.mention_at(child)
            if m is not None and (m.kind == PERSON_KIND or (token.pos_ == "NOUN" and m.entity.type == "Organization")):
                return [m]
        return None

    def _agent_noun(self, token: Token, ask: Ask) -> list[Mention] | None:
        lemma = token.lemma_.lower()
        if lemma in self.words["agent_nouns"] or lemma in self.actors.lexicon.themes["troops"]:
            owners = self.owners(token, ask.depth)
            if lemma in self.words["non_state_nouns"]:
                # "Syrian rebels" fight the Syrian state; "Houthi rebels" are the Houthis
                return [m for m in owners if m.entity.type != "State"]
            return owners or None
        return None

    def _citizens(self, token: Token, ask: Ask) -> list[Mention] | None:
        """"banned citizens from Yemen and Iran", "detained two Somali nationals": a measure
        against a state's citizens is aimed at the state.  Never as the one who acts:
        citizens do not speak for their state."""
        if token.lemma_.lower() not in self.words["citizen_nouns"] or token.dep_ in ("nsubj", "nsubjpass"):
            return None
        return self.owners(token, ask.depth) or None

    def _collective(self, token: Token, ask: Ask) -> list[Mention] | None:
        """"a group of Nigerian lawmakers", "a delegation of Egyptian officials", "thousands
        of Armenians": the members say who acts."""
        if token.lemma_.lower() not in self.words["collective_nouns"]:
            return None
        found = [m for obj in pobjs(token, ("of",)) for m in self.resolve(obj, ask=ask.deeper(argument=True))]
        return found or None

    def _listed(self, token: Token, ask: Ask) -> list[Mention] | None:
        """"several members, including the US and France": a group noun stands for the
        actors it lists."""
        if token.lemma_.lower() not in self.words["group_nouns"]:
            return None
        found = [m for obj in pobjs(token, self.words["list_preps"]) for m in self.resolve(obj, ask=ask.deeper())]
        # "two EU member states – Poland and Bulgaria"
        found += [m for c in children(token, ("appos",)) for m in self.resolve(c, ask=ask.deeper())]
        for such in children(token, ("amod",)):
            if such.lower_ == "such":
                found += [m for a in such.children for obj in children(a, ("pobj",))
                          for m in self.resolve(obj, ask=ask.deeper())]
        return found or None

    def _of_owner_step(self, token: Token, ask: Ask) -> list[Mention] | None:
        """"positions of the Rapid Support Forces", "the territory of Ukraine": a place or
        thing named as an actor's own stands for the actor in an argument."""
        if not ask.possessor or token.lemma_.lower() not in self.words["possession_nouns"]:
            return None
        return self._of_owner(token) or None

    def _other_party(self, token: Token, ask: Ask) -> list[Mention] | None:
        """"troops massed along its border with Ukraine": the neighbour across it, not the
        border's owner; "a turning point in relations with the US": the other party."""
        lemma = token.lemma_.lower()
        if not ask.possessor or (lemma not in self.words["boundary_nouns"] and lemma not in self.words["partner_nouns"]):
            return None
        return [m for o in pobjs(token, ("with",)) for m in [self.actors.mention_at(o)] if m is not None] or None

    def _led_by(self, token: Token, ask: Ask) -> list[Mention] | None:
        """"the US-led coalition", "a Saudi-led force": a body without a name of its own
        acts for the actor that leads it."""
        return (self.leaders(token, ask.depth) or None) if token.pos_ == "NOUN" else None

    def leaders(self, noun: Token, depth: int = 0) -> list[Mention]:
        """Who leads what a noun names, by an agentive participle: "Saudi-led air raids",
        "raids led by the coalition"."""
        ask = Ask(depth=depth)
        for part in children(noun, ("amod", "acl")):
            if part.lemma_.lower() not in self.words["agentive_participles"]:
                continue
            named = children(part, ("npadvmod", "compound", "nmod", "poss")) + pobjs(part, ("by",))
            found = [m for t in named for m in self.resolve(t, ask=ask.deeper(argument=True))]
            if found:
                return found
        return []

    def _content_source(self, token: Token, ask: Ask) -> list[Mention] | None:
        """"rejected the accusations from London", "the demands by Moscow": what was said
        stands for who said it, when a rule asks for content."""
        if not ask.content or token.lemma_.lower() not in self.words["content_nouns"]:
            return None
        # "comments made by Trump": the source may hang on a participle
        hosts = [token] + [c for c in children(token, ("acl",)) if c.tag_ == "VBN"]
        found = [m for h in hosts for t in pobjs(h, ("from", "by")) for m in self.resolve(t, ask=ask.deeper(argument=True))]
        # "the deployment of a US missile system": whose the deed is
        found = found or [m for t in pobjs(token, ("of",)) for m in self.resolve(t, ask=ask.deeper())]
        return found or None

    def _possessor(self, token: Token, ask: Ask) -> list[Mention] | None:
        if not ask.possessor:
            return None
        for child in children(token, ("poss",)):
            got = self.resolve(child, ask=ask.deeper())
            if got:
                return got
        return None

    def _state_modifier(self, token: Token, ask: Ask) -> list[Mention] | None:
        """"attacks on Russian soil", "sanctions on Iranian oil": the modifier owns the thing;
        "applied for Nato membership": a body's membership stands for the body; "criticized
        NATO military exercises": what a body did, criticised as the object, stands for it."""
        organ = token.pos_ == "PROPN" and token.lemma_.lower() in self.words["state_organ_words"]  # "the US Treasury"
        if not ask.possessor or (token.pos_ != "NOUN" and not organ):
            return None
        bodies = token.lemma_.lower() in self.words["bid_nouns"]
        for child in children(token, MODIFIER_DEPS):
            m = self.actors.mention_at(child)
            if child.i < token.i and m is not None and m.kind in OWNING_KINDS and (
                    m.entity.type == "State" or bodies or (ask.content and token.dep_ == "dobj" and m.entity.type != "Person")):
                return [m]
        return None

    def _report_content(self, token: Token, ask: Ask) -> list[Mention] | None:
        if not ask.content or token.lemma_.lower() not in self.words["content_nouns"]:
            return None
        for clause in children(token, ("acl", "ccomp", "relcl")):
            subject = subject_of(clause) if clause.pos_ in VERBAL else None
            got = self.resolve(subject, ask=ask.deeper()) if subject is not None else []
            if got:
                return got
        return None

    # -- owners of actor nouns ------------------------------------------------------------
    def owners(self, noun: Token, depth: int = 0) -> list[Mention]:
        """Who an actor noun belongs to: 'Russia's forces', 'US officials', 'troops from Iran'.

        A named possessor wins; then a modifier; then *of*/*from*; a possessive pronoun
        comes last, since in "his Lithuanian counterpart" the modifier says whose it is.
        """
        ask = Ask(depth=depth)
        possessors = children(noun, ("poss",))
        for child in possessors:
            got = self.resolve(child, ask=ask.deeper()) if child.pos_ != "PRON" else []
            if got:
                return got
        got = self._modifier_owner(noun) or self._of_owner(noun)
        if got:
            return got
        for child in possessors:
            got = self.resolve(child, ask=ask.deeper())
            if got:
                return got
        return []

    def _modifier_owner(self, noun: Token) -> list[Mention]:
        for child in children(noun, MODIFIER_DEPS):
            if child.i > noun.i:
                continue
            m = self.actors.mention_at(child)
            if m is not None and m.kind != PEOPLE:
                # "Ukrainian and Russian negotiators": every conjoined modifier owns them
                more = [self.actors.mention_at(c) for c in child.conjuncts]
                return dedupe([m, *(x for x in more if x is not None and x.kind != PEOPLE)])
            # "North Korean special forces": the demonym may sit on a sibling modifier
            for grandchild in child.subtree:
                m = self.actors.mention_at(grandchild)
                if m is not None and m.kind != PEOPLE:
                    return [m]
        return []

    def _of_owner(self, noun: Token) -> list[Mention]:
        """"envoys from Ghana, Togo and Benin": every conjoined owner; "the head of
        Pakistan's army": the owner of the state organ named."""
        for obj in pobjs(noun, ("of", "from")):
            found = [m for t in conjoined(obj) for m in [self.actors.mention_at(t)]
                     if m is not None and m.kind in OF_OWNER_KINDS]
            if found:
                return dedupe(found)
            if self._organ(obj):
                found = [m for c in children(obj, ("poss",)) for m in [self.actors.mention_at(c)] if m is not None]
                found = found or self._modifier_owner(obj)
                if found:
                    return found
        return []

    def _organ(self, token: Token) -> bool:
        lemma = token.lemma_.lower()
        return lemma in self.words["state_organ_words"] or lemma in self.actors.lexicon.themes["troops"]
