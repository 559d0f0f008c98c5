"""HTML rendered by the server: the list of saved queries, the page about one resource, the
status page.

Everything interpolated is escaped. The resource page loads the picture scripts (a timeline
and a graph of the resource, drawn from the saved queries); the others load no script.
"""
from __future__ import annotations

from html import escape
from urllib.parse import quote, urlencode

from diplokg.graph.model.vocab import DISPLAY_PREFIXES as PREFIXES

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel")
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def short_iri(iri: str) -> str:
    for name, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{name}:{iri[len(ns):]}"
    return iri


def resource_link(iri: str, text: str | None = None) -> str:
    href = "/resource?" + urlencode({"iri": iri})
    return f'<a href="{escape(href)}" title="{escape(iri)}">{escape(text or short_iri(iri))}</a>'


# what the resource page needs to draw its pictures (graph/http/web/README.md lists the libraries)
PICTURE_STYLES = ("vendor/vis-timeline/vis-timeline-graph2d.min.css", "pictures.css")
PICTURE_SCRIPTS = ("vendor/moment/moment.min.js", "vendor/vis-data/vis-data.min.js",
                   "vendor/vis-timeline/vis-timeline-graph2d.min.js", "vendor/vis-network/vis-network.min.js",
                   "common.js", "pictures.js")
NAV = ('<header><a class="home" href="/">diplokg</a> <nav><a href="/">workbench</a> '
       '<a href="/pictures">pictures</a> <a href="/queries.html">saved queries</a> '
       '<a href="/status">status</a> <a href="/sparql">SPARQL endpoint</a></nav></header>')


def page(title: str, body: str, *, styles=(), scripts=()) -> str:
    links = "".join(f'<link rel="stylesheet" href="/static/{escape(s)}">' for s in (*styles, "style.css"))
    tags = "".join(f'<script src="/static/{escape(s)}" defer></script>' for s in scripts)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{escape(title)} · diplokg</title>"
        "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">"
        f"{links}{tags}</head>\n<body>{NAV}\n<main>\n{body}\n</main></body></html>\n"
    )


def queries_json(queries: dict) -> list[dict]:
    """The saved queries as ``diplokg queries --format json`` lists them, plus their API path."""
    return [
        {"name": q.name, "title": q.title, "description": q.description,
         "params": [{"name": p.name, "kind": p.kind, "description": p.description, "example": p.example,
                     "required": p.required} for p in q.params],
         "tags": list(q.tags), "url": f"/queries/{quote(q.name)}"}
        for q in queries.values()
    ]


def queries_html(queries: dict) -> str:
    items = []
    for q in queries.values():
        params = "".join(
            f"<li><code>{escape(p.name)}</code>{' (required)' if p.required else ''}: {escape(p.description)}"
            + (f" — e.g. <code>{escape(p.example)}</code>" if p.example else "") + "</li>"
            for p in q.params)
        example = {p.name: p.example for p in q.params if p.example and p.required}
        href = f"/queries/{quote(q.name)}.json" + ("?" + urlencode(example) if example else "")
        run = "/?" + urlencode({"saved": q.name, **example})
        items.append(
            f"<section class=\"query\" id=\"{escape(q.name)}\"><h2>{escape(q.title or q.name)} "
            f"<code>{escape(q.name)}</code></h2><p>{escape(q.description)}</p>"
            + (f"<ul>{params}</ul>" if params else "")
            + f"<p><a href=\"{escape(run)}\">run it on the page</a> · <a href=\"{escape(href)}\">JSON</a> · "
            f"<a href=\"{escape(href.replace('.json', '.csv', 1))}\">CSV</a> · "
            f"<a href=\"{escape(href.replace('.json', '.rq', 1))}\">SPARQL</a></p></section>")
    return page("Saved queries", "<h1>Saved queries</h1>\n" + "\n".join(items))


def _term_html(t: dict | None, label: dict | None = None) -> str:
    if t is None:
        return ""
    if t["type"] == "uri":
        return resource_link(t["value"], label["value"] if label else None)
    if t["type"] == "bnode":
        return f"<span class=\"bnode\">_:{escape(t['value'])}</span>"
    extra = ""
    if "xml:lang" in t:
        extra = f" <span class=\"dt\">@{escape(t['xml:lang'])}</span>"
    elif "datatype" in t:
        extra = f" <span class=\"dt\">{escape(short_iri(t['datatype']))}</span>"
    return f"<span class=\"literal\">{escape(t['value'])}</span>{extra}"


