"""HTML rendered by the server: the list of saved queries and the page about one resource.

Everything interpolated is escaped; the pages load only ``/static/style.css`` (no scripts).
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


def page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{escape(title)} · diplokg</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head>\n"
        "<body><header><a class=\"home\" href=\"/\">diplokg</a> <nav><a href=\"/queries.html\">saved queries</a> "
        "<a href=\"/sparql\">SPARQL endpoint</a></nav></header>\n"
        f"<main>\n{body}\n</main></body></html>\n"
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
        items.append(
            f"<section class=\"query\" id=\"{escape(q.name)}\"><h2>{escape(q.title or q.name)} "
            f"<code>{escape(q.name)}</code></h2><p>{escape(q.description)}</p>"
            + (f"<ul>{params}</ul>" if params else "")
            + f"<p><a href=\"/#{escape(q.name)}\">run it on the page</a> · <a href=\"{escape(href)}\">JSON</a> · "
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
    return page(title, "\n".join(parts))
