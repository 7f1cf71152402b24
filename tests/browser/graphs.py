"""Small hand-built graphs for page tests, with hostile text in the evidence.

The sentences are invented for tests, not taken from any article.  One sentence and one
actor label carry markup that would run script if a page ever treated them as HTML:
each sets ``window.__pwned``, so a test can check that nothing ran.
"""

from __future__ import annotations

import networkx as nx

from kg.analyse.signed import signed_graph
from kg.records import Entity, Evidence, Relation

ID = "https://w3id.org/geokg/id/"
RUS = Entity(ID + "state/RUS", "Russia", "State", "RUS", "Q159")
UKR = Entity(ID + "state/UKR", "Ukraine", "State", "UKR", "Q212")
PRK = Entity(ID + "state/PRK", "North Korea", "State", "PRK", "Q423")
USA = Entity(ID + "state/USA", "United States", "State", "USA", "Q30")
UN = Entity(ID + "org/un", "United Nations", "Organization", None, "Q1065")
ENVOY = Entity(ID + "person/ada-quill", "Ada Quill", "Person")
CELL = Entity(ID + "group/img-cell", '<img src=x onerror="window.__pwned=2">', "Group")

#: Evidence that would run script if rendered as HTML.
SCRIPT_SENTENCE = "Russia attacked Ukraine <script>window.__pwned=1</script> at dawn."
IMG_SENTENCE = 'Ukraine accused the group <img src=x onerror="window.__pwned=3"> of sabotage.'


def _rel(subject, predicate, obj, sentence, doc, date=None, **kw) -> Relation:
    return Relation(doc, subject, predicate, obj, Evidence(sentence, 0, len(sentence)), "test",
                    date=date, **kw)


def relations() -> list[Relation]:
    return [
        _rel(RUS, "attacks", UKR, SCRIPT_SENTENCE, "t1", "2024-02-24", confidence=0.9),
        _rel(RUS, "attacks", UKR, "Russian drones struck a Ukrainian port.", "t2", "2024-03-01",
             confidence=0.8),
        _rel(PRK, "suppliesWeaponsTo", RUS, "North Korea shipped shells to Russia.", "t3",
             "2024-01-05", modality="alleged", confidence=0.7),
        _rel(RUS, "alliedWith", PRK, "Russia and North Korea signed a defence pact.", "t4",
             "2024-06-19", confidence=0.9),
        _rel(ENVOY, "represents", USA, "Ada Quill, the US envoy, spoke.", "t5"),
        _rel(ENVOY, "criticizes", RUS, "Quill criticised Russia's strikes.", "t5", "2024-03-02",
             confidence=0.8),
        _rel(USA, "providesAidTo", UKR, "The United States sent aid to Ukraine.", "t6",
             "2024-04-20", confidence=0.9),
        _rel(UN, "meetsWith", UKR, "UN officials met Ukrainian ministers.", "t7", "2024-05-02"),
        _rel(UKR, "accuses", CELL, IMG_SENTENCE, "t8", "2024-05-03", confidence=0.6),
        _rel(PRK, "threatens", USA, "North Korea might threaten US bases, analysts said.", "t9",
             "2024-07-01", modality="possible", confidence=0.5),
    ]


def hostile_graph() -> nx.Graph:
    """Seven actors, a hedged edge and a structural one, with hostile markup in a label and two sentences."""
    return signed_graph(relations(), structural=True)