_DKG = "https://w3id.org/diplokg/ontology#"
_AGENTS = {_DKG + c for c in ("State", "InternationalOrganisation", "GovernmentBody", "Agent")}


def pictures_subject(iri: str, types: set[str], evidence: list[dict]) -> dict[str, str]:
    """What the resource page draws (the ``data-`` attributes pictures.js reads): a state or
    organisation, a person and an article are drawn themselves; any other fact is drawn in the
    pictures of the article it came from, itself picked out."""
    if types & _AGENTS:
        return {"state": iri}
    if _DKG + "Person" in types:
        return {"person": iri}
    if _DKG + "Article" in types:
        return {"article": iri}
    articles = [r["article"]["value"] for r in evidence if "article" in r]
    return {"article": articles[0], "focus": iri} if articles else {}


def _pictures_html(subject: dict[str, str]) -> str:
    attrs = " ".join(f'data-{k}="{escape(v)}"' for k, v in subject.items())
    return (f'<h2>Pictures</h2><section class="pictures" id="pictures" {attrs}>'
            '<p class="hint">Drawing the timeline and the graph…</p></section>')


def status_html(status: dict) -> str:
    """``/status`` for a browser: the same fields as the JSON, as a table."""
    rows = []
    for key, value in status.items():
        if isinstance(value, list):
            shown = ", ".join(escape(str(v)) for v in value) or "none"
        elif value is None:
            shown = "—"
        elif isinstance(value, bool):
            shown = "yes" if value else "no"
        else:
            shown = escape(str(value))
        rows.append(f"<tr><th>{escape(key.replace('_', ' '))}</th><td>{shown}</td></tr>")
    return page("Status", "<h1>Status</h1>\n<table class=\"facts\" id=\"status\">" + "".join(rows) + "</table>\n"
                "<p>The same as JSON: <code>curl -H 'Accept: application/json' …/status</code>.</p>")


def resource_html(iri: str, out: list[dict], inc: list[dict], evidence: list[dict]) -> str:
    """The page about ``iri``: label, types, facts (both directions), evidence sentences."""
    labels = [r["o"]["value"] for r in out if r["p"]["value"] in _LABELS and r["o"]["type"] == "literal"]
    types = [r for r in out if r["p"]["value"] == _RDF_TYPE]
    title = labels[0] if labels else short_iri(iri)
    parts = [f"<h1 id=\"label\">{escape(title)}</h1>",
             f"<p class=\"iri\"><code>{escape(iri)}</code></p>"]
    if types:
        parts.append("<p class=\"types\">" + ", ".join(_term_html(r["o"]) for r in types) + "</p>")
    if not out and not inc:
        parts.append("<p>The graph says nothing about this IRI.</p>")
    subject = pictures_subject(iri, {r["o"]["value"] for r in types}, evidence)
    if subject:  # first, before the tables that can run long
        if labels and "focus" not in subject:
            subject["label"] = labels[0]  # for the captions, and to pick the node out in the graph
        parts.append(_pictures_html(subject))
    facts = [r for r in out if r["p"]["value"] != _RDF_TYPE]
    if facts:
        rows = "".join(f"<tr><td>{resource_link(r['p']['value'])}</td><td>{_term_html(r['o'], r.get('label'))}</td></tr>"
                       for r in facts)
        parts.append(f"<h2>Facts</h2><table class=\"facts\" id=\"facts\"><tr><th>property</th><th>value</th></tr>{rows}</table>")
    if inc:
        rows = "".join(f"<tr><td>{_term_html(r['s'], r.get('label'))}</td><td>{resource_link(r['p']['value'])}</td></tr>"
                       for r in inc)
        parts.append(f"<h2>Referred to by</h2><table class=\"facts\" id=\"incoming\"><tr><th>subject</th>"
                     f"<th>property</th></tr>{rows}</table>")
    if evidence:
        items = []
        for r in evidence:
            where = ""
            if "start" in r and "end" in r:
                where = f" <span class=\"offsets\">[{escape(r['start']['value'])}–{escape(r['end']['value'])}]</span>"
            items.append(f"<li><blockquote class=\"sentence\">{escape(r['sentence']['value'])}</blockquote>"
                         f"<p class=\"source\">{resource_link(r['article']['value'])}{where}</p></li>")
        parts.append(f"<h2>Evidence</h2><ol class=\"evidence\" id=\"evidence\">{''.join(items)}</ol>")
    if subject:
        return page(title, "\n".join(parts), styles=PICTURE_STYLES, scripts=PICTURE_SCRIPTS)
    return page(title, "\n".join(parts))
