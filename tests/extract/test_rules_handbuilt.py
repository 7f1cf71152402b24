"""Each rule family on hand-built parses: the rule alone, no model, no tagger errors."""

from __future__ import annotations

from tests.extract.handbuilt import context, parse, triples

from kg.extract.rules import membership, nouns, pairs, patterns, themes, verbs

RUS, UKR, CHN, PAK = "state:RUS|name", "state:UKR|name", "state:CHN|name", "state:PAK|name"
FRA, DEU, NATO = "state:FRA|name", "state:DEU|name", "org:nato|acronym"


def run(rule, doc):
    ctx = context(doc)
    return triples(c for sent in doc.sents for c in rule(sent, ctx))


def test_verb_subject_object():
    doc = parse("""
        Russia 1 nsubj PROPN
        attacked 1 ROOT VERB attack
        Ukraine 1 dobj PROPN
    """, {(0, 1): RUS, (2, 3): UKR})
    assert run(verbs.verbs, doc) == {("Russia", "attacks", "Ukraine")}


def test_verb_passive_with_by_agent_keeps_direction():
    doc = parse("""
        Ukraine 2 nsubjpass PROPN
        was 2 auxpass AUX be
        invaded 2 ROOT VERB invade
        by 2 agent ADP
        Russia 3 pobj PROPN
    """, {(0, 1): UKR, (4, 5): RUS})
    assert run(verbs.verbs, doc) == {("Russia", "attacks", "Ukraine")}


def test_verb_symmetric_conjoined_subjects_relate_pairwise():
    doc = parse("""
        France 3 nsubj PROPN
        and 0 cc CCONJ
        Germany 0 conj PROPN
        met 3 ROOT VERB meet
    """, {(0, 1): FRA, (2, 3): DEU})
    assert run(verbs.verbs, doc) == {("France", "meetsWith", "Germany")}


def test_verb_participle_takes_its_noun_as_patient():
    doc = parse("""
        Hezbollah 4 nsubj PROPN
        supported 0 acl VERB support VBN
        by 1 agent ADP
        Iran 2 pobj PROPN
        fired 4 ROOT VERB fire
    """, {(0, 1): "org:hezbollah|name", (3, 4): "state:IRN|name"})
    assert run(verbs.verbs, doc) == {("Iran", "supports", "Hezbollah")}


def test_verb_passive_raising_lends_its_subject_only_for_raising_verbs():
    rows = """
        Russia 2 nsubjpass PROPN
        was 2 auxpass AUX be
        {verb} 2 ROOT VERB {lemma} VBN
        to 4 aux PART
        attack 2 xcomp VERB attack
        Ukraine 4 dobj PROPN
    """
    actors = {(0, 1): RUS, (5, 6): UKR}
    said = parse(rows.format(verb="said", lemma="say"), actors)
    used = parse(rows.format(verb="used", lemma="use"), actors)
    assert run(verbs.verbs, said) == {("Russia", "attacks", "Ukraine")}
    assert run(verbs.verbs, used) == set()


def test_theme_verb_sends_troops_to_recipient_of_purpose_clause():
    doc = parse("""
        China 1 nsubj PROPN
        sent 1 ROOT VERB send
        troops 1 dobj NOUN troop
        to 4 aux PART
        help 1 advcl VERB help
        Russia 4 dobj PROPN
    """, {(0, 1): CHN, (5, 6): RUS})
    assert run(themes.theme_verbs, doc) == {("China", "sendsTroopsTo", "Russia")}
    # the purpose verb is no relation of its own
    assert run(verbs.verbs, doc) == set()


def test_noun_with_possessor_agent_and_prepositional_patient():
    doc = parse("""
        Russia 2 poss PROPN
        's 0 case PART
        attack 2 ROOT NOUN
        on 2 prep ADP
        Ukraine 3 pobj PROPN
    """, {(0, 1): RUS, (4, 5): UKR})
    assert run(nouns.nouns, doc) == {("Russia", "attacks", "Ukraine")}


def test_pair_noun_between_three_parties_gives_every_pair():
    doc = parse("""
        talks 0 ROOT NOUN talk
        between 0 prep ADP
        France 1 pobj PROPN
        , 2 punct PUNCT
        Germany 2 conj PROPN
        and 4 cc CCONJ
        China 4 conj PROPN
    """, {(2, 3): FRA, (4, 5): DEU, (6, 7): CHN})
    assert run(pairs.pair_nouns, doc) == {("France", "meetsWith", "Germany"), ("France", "meetsWith", "China"),
                                          ("Germany", "meetsWith", "China")}


def test_copular_ally_pattern_from_data():
    doc = parse("""
        Pakistan 1 nsubj PROPN
        is 1 ROOT AUX be
        an 3 det DET
        ally 1 attr NOUN
        of 3 prep ADP
        China 4 pobj PROPN
    """, {(0, 1): PAK, (5, 6): CHN})
    assert run(patterns.fixed_shapes, doc) == {("Pakistan", "alliedWith", "China")}


def test_member_list_after_organisation_modifier():
    doc = parse("""
        NATO 1 compound PROPN
        members 1 ROOT NOUN member
        France 1 appos PROPN
        and 2 cc CCONJ
        Germany 2 conj PROPN
    """, {(0, 1): NATO, (2, 3): FRA, (4, 5): DEU})
    assert run(membership.members, doc) == {("France", "memberOf", "NATO"),
                                            ("Germany", "memberOf", "NATO")}
