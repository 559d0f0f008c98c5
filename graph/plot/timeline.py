"""``diplokg plot timeline``: the dated events of a state, or of a pair, by type over time.

The rows are those of the saved query ``timeline`` (the same as ``diplokg query timeline``).
An event dated to the day is a dot; one dated only to a month or a year is a bar over that
month or year, so the picture claims no more precision than the articles give.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from diplokg.graph.plot.figures import NothingToPlot

MAX_LABELS = 30  # events named beside their mark; more would overlap


@dataclass(frozen=True)
class DatedEvent:
    start: dt.date
    end: dt.date  # the last day the date covers (start for a day)
    precision: str  # "day", "month" or "year"
    type: str
    label: str


def period(text: str) -> tuple[dt.date, dt.date, str] | None:
    """The days an ISO date of any precision covers.

    >>> period("2011-02")
    (datetime.date(2011, 2, 1), datetime.date(2011, 2, 28), 'month')
    """
    try:
        parts = [int(p) for p in text.split("-")]
    except ValueError:
        return None
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day, "day"
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1), "month"
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31), "year"
    return None


def timeline_events(store, state: str, state_b: str | None = None) -> list[DatedEvent]:
    """The dated events of ``state`` (with ``state_b``: of both), from the saved query."""
    from diplokg.graph.queries.run import run_saved

    values = {"state": state, **({"state_b": state_b} if state_b else {})}
    result = run_saved(store, "timeline", values)
    out = []
    for row in result.dicts():
        p = period(row.get("date", ""))
        if p is not None:
            out.append(DatedEvent(p[0], p[1], p[2], row.get("type", "Event"), row.get("label", "")))
    return out


def draw_timeline(events: list[DatedEvent], *, title: str):
    """A matplotlib figure: one row per event type, time along the bottom."""
    from diplokg.graph.plot.figures import pyplot

    if not events:
        raise NothingToPlot(f"{title}: no dated events to draw")
    plt = pyplot()
    import matplotlib.dates as mdates

    types = list(dict.fromkeys(e.type for e in sorted(events, key=lambda e: e.start)))
    row = {t: i for i, t in enumerate(types)}
    colours = plt.get_cmap("tab10")
    fig, ax = plt.subplots(figsize=(10, 1.4 + 0.55 * len(types)))
    for e in events:
        y, c = row[e.type], colours(row[e.type] % 10)
        if e.precision == "day":
            ax.plot([e.start], [y], "o", color=c, markersize=7)
        else:  # a hollow mark where the period starts, and a bar over the period
            ax.plot([e.start, e.end], [y, y], "-", color=c, linewidth=6, alpha=0.45, solid_capstyle="butt")
            ax.plot([e.start], [y], "o", markerfacecolor="white", markeredgecolor=c, markeredgewidth=1.5,
                    markersize=7)
    if len(events) <= MAX_LABELS:
        offsets = (8, -13, 17, -22)  # neighbours on one row take turns above and below
        seen: dict[str, int] = {}
        for e in sorted(events, key=lambda e: e.start):
            i = seen[e.type] = seen.get(e.type, -1) + 1
            ax.annotate(_short(e.label), (e.start, row[e.type]), xytext=(4, offsets[i % len(offsets)]),
                        textcoords="offset points", fontsize=7, color="#333333", va="center")
    ax.set_yticks(range(len(types)), types)
    ax.set_ylim(-0.9, len(types) - 0.1)
    ax.invert_yaxis()
    first, last = min(e.start for e in events), max(e.end for e in events)
    pad = max(dt.timedelta(days=30), (last - first) * 0.04)
    ax.set_xlim(first - pad, last + pad * 3)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#dddddd")
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    n = len(events)
    ax.set_title(f"{title}: {n} dated event{'s' if n != 1 else ''}", loc="left")
    ax.set_title("filled dot: a day; hollow dot and bar: a month or a year (no day given)", loc="right",
                 fontsize=7, color="#777777")
    return fig


def _short(label: str, n: int = 48) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def plot_timeline(store, output, *, state: str, state_b: str | None = None) -> int:
    """Draw the timeline of ``state`` (and ``state_b``) into ``output`` (.png, .svg or .pdf);
    returns the number of events drawn."""
    from diplokg.graph.plot.figures import picture_format, require, save

    picture_format(output)
    require("matplotlib")
    events = timeline_events(store, state, state_b)
    title = f"{state} and {state_b}" if state_b else state
    save(draw_timeline(events, title=title), output)
    return len(events)
