"""The queries layer: saved queries, running SPARQL read-only, rendering results."""
