// diplokg pictures: a timeline (vis-timeline) and a graph of who met whom (vis-network) for a
// state, a pair of states, a person or an article. The data are the saved queries' rows
// (timeline, meetings, visits, agreements); an article's pictures run the same queries over
// the article's named graph (and the ontology's, for the labels of the event types).
// Needs common.js and the vendored moment, vis-data, vis-timeline and vis-network (window.vis).
"use strict";

const DkgPictures = (() => {
  const { el } = Dkg;
  const KIND_COLOURS = { meeting: "#1f77b4", call: "#17becf", visit: "#2ca02c", agreement: "#ff7f0e", represents: "#b0b0b0" };
  const drawn = [];  // what was drawn, for the tests and for the console

  // -- data -----------------------------------------------------------------------------------

  function subjectTitle(s) {
    if (s.label) return s.article ? "the article " + s.label : s.label;
    if (s.article) return "the article " + Dkg.shortIri(s.article);
    const name = (v) => (/^https?:/.test(v) ? Dkg.shortIri(v) : v);
    if (s.person) return name(s.person);
    return s.state_b ? name(s.state) + " and " + name(s.state_b) : name(s.state);
  }

  // Rows of a saved query for the subject: the state/person bound as parameters, or the whole
  // query run over an article's graph.
  async function rowsFor(query, subject, params) {
    if (subject.article) {
      const text = await Dkg.savedText(query, {});
      return Dkg.selectRows(text, [subject.article, Dkg.ONTOLOGY_GRAPH]);
    }
    return Dkg.savedRows(query, params);
  }

  // Rows of `query` about the subject; for a pair, the rows of the events both states are in.
  async function eventRows(query, key, subject, personParam) {
    if (subject.person) return personParam ? rowsFor(query, subject, { [personParam]: subject.person }) : [];
    const a = await rowsFor(query, subject, subject.state ? { state: subject.state } : {});
    if (!subject.state_b || subject.article) return a;
    const b = await rowsFor(query, subject, { state: subject.state_b });
    const inB = new Set(b.map((r) => r[key].value));
    return a.filter((r) => inB.has(r[key].value));
  }

  async function timelineRows(subject) {
    if (subject.article) return rowsFor("timeline", subject, {});
    const params = subject.person ? { state: subject.person } : { state: subject.state, state_b: subject.state_b };
    return Dkg.savedRows("timeline", params);
  }

  async function networkRows(subject) {
    const [meetings, visits, agreements] = await Promise.all([
      eventRows("meetings", "meeting", subject, "person"),
      eventRows("visits", "visit", subject, "person"),
      eventRows("agreements", "agreement", subject, null),
    ]);
    return { meetings, visits, agreements };
  }

  // -- timeline -------------------------------------------------------------------------------

  // A dkg:date literal (xsd:date, gYearMonth or gYear) as the start of its period; a month or a
  // year is drawn as a point at its start, marked "coarse" (hollow, dashed), its text in the tooltip.
  function period(value) {
    const m = /^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value || "");
    if (!m) return null;
    const start = new Date(Date.UTC(Number(m[1]), m[2] ? Number(m[2]) - 1 : 0, m[3] ? Number(m[3]) : 1));
    return { start, coarse: !m[3] };
  }

  // The window shown first: every event, with a margin so that the labels at the edges show.
  function initialWindow(items) {
    const times = items.map((x) => x.start.getTime());
    const lo = Math.min(...times);
    const hi = Math.max(...times);
    const pad = Math.max((hi - lo) * 0.12, 400 * 86400e3);
    return { start: new Date(lo - pad / 2), end: new Date(hi + 3 * pad) };  // labels run to the right
  }

  function slug(text) {
    return String(text).toLowerCase().replace(/[^a-z0-9]+/g, "-");
  }

  function drawTimeline(box, rows, subject, details) {
    const groups = new Map();
    const items = [];
    rows.forEach((r, i) => {
      const p = period(r.date && r.date.value);
      if (!p) return;
      const type = r.type ? r.type.value : "Event";
      if (!groups.has(type)) groups.set(type, { id: type, content: el("span", {}, type), className: "g-" + slug(type) });
      const label = r.label ? r.label.value : type;
      items.push({ id: i, group: type, start: p.start, type: "point", className: "t-" + slug(type) + (p.coarse ? " coarse" : ""),
        content: el("span", {}, label), title: `${label} (${r.date.value})`, iri: r.event ? r.event.value : null,
        date: r.date.value, label });
    });
    if (!items.length) {
      box.replaceChildren(el("p", { class: "empty" }, "No dated events for " + subjectTitle(subject) + "."));
      return null;
    }
    box.replaceChildren();
    const timeline = new vis.Timeline(box, new vis.DataSet(items), new vis.DataSet([...groups.values()]), {
      ...initialWindow(items), stack: true, showCurrentTime: false, orientation: "top", maxHeight: 420, verticalScroll: true,
      zoomKey: "ctrlKey", margin: { item: 4 }, tooltip: { followMouse: true },
    });
    timeline.on("select", ({ items: sel }) => {
      const it = items.find((x) => x.id === sel[0]);
      if (it) showEvents(details, [it]);
    });
    if (subject.focus) {
      const hit = items.filter((x) => x.iri === subject.focus).map((x) => x.id);
      if (hit.length) timeline.setSelection(hit, { focus: true });
    }
    return timeline;
  }

  // -- graph ----------------------------------------------------------------------------------

  function buildGraph(data) {
    const nodes = new Map();
    const edges = new Map();
    const node = (label, kind) => {
      const id = kind + ":" + label;
      if (!nodes.has(id)) {
        nodes.set(id, kind === "person"
          ? { id, label, kind, shape: "dot", size: 10, color: { background: "#fdf6e3", border: "#8c6d1f" } }
          : { id, label, kind, shape: "box", color: { background: "#dbe8f5", border: "#1f4e79" } });
      }
      return id;
    };
    const edge = (a, b, kind, event, directed) => {
      if (a === b) return;
      const [x, y] = directed || a < b ? [a, b] : [b, a];
      const key = kind + "|" + x + "|" + y;
      if (!edges.has(key)) edges.set(key, { id: key, from: x, to: y, kind, events: [] });
      if (event && !edges.get(key).events.some((e) => e.iri === event.iri)) edges.get(key).events.push(event);
    };
    // meetings and calls: the people who met (and the parties no named person represents)
    const meetings = new Map();
    for (const r of data.meetings) {
      const iri = r.meeting.value;
      if (!meetings.has(iri)) meetings.set(iri, { iri, kind: r.kind ? r.kind.value : "meeting", date: r.date ? r.date.value : "",
        place: r.place ? r.place.value : "", people: new Set(), parties: new Set(), represented: new Set() });
      const m = meetings.get(iri);
      if (r.party) m.parties.add(r.party.value);
      if (r.participant) {
        m.people.add(r.participant.value);
        if (r.party) {
          m.represented.add(r.party.value);
          edge(node(r.participant.value, "person"), node(r.party.value, "party"), "represents", null, true);
        }
      }
    }
    for (const m of meetings.values()) {
      const actors = [...[...m.people].map((p) => node(p, "person")),
        ...[...m.parties].filter((p) => !m.represented.has(p)).map((p) => node(p, "party"))];
      const ev = { iri: m.iri, label: (m.kind === "call" ? "call" : "meeting") + (m.place ? " in " + m.place : ""), date: m.date };
      for (let i = 0; i < actors.length; i++) for (let j = i + 1; j < actors.length; j++) edge(actors[i], actors[j], m.kind === "call" ? "call" : "meeting", ev);
    }
    for (const r of data.visits) {
      if (!r.visitor || !r.host) continue;
      edge(node(r.visitor.value, "person"), node(r.host.value, "party"), "visit",
        { iri: r.visit.value, label: "visit", date: r.start ? r.start.value : "" }, true);
    }
    const agreements = new Map();
    for (const r of data.agreements) {
      const iri = r.agreement.value;
      if (!agreements.has(iri)) agreements.set(iri, { iri, label: r.title ? r.title.value : "agreement", date: r.date ? r.date.value : "", parties: new Set() });
      if (r.party) agreements.get(iri).parties.add(r.party.value);
    }
    for (const a of agreements.values()) {
      const ps = [...a.parties].map((p) => node(p, "party"));
      for (let i = 0; i < ps.length; i++) for (let j = i + 1; j < ps.length; j++) edge(ps[i], ps[j], "agreement", a);
    }
    return { nodes: [...nodes.values()], edges: [...edges.values()] };
  }

  function edgeTooltip(e) {
    const lines = e.kind === "represents" ? ["represents"] : e.events.map((x) => `${x.label}${x.date ? " (" + x.date + ")" : ""}`);
    return el("div", {}, ...lines.slice(0, 12).map((t) => el("div", {}, t)), lines.length > 12 ? el("div", {}, `… ${lines.length - 12} more`) : null);
  }

  function focusLabels(subject) {
    return [subject.state, subject.state_b, subject.person, subject.label]
      .filter((v) => v && !/^https?:/.test(v)).map((v) => v.toLowerCase());
  }

  function drawNetwork(box, data, subject, details) {
    const g = buildGraph(data);
    if (!g.nodes.length) {
      box.replaceChildren(el("p", { class: "empty" }, "No meetings, visits or agreements for " + subjectTitle(subject) + "."));
      return null;
    }
    const focus = focusLabels(subject);
    const nodes = g.nodes.map((n) => (focus.includes(n.label.toLowerCase())
      ? { ...n, borderWidth: 3, font: { size: 16, bold: true } } : n));
    const edges = g.edges.map((e) => ({
      id: e.id, from: e.from, to: e.to, title: edgeTooltip(e),
      color: { color: KIND_COLOURS[e.kind], highlight: "#d62728" },
      dashes: e.kind === "represents", arrows: e.kind === "visit" ? "to" : undefined,
      width: e.kind === "represents" ? 1 : Math.min(1 + 1.5 * e.events.length, 8),
      label: e.events.length > 1 ? String(e.events.length) : undefined,
    }));
    box.replaceChildren();
    const network = new vis.Network(box, { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) }, {
      physics: { solver: "forceAtlas2Based", stabilization: { iterations: 300 } },
      interaction: { hover: true, tooltipDelay: 150 },
      edges: { smooth: { type: "dynamic" }, font: { size: 11, strokeWidth: 3 } },
      nodes: { font: { size: 13 } },
    });
    // laid out once, then still (a graph that keeps moving is hard to read), and fitted to the box
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: false });
      network.fit();
    });
    network.on("click", (params) => {
      if (params.nodes.length) return showNode(details, g.nodes.find((n) => n.id === params.nodes[0]), subject);
      if (params.edges.length) {
        const e = g.edges.find((x) => x.id === params.edges[0]);
        if (e && e.events.length) showEvents(details, e.events);
      }
    });
    if (subject.focus) {
      const hit = g.edges.filter((e) => e.events.some((x) => x.iri === subject.focus)).map((e) => e.id);
      if (hit.length) network.selectEdges(hit);
    }
    return { network, graph: g };
  }

  function legend() {
    const item = (kind, text) => el("span", { class: "legend-item" }, el("span", { class: "swatch k-" + kind }), text);
    return el("p", { class: "legend" }, el("span", { class: "legend-item" }, el("span", { class: "swatch party" }), "state or organisation"),
      el("span", { class: "legend-item" }, el("span", { class: "swatch person" }), "person"),
      item("meeting", "met"), item("call", "phone call"), item("visit", "visited (arrow to the host)"),
      item("agreement", "agreement"), item("represents", "represents"));
  }

  // -- details below the pictures ------------------------------------------------------------

  function showEvents(details, events) {
    details.replaceChildren(el("ul", {}, ...events.map((e) => el("li", {},
      e.iri ? el("a", { href: Dkg.resourceHref(e.iri), title: e.iri }, e.label) : e.label,
      e.date ? " (" + e.date + ")" : ""))));
  }

  function showNode(details, n, subject) {
    if (!n) return;
    const param = n.kind === "person" ? "person" : "state";
    const links = [el("a", { href: "/pictures?" + new URLSearchParams({ [param]: n.label }) }, "pictures of " + n.label)];
    if (param === "state" && subject.state && !subject.state_b && subject.state.toLowerCase() !== n.label.toLowerCase()) {
      links.push(" · ", el("a", { href: "/pictures?" + new URLSearchParams({ state: subject.state, state_b: n.label }) },
        subject.state + " and " + n.label));
    }
    // the timeline query takes a person as its state parameter too
    const run = el("a", { href: "/?" + new URLSearchParams({ saved: "timeline", state: n.label }) }, "its timeline query");
    details.replaceChildren(el("p", {}, el("strong", {}, n.label), " — ", ...links, " · ", run));
  }

  // -- putting it together ------------------------------------------------------------------

  async function draw(container, subject) {
    const tl = el("div", { class: "timeline-box" }, el("p", { class: "hint" }, "Loading…"));
    const nw = el("div", { class: "network-box" }, el("p", { class: "hint" }, "Loading…"));
    const details = el("div", { class: "picture-details", "aria-live": "polite" },
      el("p", { class: "hint" }, "Click an event, an edge or a node for details."));
    container.replaceChildren(
      el("h3", {}, "Timeline of " + subjectTitle(subject)), tl,
      el("h3", {}, "Who met whom: " + subjectTitle(subject)), nw, legend(), details);
    const record = { subject, timeline: null, network: null, graph: null, errors: [] };
    drawn.push(record);
    const fail = (box, what) => (e) => {
      record.errors.push(String(e));
      box.replaceChildren(el("p", { class: "error" }, "Could not draw the " + what + ": " + e.message));
    };
    const timelineDone = timelineRows(subject).then((rows) => { record.timeline = drawTimeline(tl, rows, subject, details); }, fail(tl, "timeline"));
    const networkDone = networkRows(subject).then((data) => {
      const r = drawNetwork(nw, data, subject, details);
      if (r) { record.network = r.network; record.graph = r.graph; }
    }, fail(nw, "graph"));
    await Promise.all([timelineDone, networkDone]);
    container.classList.add("drawn");
    return record;
  }

  function subjectOf(data) {
    const s = {};
    for (const k of ["state", "state_b", "person", "article", "focus", "label"]) if (data[k] && data[k].trim()) s[k] = data[k].trim();
    return s;
  }

  // The pictures page: a form whose fields are the URL's parameters (so every picture has a link).
  async function pageForm() {
    const form = document.getElementById("pictures-form");
    if (!form) return;
    const params = Object.fromEntries(new URLSearchParams(location.search));
    for (const input of form.querySelectorAll("input")) if (params[input.name]) input.value = params[input.name];
    Dkg.agentLabels().then((labels) => {
      document.getElementById("agent-labels").replaceChildren(...labels.map((l) => el("option", { value: l })));
    }, () => {});
    Dkg.selectRows(`PREFIX dkg: <${Dkg.PREFIXES.dkg}>
SELECT ?article (SAMPLE(?h) AS ?headline) (SAMPLE(?src) AS ?source) WHERE {
  ?article a dkg:Article . OPTIONAL { ?article dkg:headline ?h } OPTIONAL { ?article dkg:sourceLocation ?src }
} GROUP BY ?article ORDER BY ?article LIMIT 500`).then((rows) => {
      document.getElementById("article-iris").replaceChildren(...rows.map((r) => el("option", { value: r.article.value },
        (r.headline || r.source || r.article).value)));
    }, () => {});
    const subject = subjectOf(params);
    const out = document.getElementById("pictures");
    if (subject.state || subject.person || subject.article) await draw(out, subject);
  }

  async function auto() {
    if (document.getElementById("pictures-form")) return pageForm();
    const box = document.getElementById("pictures");
    if (box) await draw(box, subjectOf(box.dataset));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", auto);
  else auto();

  return { draw, drawn, buildGraph, period };
})();
