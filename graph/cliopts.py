"""Numeric command-line options, checked where click reads them.

A value out of range or not a number is an :class:`InputError` naming the option: one line on
stderr and exit 2 (click's own usage errors take three lines), never a Python error later on
(``serve --port 99999`` used to end in OverflowError, exit 3; ``--timeout 0`` was accepted and
ignored).
"""
from __future__ import annotations

import math

import click

from diplokg.graph.model.errors import InputError


class Number(click.ParamType):
    """An ``int`` or ``float`` within ``[low, high]`` (``low_open``: strictly above ``low``)."""

    def __init__(self, kind: type = int, low: float | None = None, high: float | None = None, *,
                 low_open: bool = False, unit: str = ""):
        self.kind = kind
        self.low, self.high, self.low_open = low, high, low_open
        self.unit = unit
        self.name = "integer" if kind is int else "number"

    def _range(self) -> str:
        if self.low is not None and self.high is not None:
            return f"from {self.low:g} to {self.high:g}"
        if self.low is not None:
            return f"{'above' if self.low_open else 'at least'} {self.low:g}"
        return f"at most {self.high:g}"

    def convert(self, value, param, ctx):
        if isinstance(value, self.kind) and not isinstance(value, bool):
            number = value
        else:
            try:
                number = self.kind(str(value).strip())
            except ValueError:
                raise InputError(_option(param), f"expected {'an integer' if self.kind is int else 'a number'}"
                                                 f"{' of ' + self.unit if self.unit else ''}, got {value!r}") from None
        if isinstance(number, float) and not math.isfinite(number):
            raise InputError(_option(param), f"expected a finite number, got {value!r}")
        too_low = self.low is not None and (number <= self.low if self.low_open else number < self.low)
        too_high = self.high is not None and number > self.high
        if too_low or too_high:
            unit = f" {self.unit}" if self.unit else ""
            raise InputError(_option(param), f"must be {self._range()}{unit}, got {value}")
        return number


def _option(param) -> str:
    if param is None:
        return "value"
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    return max(opts, key=len) if opts else (param.name or "value")


#: seconds a query may run: more than 0
SECONDS = Number(float, 0, low_open=True, unit="seconds")
#: a TCP port (0: any free one)
PORT = Number(int, 0, 65535)
