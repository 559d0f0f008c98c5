"""diplokg loaders: news text in, validated RDF out.

Stages, one module each, data flowing one way:
``sources`` (files, stdin, JSON Lines → SourceText) → ``text`` (sentences with offsets)
→ ``mentions`` → ``linking`` → ``facts`` (typed dataclasses) → ``triples`` (the only
stage that knows RDF). ``pipeline.extract`` composes them.
"""
