"""The relation rules, one module per family, run in data-flow order over each sentence.

========== ============================================================ ====================
family     shapes                                                       module
========== ============================================================ ====================
themes     sending troops, weapons, aid; receiving; arriving            :mod:`.themes`
verbs      subject–verb–object, passives, prepositional objects         :mod:`.verbs`
           'called X a Y' by the polarity of Y                           :mod:`.naming`
nouns      nominal events with agent and patient                        :mod:`.nouns`
pairs      'ties between A and B', 'the A-B relationship'               :mod:`.pairs`
membership fixed shapes from data, allies and member lists              :mod:`.patterns`, :mod:`.membership`
========== ============================================================ ====================

Titles (``represents``/``leads``) are read by :mod:`kg.extract.roles`.  Each rule's id,
family and base confidence are data (``kg/data/rules.json``, see :mod:`.registry`).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span

from kg.extract.rules import membership, naming, nouns, pairs, patterns, themes, verbs  # noqa: F401  (register)
from kg.extract.rules.registry import FAMILIES, RULES, Candidate, Context, RuleInfo, info

__all__ = ["Candidate", "Context", "RuleInfo", "RULES", "FAMILIES", "info", "run"]

#: The order the families run in.
ORDER = ("themes", "verbs", "nouns", "pairs", "membership")


def run(sent: Span, ctx: Context) -> Iterator[Candidate]:
    """Every candidate relation the rules find in one sentence."""
    for family in ORDER:
        for fn in FAMILIES.get(family, ()):
            yield from fn(sent, ctx)
