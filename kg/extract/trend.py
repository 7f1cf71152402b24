"""The sign a trend word gives a bare relation noun: "relations between A and B".

"Relations", "ties" and "relationship" name no act: "Japan and Russia have had diplomatic
relations since 1956" says nothing friendly or hostile.  With a trend they do: ties that
*improve*, *warm* or are *close* are cooperation; relations that *deteriorate*, *sour* or
remain *frosty* are mutual criticism (the same reading as "a row between A and B").
Ties of a working kind ("the India-Russia *military* relationship", "*trade* ties") are
cooperation in themselves (``words.working_ties``), unless a falling trend says otherwise.  The
trend words and the property each direction gives live in ``kg/data/lexicon.json``
(``words.trend_up``, ``words.trend_down``, ``maps.trend_property``).

A trend word is found where English puts it: the noun's verb ("ties *improved*",
"relations continue *to deteriorate*"), a predicate adjective ("remained *frosty*"), an
adjective on the noun ("*warming* ties"), or a verb acting on the noun ("*strained*
relations with", "*improve* ties").

>>> from kg.extract.nlp import load_nlp
>>> from kg.extract.lexicon import Lexicon
>>> nlp, lex = load_nlp(), Lexicon.load()
>>> noun = next(t for t in nlp("Relations between Algeria and Morocco continue to deteriorate.") if t.lemma_ == "relation")
>>> trend(noun, lex)
'down'
>>> noun = next(t for t in nlp("Japan and Russia have had diplomatic relations since 1956.") if t.lower_ == "relations")
>>> trend(noun, lex) is None
True
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.lexicon import Lexicon

#: Dependencies that carry the clause on from a verb to the word that says the trend.
_CHAIN = ("xcomp", "acomp", "attr", "oprd", "advcl", "conj")


def _direction(token: Token, lexicon: Lexicon) -> str | None:
    words = {token.lemma_.lower(), token.lower_}
    if words & lexicon.words["trend_down"]:
        return "down"
    if words & lexicon.words["trend_up"]:
        return "up"
    return None


def _clause_words(verb: Token) -> list[Token]:
    """The verb and what completes it: "continue *to deteriorate*", "remained *frosty*"."""
    out = [verb]
    for child in verb.children:
        if child.dep_ in _CHAIN[:4]:
            out.append(child)
            out += [c for c in child.children if c.dep_ in ("xcomp", "acomp")]
    return out


def _candidates(noun: Token) -> list[Token]:
    """Words that may say the noun's trend: its adjectives, and its clause's verb."""
    found = [c for c in noun.children if c.dep_ in ("amod", "compound")]
    holder = noun
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ == "NOUN":
        holder = noun.head.head  # "a thaw in relations", "the state of ties"
        found += [holder, *(c for c in holder.children if c.dep_ == "amod")]
    verb = holder.head
    if holder.dep_ in ("nsubj", "nsubjpass", "dobj") and verb.pos_ in ("VERB", "AUX"):
        if verb.dep_ in ("acl", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return found  # "an advocate *to improve* relations": an aim, not a trend
        found += _clause_words(verb)
    return found


def trend(noun: Token, lexicon: Lexicon) -> str | None:
    """``'up'``, ``'down'`` or None: which way the sentence says a relation noun moves.

    A falling word wins over a rising one in the same clause ("failed to improve" is rare
    in news; "improved ... despite strained" rarer), so one hostile word is enough to keep
    a friendly edge out.
    """
    directions = {_direction(t, lexicon) for t in _candidates(noun)}
    if any(c.dep_ in ("amod", "compound") and c.lower_ in lexicon.words["working_ties"] for c in noun.children):
        directions.add("up")
    if "down" in directions:
        return "down"
    return "up" if "up" in directions else None


def trend_property(noun: Token, lexicon: Lexicon) -> str | None:
    """The property a trend gives the noun, or None when no trend is said."""
    direction = trend(noun, lexicon)
    return lexicon.maps["trend_property"][direction] if direction else None
