"""The model layer: vocabulary, IRI minting, paths, errors, formats, the ontology. Imports nothing above it."""
