"""The store layer: the embedded Oxigraph store and a SPARQL 1.1 server behind the same API."""
