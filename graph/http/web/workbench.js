// diplokg workbench: the SPARQL editor (YASQE) and results (YASR) of YASGUI, the saved queries,
// a query history, permalinks and downloads. Needs common.js and vendor/yasgui (window.Yasgui).
//
// What runs is what the editor shows: a saved query chosen on the left is shown in the editor
// with its parameters bound (the text /queries/NAME.rq returns); while the editor still holds
// that text, "Run" runs the saved query through /queries/NAME, and the address bar becomes
// /?saved=NAME&param=value. Once the text is edited it is an ad-hoc query, POSTed to /sparql,
// and the address becomes /?query=TEXT. Opening either address runs the query again.
"use strict";

(() => {
  const { el } = Dkg;
  const { Yasqe, Yasr } = Yasgui;
  const HISTORY_KEY = "diplokg.history";
  const HISTORY_MAX = 30;
  // prefixes offered after PREFIX (and added when a known prefix is typed): the graph's own and
  // a few common vocabularies; the library's bundled list of thousands is left out
  const MORE_PREFIXES = {
    dcterms: "http://purl.org/dc/terms/", foaf: "http://xmlns.com/foaf/0.1/", sh: "http://www.w3.org/ns/shacl#",
    void: "http://rdfs.org/ns/void#", sd: "http://www.w3.org/ns/sparql-service-description#",
    wd: "http://www.wikidata.org/entity/", geo: "http://www.opengis.net/ont/geosparql#",
  };

  let yasqe = null;
  let yasr = null;
  let queries = {};     // name -> saved query metadata (/queries.json)
  let saved = null;     // {name, params, text}: the saved query the editor shows, if any
  let lastRun = null;   // {href, csv, json, turtle} of the last run

  // -- autocompletion from this graph (no remote vocabulary service) --------------------------

  const known = {};
  function terms(kind) {
    if (!known[kind]) {
      const types = kind === "class" ? "owl:Class rdfs:Class" : "owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty rdf:Property";
      known[kind] = Dkg.selectRows(`PREFIX owl: <${Dkg.PREFIXES.owl}>
PREFIX rdfs: <${Dkg.PREFIXES.rdfs}>
PREFIX rdf: <${Dkg.PREFIXES.rdf}>
SELECT DISTINCT ?t WHERE { GRAPH <${Dkg.ONTOLOGY_GRAPH}> { VALUES ?type { ${types} } ?t a ?type FILTER(isIRI(?t)) } } ORDER BY ?t`)
        .then((rows) => rows.map((r) => r.t.value).concat(kind === "class" ? [] : [
          Dkg.PREFIXES.rdf + "type", Dkg.PREFIXES.rdfs + "label", Dkg.PREFIXES.rdfs + "comment",
          Dkg.PREFIXES.skos + "prefLabel", Dkg.PREFIXES.skos + "altLabel", Dkg.PREFIXES.skos + "exactMatch"]))
        .catch(() => []);
    }
    return known[kind];
  }

  function configureEditor() {
    const prefixes = Object.entries({ ...Dkg.PREFIXES, ...MORE_PREFIXES }).map(([k, v]) => `${k}: <${v}>`).sort();
    Yasqe.forkAutocompleter("prefixes", { name: "dkg-prefixes", persistenceId: null, get: () => Promise.resolve(prefixes) }, false);
    Yasqe.forkAutocompleter("class", { name: "dkg-classes", get: (_y, token) =>
      terms("class").then((all) => all.filter((t) => t.startsWith(token.autocompletionString || ""))) }, false);
    Yasqe.forkAutocompleter("property", { name: "dkg-properties", get: (_y, token) =>
      terms("property").then((all) => all.filter((t) => t.startsWith(token.autocompletionString || ""))) }, false);
    Yasqe.defaults.autocompleters = ["variables", "dkg-prefixes", "dkg-classes", "dkg-properties"];
  }

  // -- running -----------------------------------------------------------------------------

  function isSavedText() {
    return saved && yasqe.getValue() === saved.text;
  }

  function permalink() {
    if (isSavedText()) return "/?" + new URLSearchParams({ saved: saved.name, ...nonEmpty(saved.params) });
    return "/?" + new URLSearchParams({ query: yasqe.getValue() });
  }

  function nonEmpty(params) {
    return Object.fromEntries(Object.entries(params || {}).filter(([, v]) => String(v).trim() !== "").map(([k, v]) => [k, String(v).trim()]));
  }

  function downloads() {
    if (isSavedText()) {
      return { csv: Dkg.savedUrl(saved.name, saved.params, "csv"), json: Dkg.savedUrl(saved.name, saved.params, "json"), base: saved.name };
    }
    const url = (format) => "/sparql?" + new URLSearchParams({ query: yasqe.getValue(), format });
    const graph = ["CONSTRUCT", "DESCRIBE"].includes(yasqe.getQueryType());
    return graph ? { turtle: url("turtle"), base: "query" } : { csv: url("csv"), json: url("json"), base: "query" };
  }

  function showDownloads() {
    const d = downloads();
    const box = document.getElementById("downloads");
    const link = (id, href, name, text) => el("a", { id, href, download: name, class: "button" }, text);
    box.replaceChildren(...[
      d.csv && link("download-csv", d.csv, d.base + ".csv", "CSV"),
      d.json && link("download-json", d.json, d.base + ".json", "JSON"),
      d.turtle && link("download-turtle", d.turtle, d.base + ".ttl", "Turtle"),
    ].filter(Boolean));
    document.getElementById("permalink").href = permalink();
  }

  function setStatus(text, isError) {
    const p = document.getElementById("run-status");
    p.textContent = text;
    p.className = isError ? "error" : "";
  }

  async function run() {
    const fromSaved = isSavedText();
    const title = fromSaved ? savedTitle(saved.name, saved.params) : firstLine(yasqe.getValue());
    let url = "/sparql";
    let init = {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded",
                 Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      body: new URLSearchParams({ query: yasqe.getValue() }),
    };
    if (fromSaved) {
      url = Dkg.savedUrl(saved.name, saved.params, "json");
      init = { headers: { Accept: "application/sparql-results+json" } };
    }
    setStatus("Running…", false);
    document.getElementById("run").disabled = true;
    const started = performance.now();
    try {
      let resp;
      try {
        resp = await fetch(url, init);
      } catch (e) {
        setStatus("The server did not answer: " + e, true);
        return;
      }
      const body = await resp.text();
      const ms = Math.round(performance.now() - started);
      if (!resp.ok) {
        yasr.setResponse({ error: { status: resp.status, statusText: resp.statusText, text: body } }, ms);
        setStatus("Error " + resp.status + ": " + body.trim(), true);
        return;
      }
      yasr.setResponse({ data: body, contentType: resp.headers.get("Content-Type"), status: resp.status, executionTime: ms }, ms);
      const rows = yasr.results && yasr.results.getBindings() ? yasr.results.getBindings().length : null;
      const cut = resp.headers.get("X-Diplokg-Truncated");
      setStatus((rows === null ? "Done" : rows + (rows === 1 ? " row" : " rows")) + " in " + ms + " ms"
        + (cut ? " — cut at the server's row limit (" + cut + ")" : ""), false);
      const href = permalink();
      history.replaceState(null, "", href);
      remember({ href, title, when: new Date().toISOString(), rows });
      showDownloads();
    } finally {
      document.getElementById("run").disabled = false;
    }
  }

  function firstLine(text) {
    const line = text.split("\n").map((l) => l.trim()).find((l) => l && !/^(PREFIX|BASE|#)/i.test(l)) || "query";
    return line.length > 70 ? line.slice(0, 69) + "…" : line;
  }

  function savedTitle(name, params) {
    const p = Object.entries(nonEmpty(params)).map(([k, v]) => `${k}=${v}`).join(", ");
    return name + (p ? " (" + p + ")" : "");
  }

  // -- history ------------------------------------------------------------------------------

  function loadHistory() {
    try {
      const h = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]");
      return Array.isArray(h) ? h : [];
    } catch (e) {
      return [];
    }
  }

  function remember(entry) {
    const h = [entry, ...loadHistory().filter((e) => e.href !== entry.href)].slice(0, HISTORY_MAX);
    try {
      localStorage.setItem(HISTORY_KEY, JSON.stringify(h));
    } catch (e) { /* storage full or off: the history is a convenience */ }
    drawHistory();
  }

  function drawHistory() {
    const h = loadHistory();
    const list = document.getElementById("history-list");
    if (!h.length) {
      list.replaceChildren(el("li", { class: "hint" }, "The queries you run appear here."));
      return;
    }
    list.replaceChildren(...h.map((e) => el("li", {},
      el("a", { href: e.href, title: "run it again" }, e.title),
      el("span", { class: "when" }, " " + new Date(e.when).toLocaleString() + (e.rows !== null && e.rows !== undefined ? " · " + e.rows + " rows" : "")))));
  }

  // -- saved queries --------------------------------------------------------------------------

  function drawSavedList() {
    const list = document.getElementById("saved-list");
    list.replaceChildren(...Object.values(queries).map((q) => el("li", {},
      el("button", { type: "button", class: "saved-pick", "data-name": q.name, title: q.description }, q.title || q.name),
      " ", el("code", {}, q.name))));
    list.addEventListener("click", (ev) => {
      const b = ev.target.closest("button.saved-pick");
      if (b) selectSaved(b.dataset.name, {});
    });
  }

  async function selectSaved(name, params) {
    const q = queries[name];
    if (!q) {
      setStatus("There is no saved query named " + JSON.stringify(name) + ".", true);
      return false;
    }
    saved = { name, params: {}, text: null };
    for (const p of q.params) saved.params[p.name] = params[p.name] || "";
    for (const b of document.querySelectorAll("button.saved-pick")) b.classList.toggle("active", b.dataset.name === name);
    const form = el("form", { id: "saved-form", "data-name": name });
    for (const p of q.params) {
      const id = "param-" + p.name;
      form.append(el("p", { class: "param" },
        el("label", { for: id, title: p.description }, p.name + (p.required ? " *" : "")), " ",
        el("input", { id, name: p.name, type: "text", value: saved.params[p.name], list: /state/.test(p.name) ? "agent-labels" : null,
          placeholder: p.example ? "e.g. " + p.example : "", required: p.required || null }),
        el("span", { class: "hint" }, " " + p.description)));
    }
    form.append(el("p", {}, el("button", { type: "submit", id: "saved-run" }, "Run " + name),
      el("span", { class: "hint" }, " The editor shows this query with its parameters bound; edit it to run your own.")));
    form.addEventListener("input", (ev) => {
      if (ev.target.name in saved.params) {
        saved.params[ev.target.name] = ev.target.value;
        clearTimeout(form.timer);
        form.timer = setTimeout(() => loadSavedText(), 300);
      }
    });
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      await loadSavedText(true);
      run();
    });
    document.getElementById("saved-panel").replaceChildren(
      el("h2", {}, q.title || q.name, " ", el("code", {}, name)), el("p", { class: "description" }, q.description), form);
    return loadSavedText();
  }

  // Show the saved query, parameters bound, in the editor (unless the editor was edited since,
  // and `force` is not set).
  async function loadSavedText(force) {
    if (!saved) return false;
    const before = saved.text;
    const current = yasqe.getValue();
    try {
      // the #+ header (title, description, parameters) is shown above the editor already
      const text = withoutHeader(await Dkg.savedText(saved.name, saved.params));
      if (force || before === null || current === before) {
        saved.text = text;
        yasqe.setValue(text);
      }
      showDownloads();
      return true;
    } catch (e) {
      setStatus(String(e.message || e), true);
      return false;
    }
  }

  function withoutHeader(text) {
    const lines = text.split("\n");
    let i = 0;
    while (i < lines.length && /^#\+/.test(lines[i])) i++;
    return lines.slice(i).join("\n").replace(/^\n+/, "");
  }

  // -- start ------------------------------------------------------------------------------

  function rewriteIriLinks(root) {
    // IRIs in the result table open their page on this server, not the (unserved) IRI itself
    for (const a of root.querySelectorAll("a.iri:not([data-iri])")) {
      if (a.closest("sup")) continue;  // a literal's datatype
      const iri = a.getAttribute("href");
      if (!/^https?:/.test(iri || "")) continue;
      a.dataset.iri = iri;
      a.title = iri;
      a.href = Dkg.resourceHref(iri);
      a.removeAttribute("target");
    }
  }

  async function start() {
    configureEditor();
    yasqe = new Yasqe(document.getElementById("editor"), {
      requestConfig: { endpoint: "/sparql", method: "POST" },
      showQueryButton: false,
      createShareableLink: null,
      consumeShareLink: null,
      persistenceId: "diplokg-editor",
      editorHeight: "300px",
      extraKeys: { ...Yasqe.defaults.extraKeys, "Ctrl-Enter": () => run(), "Cmd-Enter": () => run() },
    });
    yasr = new Yasr(document.getElementById("results"), {
      persistenceId: null,
      prefixes: () => ({ ...Dkg.PREFIXES, ...yasqe.getPrefixesFromQuery() }),
      pluginOrder: ["table", "response"],
      defaultPlugin: "table",
    });
    new MutationObserver(() => rewriteIriLinks(yasr.rootEl)).observe(yasr.rootEl, { childList: true, subtree: true });
    yasqe.on("change", () => {
      document.getElementById("editor-mode").textContent = isSavedText()
        ? "the saved query " + saved.name + ", parameters bound" : "your query";
      showDownloads();
    });
    document.getElementById("run").addEventListener("click", () => run());
    document.getElementById("history-clear").addEventListener("click", () => {
      localStorage.removeItem(HISTORY_KEY);
      drawHistory();
    });
    drawHistory();
    Dkg.agentLabels().then((labels) => {
      document.getElementById("agent-labels").replaceChildren(...labels.map((l) => el("option", { value: l })));
    }, () => {});

    try {
      const resp = await fetch("/queries.json", { headers: { Accept: "application/json" } });
      for (const q of await resp.json()) queries[q.name] = q;
      drawSavedList();
    } catch (e) {
      setStatus("Could not load the saved queries: " + e, true);
    }

    const params = new URLSearchParams(location.search);
    if (params.get("saved")) {
      const rest = Object.fromEntries([...params].filter(([k]) => k !== "saved"));
      if (await selectSaved(params.get("saved"), rest)) await run();
    } else if (params.get("query")) {
      yasqe.setValue(params.get("query"));
      await run();
    } else if (location.hash && queries[location.hash.slice(1)]) {
      await selectSaved(location.hash.slice(1), {});
    }
    showDownloads();
    document.body.classList.add("ready");
  }

  start();
})();
