"""Spot syndicated copies: the same story under another id, with other boilerplate or spacing.

A wire story is printed by many outlets; counting each copy as a separate source would
make one report look like a chorus.  Each article gets a MinHash signature of its word
5-shingles (after :func:`kg.clean.clean` blanks bylines and "Also Read" lines, and after
case and punctuation are dropped), so whitespace, boilerplate and small edits hardly move
it.  Two articles whose estimated Jaccard similarity is at least :data:`THRESHOLD` are
one story; the later one is stored with ``geokg:duplicateOf`` the first one's IRI (the
first in build order, which the resumable build keeps stable), and the analyses count the
story once.

Candidates are found with locality-sensitive hashing (bands of the signature), so a
lookup costs the same whatever the corpus size.  :class:`DuplicateIndex` does it in
memory; a build does it in the store (see :mod:`kg.builder.writer`), so that writers
running at once see each other's articles.

>>> a = "North Korea sent troops to Russia on Monday, officials in Seoul said, citing reports."
>>> sig_a = signature(a)
>>> sig_b = signature("NORTH KOREA  sent troops to Russia on Monday -- officials in Seoul said, citing reports!")
>>> similarity(sig_a, sig_b)
1.0
>>> index = DuplicateIndex()
>>> index.add("a1", sig_a) is None
True
>>> index.add("a2", sig_b)
'a1'
>>> index.add("a3", signature("The United Nations imposed sanctions on Iran over its nuclear programme.")) is None
True
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from kg.clean import clean
from kg.records import Relation

if TYPE_CHECKING:  # the store is only passed through, never imported at run time
    from kg.store import GraphStore

#: Words per shingle; five keeps unrelated articles on the same topic apart.
SHINGLE = 5
#: Signature length (hash functions) and its banding for the candidate lookup.
PERMUTATIONS = 64
BANDS = 16
#: Estimated Jaccard similarity at or above which two texts are one story.
THRESHOLD = 0.8
#: Texts with fewer words than this get no signature: too short to call a copy.
MIN_WORDS = 8

_PRIME = (1 << 61) - 1
_MAX = (1 << 32) - 1
_rng = np.random.default_rng(20240501)  # fixed: signatures must be the same in every run
_A = _rng.integers(1, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def _shingles(text: str) -> np.ndarray:
    words = _WORD.findall(clean(text).text.lower())
    if len(words) < MIN_WORDS:
        return np.empty(0, dtype=np.uint64)
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "little") for g in grams),
        dtype=np.uint64, count=len(grams))


def signature(text: str) -> str | None:
    """The text's MinHash signature as hex (8 characters per hash), or ``None`` if too short.

    >>> len(signature("one two three four five six seven eight nine"))
    512
    >>> signature("Too short.") is None
    True
    """
    shingles = _shingles(text)
    if shingles.size == 0:
        return None
    # (a*x + b) mod p with 64-bit wrap-around is fine for a hash family: it only has to be
    # fixed and spread values; the low 32 bits are kept.
    hashed = (np.outer(shingles, _A) + _B) % np.uint64(_PRIME) & np.uint64(_MAX)
    return hashed.min(axis=0).astype(">u4").tobytes().hex()


def bands(sig: str) -> list[str]:
    """The signature's LSH bands as ``"NN:hex"`` keys: two texts that share a key are candidates.

    The store keeps these keys (``geokg:signatureBand``), so a writer finds the candidate
    originals of a new article with an indexed lookup in the store itself.

    >>> keys = bands(signature("one two three four five six seven eight nine"))
    >>> len(keys), keys[0][:3], len(keys[0])
    (16, '00:', 35)
    """
    width = len(sig) // BANDS
    return [f"{band:02d}:{sig[band * width:(band + 1) * width]}" for band in range(BANDS)]


#: Equal hashes (of :data:`PERMUTATIONS`) at which two signatures are one story.
MIN_EQUAL = math.ceil(THRESHOLD * PERMUTATIONS - 1e-9)


def _values(sig: str) -> np.ndarray:
    return np.frombuffer(bytes.fromhex(sig), dtype=">u4")


def similarity(a: str, b: str) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.mean(_values(a) == _values(b)))


class DuplicateIndex:
    """Signatures seen so far, looked up by band; :meth:`add` says which story a text copies."""

    def __init__(self) -> None:
        self._bands: dict[tuple[int, bytes], str] = {}
        self._sigs: dict[str, str] = {}
        self._original: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def find(self, sig: str | None, *, exclude: str | None = None) -> str | None:
        """The id of the first stored article ``sig`` copies, or ``None``."""
        if sig is None:
            return None
        raw = bytes.fromhex(sig)
        width = len(raw) // BANDS
        seen: set[str] = set()
        for band in range(BANDS):
            other = self._bands.get((band, raw[band * width:(band + 1) * width]))
            if other is None or other in seen or other == exclude:
                continue
            seen.add(other)
            if similarity(sig, self._sigs[other]) >= THRESHOLD:
                return self._original.get(other, other)
        return None

    def add(self, article_id: str, sig: str | None, original: str | None = None) -> str | None:
        """Record an article; returns the id of the story it copies (``None`` if it is new).

        ``original`` is given when the copy is already known (read back from a store).
        """
        if sig is None:
            return None
        if original is None:
            original = self.find(sig, exclude=article_id)
        self._sigs[article_id] = sig
        if original is not None:
            self._original[article_id] = original
        raw = bytes.fromhex(sig)
        width = len(raw) // BANDS
        for band in range(BANDS):
            self._bands.setdefault((band, raw[band * width:(band + 1) * width]), article_id)
        return original


def fold_copies(relations: Iterable[Relation], copies: Mapping[str, str]) -> Iterator[Relation]:
    """Relations with each syndicated copy's article id replaced by its original's.

    ``copies`` maps a copy's article id to the original's (see
    :meth:`kg.store.GraphStore.copies`).  The signed graph counts one article's
    mentions of a relation once, so after folding a story and its copies count once too.

    >>> from kg.records import Entity, Evidence
    >>> a, b = Entity("https://ex/a", "A", "State"), Entity("https://ex/b", "B", "State")
    >>> rels = [Relation(d, a, "attacks", b, Evidence("A attacked B.", 0, 13), "svo") for d in ("x1", "x2")]
    >>> [r.doc for r in fold_copies(rels, {"x2": "x1"})]
    ['x1', 'x1']
    """
    for rel in relations:
        original = copies.get(rel.doc)
        yield rel if original is None else replace(rel, doc=original)


def story_relations(store: GraphStore, since: str | None = None, until: str | None = None, *,
                    include_rejected: bool = False) -> list[Relation]:
    """The store's relations with syndicated copies folded into their original story.

    What the signed graph, ``kg analyse`` and ``kg viz`` read, so that a story printed by
    ten outlets counts as one source.  Claims a reviewer rejected only with ``include_rejected``.
    """
    found = store.relations(since=since, until=until, include_rejected=include_rejected)
    return list(fold_copies(found, store.copies()))
