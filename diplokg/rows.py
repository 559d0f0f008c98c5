"""Query results for Python: a list of plain dicts, with ``.to_pandas()``.

>>> import pyoxigraph as ox
>>> from diplokg.graph.queries.run import Result
>>> r = Result("select", ["state", "n"], [(ox.Literal("Japan"), ox.Literal("3", datatype=ox.NamedNode(
...     "http://www.w3.org/2001/XMLSchema#integer")))])
>>> rows = Rows.of(r)
>>> rows
[{'state': 'Japan', 'n': 3}]
>>> rows.variables
['state', 'n']
"""
from __future__ import annotations

import pyoxigraph as ox

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                 "negativeInteger", "nonPositiveInteger", "unsignedLong", "unsignedInt",
                                 "unsignedShort", "unsignedByte")}
_FLOATS = {_XSD + "decimal", _XSD + "double", _XSD + "float"}


def python_value(term):
    """A result term as a plain Python value: IRIs and most literals as their text (dates stay
    ISO strings: they come at day, month or year precision), numbers as int or float,
    booleans as bool, an unbound variable as None."""
    if term is None:
        return None
    if isinstance(term, ox.Literal) and not term.language:
        dt = term.datatype.value
        try:
            if dt in _INTEGERS:
                return int(term.value)
            if dt in _FLOATS:
                return float(term.value)
        except ValueError:
            return term.value
        if dt == _XSD + "boolean":
            return term.value in ("true", "1")
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


class Rows(list):
    """The rows of a SELECT query: a list of ``{variable: value}`` dicts (every variable
    present, None when unbound), with ``variables`` in the query's order and the raw
    :class:`~diplokg.graph.queries.run.Result` as ``result``."""

    def __init__(self, rows=(), variables=(), result=None):
        super().__init__(rows)
        self.variables = list(variables)
        self.result = result

    @classmethod
    def of(cls, result) -> "Rows":
        rows = [{v: python_value(t) for v, t in zip(result.variables, row)} for row in result.rows]
        return cls(rows, result.variables, result)

    def to_pandas(self):
        """A pandas DataFrame with one column per variable (needs ``pip install pandas``)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("Rows.to_pandas() needs pandas: pip install pandas") from None
        return pd.DataFrame(list(self), columns=self.variables)

    def to_table(self, max_width: int = 60) -> str:
        """The rows as the command line's table."""
        from diplokg.graph.queries.run import to_table

        return to_table(self.result, max_width=max_width)
