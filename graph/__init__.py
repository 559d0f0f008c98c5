"""diplokg.graph: the graph side of diplokg, in layers whose imports point down only.

``model`` (vocabulary, IRIs, paths, errors, formats, the ontology) ← ``store`` (the embedded
Oxigraph store, a SPARQL 1.1 server) ← ``shapes`` (SHACL validation) ← ``queries`` (saved
queries, results) ← ``io`` (ingest, export; uses the loaders) ← ``http`` (the server) ← ``cli``.

Installed as ``diplokg.graph``; in a source checkout ``diplokg/__init__.py`` maps this folder
to that name. Nothing here may be imported as a top-level ``graph`` module.
"""
