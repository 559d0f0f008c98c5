"""Compiled patterns that first check for a word every match must contain.

Python's ``re`` tries an unanchored pattern at every position of the text; for the long
alternations that find titled agreements or dialogue mechanisms that costs more than the
rest of a sentence's rules. A plain substring test rules most sentences out first. The
words must be ones every possible match contains, written as the pattern matches them
(only for case-sensitive patterns), so the results are exactly those of the pattern alone.
"""
from __future__ import annotations

import re
from typing import Iterator


class GatedPattern:
    def __init__(self, pattern: re.Pattern, needs_one_of: tuple[str, ...]):
        if pattern.flags & re.IGNORECASE:
            raise ValueError("a substring test cannot stand in for a case-insensitive pattern")
        self.pattern = pattern
        self.needs_one_of = needs_one_of

    def _may_match(self, text: str) -> bool:
        return any(word in text for word in self.needs_one_of)

    def finditer(self, text: str) -> Iterator[re.Match]:
        return self.pattern.finditer(text) if self._may_match(text) else iter(())

    def search(self, text: str) -> re.Match | None:
        return self.pattern.search(text) if self._may_match(text) else None
