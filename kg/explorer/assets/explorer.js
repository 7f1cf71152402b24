// The geokg explorer (served by `kg serve` at /): a SPARQL box over /query, results as a table
// whose actors and edges show in the graph frame, and the evidence behind them, with reject and
// confirm buttons when the server accepts corrections.  Every text from the store is written as
// text (textContent), never as HTML.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const ACTOR_IRI = /^https:\/\/w3id\.org\/geokg\/id\/(state|org|person|group)\//;
  const state = { allowUpdate: false, queries: [], byLabel: new Map(), labels: new Map(), evidence: null };

  async function call(url, options) {
    const response = await fetch(url, options);
    const text = await response.text();
    if (!response.ok) throw new Error(text.trim() || response.statusText);
    return text;
  }

  const getJSON = async (url, options) => JSON.parse(await call(url, options));
  const postJSON = (url, data) => getJSON(url, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data),
  });

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function status(message, isError) {
    $("status").textContent = message;
    $("status").className = isError ? "error" : "";
  }

  // -- the shipped queries and their parameters ------------------------------------------------

  function pick() {
    const query = state.queries.find((q) => q.name === $("shipped").value);
    $("params").replaceChildren();
    $("about").textContent = query ? query.about : "";
    if (!query) return;
    $("sparql").value = query.sparql;
    for (const param of query.params) {
      const label = el("label", param.name + (param.kind === "actor" ? " (actor) " : " "));
      const input = el("input");
      input.dataset.param = param.name;
      input.value = param.default === null ? "" : param.default;
      label.append(input);
      $("params").append(label);
    }
  }

  function params() {
    const out = {};
    for (const input of $("params").querySelectorAll("input")) out[input.dataset.param] = input.value;
    return out;
  }

  // -- running a query ----------------------------------------------------------------------

  async function run() {
    status("running…");
    try {
      let sparql = $("sparql").value;
      if (/^\s*#\s*@param/m.test(sparql)) sparql = (await postJSON("/explorer/bind", { sparql, params: params() })).sparql;
      const response = await fetch("/query", {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json, text/turtle;q=0.5" },
        body: sparql,
      });
      const text = await response.text();
      if (!response.ok) throw new Error(text.trim() || response.statusText);
      const kind = response.headers.get("Content-Type") || "";
      if (kind.includes("json")) show(JSON.parse(text)); else showText(text);
      downloads(sparql);
    } catch (error) {
      status(error.message, true);
    }
  }

  function downloads(sparql) {
    for (const format of ["csv", "json"]) {
      const link = $(format);
      link.href = "/query?format=" + format + "&query=" + encodeURIComponent(sparql);
      link.hidden = false;
    }
  }

  function showText(text) {
    const tr = el("tr");
    tr.append(el("td", text));
    $("table").replaceChildren(tr);
    status("an RDF graph");
  }

  function show(data) {
    const table = $("table");
    table.replaceChildren();
    if (data.boolean !== undefined) {
      const tr = el("tr");
      tr.append(el("td", String(data.boolean)));
      table.append(tr);
      status("ASK: " + data.boolean);
      return;
    }
    const vars = data.head.vars;
    const head = el("tr");
    head.append(el("th", ""));
    for (const v of vars) head.append(el("th", v));
    table.append(head);
    for (const binding of data.results.bindings) table.append(row(vars, binding));
    status(data.results.bindings.length + " row(s)");
  }

  // An actor cell is an actor's IRI or a label the store gives an actor.
  function actorOf(cell) {
    if (!cell) return null;
    if (cell.type === "uri" && ACTOR_IRI.test(cell.value)) return cell.value;
    if (cell.type === "literal") return state.byLabel.get(cell.value.toLowerCase()) || null;
    return null;
  }

  function row(vars, binding) {
    const tr = el("tr");
    const actors = [];
    const lead = el("td");
    tr.append(lead);
    for (const v of vars) {
      const cell = binding[v];
      const td = el("td");
      const actor = actorOf(cell);
      if (actor) {
        if (!actors.includes(actor)) actors.push(actor);
        const button = el("button", cell.value, "actor");
        button.type = "button";
        button.dataset.actor = actor;
        button.title = "show " + (state.labels.get(actor) || actor) + " in the graph";
        button.addEventListener("click", () => showActor(actor));
        td.append(button);
      } else if (cell) {
        td.textContent = cell.value;
      }
      tr.append(td);
    }
    if (actors.length >= 2) {
      const edge = el("button", "edge", "edge");
      edge.type = "button";
      edge.title = "show this edge and its evidence";
      edge.addEventListener("click", () => showEdge(actors[0], actors[1]));
      lead.append(edge);
    }
    return tr;
  }

  // -- the graph frame (the page of kg viz; it focuses an actor named in #focus=) -----------------

  function focus(actor) {
    const frame = $("graph");
    frame.dataset.focus = actor;
    const view = frame.contentWindow;
    try {
      view.location.hash = "focus=" + encodeURIComponent(actor);
      if (typeof view.geokgFocus === "function") view.geokgFocus(actor);
    } catch (error) {
      frame.src = "/explorer/graph#focus=" + encodeURIComponent(actor);
    }
  }

  function reloadGraph() {
    const frame = $("graph");
    const hash = frame.dataset.focus ? "#focus=" + encodeURIComponent(frame.dataset.focus) : "";
    frame.src = "/explorer/graph?t=" + Date.now() + hash;
  }

  function showActor(actor) {
    focus(actor);
    evidence(actor, "");
  }

  function showEdge(a, b) {
    focus(a);
    evidence(a, b);
  }

  // -- evidence and corrections ---------------------------------------------------------------

  async function evidence(actor, other) {
    state.evidence = [actor, other];
    const name = (iri) => state.labels.get(iri) || iri;
    $("evidence").hidden = false;
    $("review-note").hidden = !state.allowUpdate;
    $("evidence-title").textContent = "Evidence: " + name(actor) + (other ? " \u2013 " + name(other) : "");
    const list = $("claims");
    list.replaceChildren();
    try {
      const query = "actor=" + encodeURIComponent(actor) + "&other=" + encodeURIComponent(other);
      const claims = await getJSON("/explorer/claims?" + query);
      for (const claim of claims) list.append(claimItem(claim));
      if (!claims.length) list.append(el("li", "no claims"));
    } catch (error) {
      status(error.message, true);
    }
  }

  function claimItem(claim) {
    const li = el("li");
    li.dataset.claim = claim.claim;
    if (claim.decision) li.classList.add(claim.decision);
    const head = el("span", (claim.subjectLabel || claim.subject) + " " + claim.relation + " " + (claim.objectLabel || claim.object)
      + " (" + claim.modality + (claim.negated ? ", negated" : "") + ", " + claim.confidence + ", " + claim.article + ")");
    li.append(head);
    if (claim.decision) li.append(el("span", claim.decision + (claim.note ? ": " + claim.note : ""), "decision"));
    li.append(el("span", claim.sentence, "sentence"));
    if (state.allowUpdate) li.append(claimActions(claim));
    return li;
  }

  function claimActions(claim) {
    const box = el("span", null, "claim-actions");
    const choices = claim.decision ? [["undo", "undo " + claim.decision.replace(/ed$/, "ion")]] : [];
    if (claim.decision !== "rejected") choices.push(["rejected", "reject"]);
    if (claim.decision !== "confirmed") choices.push(["confirmed", "confirm"]);
    for (const [decision, text] of choices) {
      const button = el("button", text, "review");
      button.type = "button";
      button.dataset.decision = decision;
      button.addEventListener("click", () => review(claim.claim, decision));
      box.append(button);
    }
    return box;
  }

  async function review(claim, decision) {
    try {
      await postJSON("/explorer/review", { claim, decision, note: $("note").value, by: $("by").value });
      status(decision === "undo" ? "decision undone" : "claim " + decision);
      await evidence(...state.evidence);
      reloadGraph();
    } catch (error) {
      status(error.message, true);
    }
  }

  // -- start ----------------------------------------------------------------------------------

  async function start() {
    try {
      state.allowUpdate = (await getJSON("/explorer/config")).allow_update;
      $("mode").textContent = state.allowUpdate ? "corrections accepted (--allow-update)" : "read-only";
      state.queries = await getJSON("/explorer/queries");
      for (const query of state.queries) {
        const option = el("option", query.name);
        option.value = query.name;
        $("shipped").append(option);
      }
      for (const actor of await getJSON("/explorer/actors")) {
        state.labels.set(actor.iri, actor.label);
        if (!state.byLabel.has(actor.label.toLowerCase())) state.byLabel.set(actor.label.toLowerCase(), actor.iri);
      }
    } catch (error) {
      status(error.message, true);
    }
    $("shipped").addEventListener("change", pick);
    $("sparql-form").addEventListener("submit", (event) => { event.preventDefault(); run(); });
    window.__explorerReady = true;
  }

  start();
})();
