"""Decide, deterministically, whether a text reads as English.

The extraction rules are written for English, so a French or German article would
give an empty or, worse, a wrong graph.  A statistical language model would be
overkill and not reproducible across versions; instead we count how many of the
words are common English *function words* (articles, pronouns, auxiliaries,
prepositions, conjunctions).  These make up roughly a third of any English prose,
whatever the topic, and almost none of French, German or Spanish prose.

The rule:

* texts of fewer than :data:`MIN_WORDS` words are always accepted (a headline or a
  one-line note carries too few words to judge, and names dominate it);
* otherwise the first :data:`SAMPLE_WORDS` words are read and the text is English
  when at least :data:`THRESHOLD` of them are in :data:`FUNCTION_WORDS`.

Words that are also common function words in French, German or Spanish ("a", "in",
"an", "on", "was", "will", "also", "so", "no", "me", "die") are left out of the list on
purpose, so they cannot lift a foreign text over the threshold.  The English test
paragraphs (even a list of names) score 0.3-0.5 and the French, German and Spanish
ones 0.0, so the threshold sits well between (see ``tests/test_ingest.py``).

>>> round(english_share("The minister said that they would not be leaving the talks."), 2)
0.73
>>> english_share("Le ministre a déclaré qu'il ne quitterait pas les négociations.")
0.0
>>> english_problem("Der Minister sagte, er werde die Gespräche nicht verlassen.") is None  # too short to judge
True
"""

from __future__ import annotations

import re

from kg import messages

#: Texts shorter than this many words are accepted without judging.
MIN_WORDS = 20
#: Only the first this many words are scored, so a huge text costs no more than a page.
SAMPLE_WORDS = 2000
#: The least share of English function words an English text shows.
THRESHOLD = 0.12

#: Common English function words that are not also common words in French, German or Spanish.
FUNCTION_WORDS = frozenset(
    """
    the of and to is that for with by at from it be are has have had not this or but
    its his her their they he she we you i him them us our your my who whom whose
    which what when where why how would could should can may might must shall been
    being were do does did done than then there these those into over after before
    about against between under while because if though although said says
    up out off all any each some such nor only very just more most other another
    upon within without during through until since toward towards onto among
    """.split()
)

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")  # letters, with an inner apostrophe


def _words(text: str, limit: int) -> list[str]:
    out: list[str] = []
    for match in _WORD.finditer(text.replace("’", "'")):
        out.append(match.group().lower())
        if len(out) >= limit:
            break
    return out


def english_share(text: str) -> float:
    """The share of the first :data:`SAMPLE_WORDS` words that are English function words."""
    words = _words(text, SAMPLE_WORDS)
    if not words:
        return 0.0
    return sum(w in FUNCTION_WORDS for w in words) / len(words)


def english_problem(text: str) -> str | None:
    """The reason the text is not English, or ``None`` if it is (or is too short to tell)."""
    words = _words(text, SAMPLE_WORDS)
    if len(words) < MIN_WORDS:
        return None
    share = sum(w in FUNCTION_WORDS for w in words) / len(words)
    return None if share >= THRESHOLD else messages.not_english(share, THRESHOLD)
