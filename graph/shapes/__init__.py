"""The shapes layer: SHACL validation (pySHACL, and the shapes compiled to SPARQL as a screen)."""
