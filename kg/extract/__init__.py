"""Extraction: articles in, relation records out.

    clean ─▶ spaCy (+ line breaks, actor linker) ─▶ mentions ─▶ rules ─▶ roles ─▶ claims

Modules in the order data flows: :mod:`.nlp` and :mod:`.components` (the spaCy pipeline
and our components, with :mod:`.gazetteer` and :mod:`.persons`), :mod:`.mentions` (actor
mentions of a doc), :mod:`.resolve` and :mod:`.coref` (which actors an argument stands
for), :mod:`.rules` (the relation rules, one module per family, over :mod:`.syntax`),
:mod:`.roles` (titles), :mod:`.claims` (modality, negation, speaker), and
:mod:`.assemble` (records, roll-up).  Vocabulary is data: :mod:`.lexicon` loads it and
checks it against its schema (:mod:`.schema`).

:class:`Extractor` loads the model once and streams articles through ``nlp.pipe``;
it knows nothing of RDF or the store.  Offsets in the records are character offsets
into the article text as read (cleaning keeps every character in place).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.clean import clean
from kg.extract.assemble import extract_doc, fits
from kg.extract.nlp import load_nlp, resolve_model_name
from kg.records import Article, ArticleResult

__all__ = ["Extractor", "extract_doc", "fits"]


class Extractor:
    """Turns articles into :class:`~kg.records.ArticleResult` records.

    Parameters
    ----------
    model:
        spaCy model name; ``None`` means ``KG_MODEL`` or the default (see :mod:`kg.extract.nlp`).
    """

    def __init__(self, model: str | None = None):
        self.model = resolve_model_name(model)
        self.nlp = load_nlp(self.model)

    def extract(self, articles: Iterable[Article], *, batch_size: int = 16,
                n_process: int = 1) -> Iterator[ArticleResult]:
        pairs = ((clean(a.text).text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size,
                                          n_process=n_process):
            yield extract_doc(doc, article)

    def extract_one(self, article: Article) -> ArticleResult:
        return next(self.extract([article]))
