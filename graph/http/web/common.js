// diplokg: helpers shared by the workbench (workbench.js) and the pictures (pictures.js).
// Plain script, no build step: it defines one global, `Dkg`.
"use strict";

const Dkg = (() => {
  // The prefixes the graph uses (graph/model/vocab.py DISPLAY_PREFIXES; a test keeps them equal).
  const PREFIXES = {
    rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    rdfs: "http://www.w3.org/2000/01/rdf-schema#",
    xsd: "http://www.w3.org/2001/XMLSchema#",
    owl: "http://www.w3.org/2002/07/owl#",
    skos: "http://www.w3.org/2004/02/skos/core#",
    prov: "http://www.w3.org/ns/prov#",
    schema: "https://schema.org/",
    org: "http://www.w3.org/ns/org#",
    time: "http://www.w3.org/2006/time#",
    sem: "http://semanticweb.cs.vu.nl/2009/11/sem/",
    dkg: "https://w3id.org/diplokg/ontology#",
    pos: "https://w3id.org/diplokg/position/",
    lvl: "https://w3id.org/diplokg/level/",
    topic: "https://w3id.org/diplokg/topic/",
    dkgr: "https://w3id.org/diplokg/id/",
    dkgg: "https://w3id.org/diplokg/graph/",
  };
  const ONTOLOGY_GRAPH = PREFIXES.dkgg + "ontology";

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  function shortIri(iri) {
    let best = null;
    for (const [name, ns] of Object.entries(PREFIXES)) {
      if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [name, ns];
    }
    return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
  }

  function resourceHref(iri) {
    return "/resource?iri=" + encodeURIComponent(iri);
  }

  // URL of a saved query: /queries/NAME[.ext]?param=value (empty values left out).
  function savedUrl(name, params, ext) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && String(v).trim() !== "") qs.append(k, String(v).trim());
    const tail = qs.toString();
    return "/queries/" + encodeURIComponent(name) + (ext ? "." + ext : "") + (tail ? "?" + tail : "");
  }

  async function failure(resp) {
    const text = (await resp.text()).trim();
    return new Error("error " + resp.status + ": " + text);
  }

  // Rows (SPARQL JSON bindings) of a saved query run with `params`.
  async function savedRows(name, params) {
    const resp = await fetch(savedUrl(name, params, "json"), { headers: { Accept: "application/sparql-results+json" } });
    if (!resp.ok) throw await failure(resp);
    return (await resp.json()).results.bindings;
  }

  // Rows of a SELECT, evaluated over `graphs` (the protocol's default-graph-uri) when given.
  async function selectRows(sparql, graphs) {
    const qs = new URLSearchParams();
    for (const g of graphs || []) qs.append("default-graph-uri", g);
    const url = "/sparql" + (qs.toString() ? "?" + qs : "");
    const resp = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
      body: sparql,
    });
    if (!resp.ok) throw await failure(resp);
    return (await resp.json()).results.bindings;
  }

  // The text of a saved query with `params` bound, as the server runs it.
  async function savedText(name, params) {
    const resp = await fetch(savedUrl(name, params, "rq"));
    if (!resp.ok) throw await failure(resp);
    return resp.text();
  }

  // Labels of the states and organisations (for the <datalist>s of the forms).
  async function agentLabels() {
    return selectRows(`PREFIX dkg: <${PREFIXES.dkg}>
PREFIX rdfs: <${PREFIXES.rdfs}>
SELECT DISTINCT ?label WHERE {
  VALUES ?class { dkg:State dkg:InternationalOrganisation }
  ?agent a ?class ; rdfs:label ?label .
} ORDER BY ?label LIMIT 2000`).then((rows) => rows.map((r) => r.label.value));
  }

  return { PREFIXES, ONTOLOGY_GRAPH, el, shortIri, resourceHref, savedUrl, savedRows, savedText, selectRows, agentLabels };
})();
