"""Extraction: articles in, relation records out.

    clean ─▶ spaCy (+ line breaks, actor linker) ─▶ mentions ─▶ rules ─▶ roles ─▶ claims

Modules in the order data flows: :mod:`.nlp` and :mod:`.components` (the spaCy pipeline
and our components, with :mod:`.gazetteer` and :mod:`.persons`), :mod:`.mentions` (actor
mentions of a doc), :mod:`.resolve` and :mod:`.coref` (which actors an argument stands
for), :mod:`.rules` (the relation rules, one module per family, over :mod:`.syntax`),
:mod:`.roles` (titles), :mod:`.claims` (modality, negation, speaker), and
:mod:`.assemble` (records, roll-up).  Vocabulary is data: :mod:`.lexicon` loads it and
checks it against its schema (:mod:`.schema`).

:class:`Extractor` (:mod:`.driver`) loads the model once and streams articles through
``nlp.pipe``, in windows for very long ones;
it knows nothing of RDF or the store.  Offsets in the records are character offsets
into the article text as read (cleaning keeps every character in place).
"""

from __future__ import annotations

from kg.extract.assemble import extract_doc, fits

__all__ = ["Extractor", "extract_doc", "fits"]


from kg.extract.driver import Extractor  # noqa: E402  (the driver calls extract_doc)
