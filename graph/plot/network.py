"""``diplokg plot network``: who met whom, around a state or in one article.

States, organisations and people are the nodes. Each meeting or call joins its named
participants (or, when fewer than two are named, its parties); a visit joins the visitor and
the host state; an agreement joins its parties. A thin grey line joins a person to the state
or organisation they hold a post in. Edges are wider the more events they stand for.
"""
from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

from diplokg.graph.plot.figures import NothingToPlot
from diplokg.graph.queries.saved import parse_saved_query

_QUERY = parse_saved_query('''#+ title: Network
#+ description: The actors of meetings, calls, visits and agreements, with the posts people hold.
#+ params:
#+   - name: state
#+     kind: label_or_iri
#+     description: only events this state or organisation is a party to, hosts, or sends the visitor of
#+   - name: article
#+     kind: iri
#+     description: only events the article gives evidence for
PREFIX dkg: <https://w3id.org/diplokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?event ?kind ?role ?actor ?label ?person ?serves ?servesLabel WHERE {
  OPTIONAL {
    ?selState a/rdfs:subClassOf* dkg:Agent ; rdfs:label|skos:altLabel ?selStateName .
    FILTER(sameTerm(?selState, ?_state) || LCASE(STR(?selStateName)) = LCASE(STR(?_state)))
  }
  FILTER(!BOUND(?_state) || BOUND(?selState))
  VALUES (?class ?kind) { (dkg:Meeting "meeting") (dkg:PhoneCall "call") (dkg:Visit "visit") (dkg:Agreement "agreement") }
  ?event a ?class .
  FILTER(!BOUND(?_article) || EXISTS { ?event dkg:evidence/dkg:inArticle ?_article })
  FILTER(!BOUND(?selState) || EXISTS { ?event dkg:party|dkg:hostState ?selState }
         || EXISTS { ?event dkg:visitor/dkg:holds/dkg:postIn ?selState })
  VALUES (?property ?role) { (dkg:participant "person") (dkg:signatory "person") (dkg:visitor "person")
                             (dkg:party "party") (dkg:hostState "party") }
  ?event ?property ?actor .
  ?actor rdfs:label ?label .
  BIND(EXISTS { ?actor a dkg:Person } AS ?person)
  OPTIONAL { ?actor dkg:holds/dkg:postIn ?serves . ?serves rdfs:label ?servesLabel }
}''', "network")


@dataclass
class Network:
    """Nodes (IRI → label, kind) and edges ((a, b) → event kinds) of the picture."""

    labels: dict[str, str] = field(default_factory=dict)
    people: set[str] = field(default_factory=set)
    edges: dict[tuple[str, str], Counter] = field(default_factory=dict)
    posts: set[tuple[str, str]] = field(default_factory=set)

    def join(self, a: str, b: str, kind: str) -> None:
        if a != b:
            self.edges.setdefault(tuple(sorted((a, b))), Counter())[kind] += 1


def network(store, *, state: str | None = None, article: str | None = None) -> Network:
    """Who met whom (see the module docstring), from the store."""
    from diplokg.graph.queries.run import run_query

    values = {k: v for k, v in (("state", state), ("article", article)) if v}
    result = run_query(store, _QUERY.bind(values), check=False)
    net = Network()
    events: dict[str, dict] = {}
    for row in result.rows:
        cell = {v: t for v, t in zip(result.variables, row)}
        actor = cell["actor"].value
        net.labels[actor] = cell["label"].value
        if cell["person"].value == "true":
            net.people.add(actor)
            if cell["serves"] is not None:
                net.labels[cell["serves"].value] = cell["servesLabel"].value
                net.posts.add((actor, cell["serves"].value))
        ev = events.setdefault(cell["event"].value, {"kind": cell["kind"].value, "person": set(), "party": set()})
        ev["person" if cell["person"].value == "true" else "party"].add(actor)
    for ev in events.values():
        kind, people, parties = ev["kind"], sorted(ev["person"]), sorted(ev["party"])
        if kind == "visit":
            for visitor, host in itertools.product(people, parties):
                net.join(visitor, host, kind)
        elif kind in ("meeting", "call") and len(people) >= 2:
            for a, b in itertools.combinations(people, 2):
                net.join(a, b, kind)
        else:
            for a, b in itertools.combinations(parties, 2):
                net.join(a, b, kind)
            if len(parties) < 2:
                for a, b in itertools.product(people, parties):
                    net.join(a, b, kind)
    used = {n for edge in net.edges for n in edge}
    net.posts = {(p, s) for p, s in net.posts if p in used}
    return net


_COLOURS = {"meeting": "#1f77b4", "call": "#17becf", "visit": "#ff7f0e", "agreement": "#2ca02c"}


def draw_network(net: Network, *, title: str):
    """A matplotlib figure of ``net`` laid out by networkx (the same data, the same layout)."""
    from diplokg.graph.plot.figures import pyplot, require

    if not net.edges:
        raise NothingToPlot(f"{title}: no meetings, calls, visits or agreements to draw")
    require("networkx")
    import networkx as nx

    plt = pyplot()
    g = nx.Graph()
    for (a, b), kinds in sorted(net.edges.items()):
        g.add_edge(a, b, weight=sum(kinds.values()), kind=kinds.most_common(1)[0][0])
    for person, serves in sorted(net.posts):
        if not g.has_edge(person, serves):
            g.add_edge(person, serves, weight=0.3, kind="post")
    pos = nx.spring_layout(g, seed=7, k=1.6 / max(1, len(g)) ** 0.5)
    size = min(14, 6 + 0.25 * len(g))
    fig, ax = plt.subplots(figsize=(size, size * 0.75))
    for kind in ("post", *_COLOURS):
        edges = [(a, b) for a, b, d in g.edges(data=True) if d["kind"] == kind]
        if not edges:
            continue
        widths = [0.8 if kind == "post" else 1 + 1.5 * g.edges[e]["weight"] ** 0.5 for e in edges]
        nx.draw_networkx_edges(g, pos, edgelist=edges, width=widths, ax=ax,
                               edge_color="#bbbbbb" if kind == "post" else _COLOURS[kind],
                               style="dashed" if kind == "post" else "solid", label="post" if kind == "post" else kind)
    people = sorted(n for n in g if n in net.people)
    others = sorted(n for n in g if n not in net.people)
    nx.draw_networkx_nodes(g, pos, nodelist=others, node_color="#e8e0c8", edgecolors="#8a7a50", node_shape="s",
                           node_size=900, ax=ax)
    nx.draw_networkx_nodes(g, pos, nodelist=people, node_color="#dbe8f6", edgecolors="#4a6a8a", node_size=500, ax=ax)
    nx.draw_networkx_labels(g, pos, labels={n: net.labels.get(n, n) for n in g}, font_size=8, ax=ax)
    ax.legend(loc="lower left", fontsize=7, frameon=False, title="squares: states and organisations; "
              "circles: people", title_fontsize=7)
    ax.set_title(title, loc="left")
    ax.axis("off")
    return fig


def plot_network(store, output, *, state: str | None = None, article: str | None = None) -> int:
    """Draw the network around ``state`` or of ``article`` into ``output``; returns the number
    of edges drawn (posts left out)."""
    from diplokg.graph.plot.figures import picture_format, require, save

    picture_format(output)
    require("matplotlib", "networkx")
    net = network(store, state=state, article=article)
    title = f"Who met whom: {state}" if state else f"Who met whom in {article}"
    save(draw_network(net, title=title), output)
    return len(net.edges)
