// diplokg web page: saved-query forms, a SPARQL box, results as a table.
// No framework and no CDN: this file is all the page runs.
"use strict";

const PREFIXES = {
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  owl: "http://www.w3.org/2002/07/owl#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  prov: "http://www.w3.org/ns/prov#",
  schema: "https://schema.org/",
  org: "http://www.w3.org/ns/org#",
  dkg: "https://w3id.org/diplokg/ontology#",
  pos: "https://w3id.org/diplokg/position/",
  lvl: "https://w3id.org/diplokg/level/",
  topic: "https://w3id.org/diplokg/topic/",
  dkgr: "https://w3id.org/diplokg/id/",
};

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function shortIri(iri) {
  let best = null;
  for (const [name, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [name, ns];
  }
  return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
}

function termCell(t) {
  const td = el("td");
  if (!t) return td;
  if (t.type === "uri") {
    td.append(el("a", { href: "/resource?iri=" + encodeURIComponent(t.value), title: t.value, class: "iri" },
      shortIri(t.value)));
  } else if (t.type === "bnode") {
    td.append("_:" + t.value);
  } else {
    td.append(t.value);
    if (t["xml:lang"]) td.append(el("span", { class: "dt" }, " @" + t["xml:lang"]));
  }
  return td;
}

function setStatus(text, isError) {
  const p = document.getElementById("results-status");
  p.textContent = text;
  p.className = isError ? "error" : "";
}

function showResults(title, data, truncated) {
  document.getElementById("results-title").textContent = title;
  const box = document.getElementById("results-table");
  box.replaceChildren();
  if (typeof data.boolean === "boolean") {
    setStatus("ASK: " + data.boolean, false);
    return;
  }
  const vars = data.head.vars;
  const rows = data.results.bindings;
  const thead = el("thead", {}, el("tr", {}, ...vars.map((v) => el("th", {}, v))));
  const tbody = el("tbody", {}, ...rows.map((r) => el("tr", {}, ...vars.map((v) => termCell(r[v])))));
  box.append(el("table", { class: "results", id: "results-rows" }, thead, tbody));
  let msg = rows.length + (rows.length === 1 ? " row" : " rows");
  if (truncated) msg += " (cut at the server's row limit: " + truncated + ")";
  setStatus(msg, false);
}

async function fetchResults(title, url, init) {
  setStatus("Running…", false);
  document.getElementById("results-table").replaceChildren();
  document.getElementById("results-title").textContent = title;
  let resp;
  try {
    resp = await fetch(url, init);
  } catch (e) {
    setStatus("The server did not answer: " + e, true);
    return;
  }
  const type = resp.headers.get("Content-Type") || "";
  if (!resp.ok) {
    setStatus("Error " + resp.status + ": " + (await resp.text()), true);
    return;
  }
  if (type.includes("json")) {
    showResults(title, await resp.json(), resp.headers.get("X-Diplokg-Truncated"));
  } else {
    const text = await resp.text();
    setStatus("Graph result (Turtle)", false);
    document.getElementById("results-table").append(el("pre", { class: "turtle" }, text));
  }
  document.getElementById("results").scrollIntoView({ block: "start" });
}

function queryForm(q) {
  const form = el("form", { class: "saved-query", id: "form-" + q.name, "data-name": q.name });
  const head = el("h3", { id: q.name }, q.title || q.name, " ", el("code", {}, q.name));
  form.append(head, el("p", { class: "description" }, q.description));
  for (const p of q.params) {
    const id = "p-" + q.name + "-" + p.name;
    const input = el("input", { id: id, name: p.name, type: "text",
      placeholder: p.example ? "e.g. " + p.example : "", required: p.required ? "" : null });
    form.append(el("p", { class: "param" },
      el("label", { for: id, title: p.description }, p.name + (p.required ? " *" : "")), " ", input));
  }
  form.append(el("p", {}, el("button", { type: "submit" }, "Run " + q.name)));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const params = new URLSearchParams();
    for (const input of form.querySelectorAll("input")) {
      if (input.value.trim() !== "") params.append(input.name, input.value.trim());
    }
    const qs = params.toString();
    fetchResults(q.title || q.name, "/queries/" + encodeURIComponent(q.name) + ".json" + (qs ? "?" + qs : ""),
      { headers: { Accept: "application/sparql-results+json" } });
  });
  return form;
}

async function loadQueries() {
  const box = document.getElementById("query-forms");
  try {
    const resp = await fetch("/queries.json", { headers: { Accept: "application/json" } });
    const queries = await resp.json();
    box.replaceChildren(...queries.map(queryForm));
  } catch (e) {
    box.replaceChildren(el("p", { class: "error" }, "Could not load the saved queries: " + e));
    return;
  }
  if (location.hash) {
    const target = document.getElementById(location.hash.slice(1));
    if (target) target.scrollIntoView();
  }
}

document.getElementById("sparql-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const text = document.getElementById("sparql-text").value;
  fetchResults("SPARQL query", "/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/sparql-query",
               Accept: "application/sparql-results+json, text/turtle;q=0.9" },
    body: text,
  });
});

loadQueries();
