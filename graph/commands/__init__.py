"""Commands of ``diplokg`` that live in their own modules, and the options they share with
:mod:`diplokg.graph.cli` (which registers them)."""
