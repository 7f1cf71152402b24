"""Building at scale: batched atomic writes, Dask workers, and a progress display.

- :mod:`kg.builder.writer` commits results in atomic batches of whole articles and marks
  syndicated copies (:mod:`kg.builder.dedupe`);
- :mod:`kg.builder.cluster` runs extraction on Dask distributed workers, each loading the
  spaCy model once, and streams the results back in input order;
- :mod:`kg.builder.progress` shows a build's progress on a terminal (or as log lines).

:func:`kg.builder.pipeline.build` puts them together; the CLI's ``kg build`` calls it.
"""
