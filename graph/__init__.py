"""diplokg: a knowledge graph of diplomatic relations (the graph side: store, queries, CLI)."""

__version__ = "0.1.0"
