"""RDF and SPARQL: records as triples and back, SPARQL text, queries, validation, export.

- :mod:`kg.rdf.mapping` maps records to triples; :mod:`kg.rdf.read` reads them back;
- :mod:`kg.rdf.sparql` builds SPARQL text (prologue, typed terms, :class:`~kg.rdf.sparql.Query`);
- :mod:`kg.rdf.sparql_text` reads a SPARQL text's tokens (what ``kg serve`` checks before it runs one);
- :mod:`kg.rdf.query` runs a query on a store or graph and formats the result;
- :mod:`kg.rdf.validate` checks a graph against the SHACL shapes;
- :mod:`kg.rdf.export` writes results and whole stores out.

None of them opens a store: they sit below :mod:`kg.store`, which uses them.
"""
