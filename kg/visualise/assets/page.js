/* geokg page behaviour: choose what to draw, draw it, and show details as plain text.
 *
 * Article text is untrusted, so nothing here ever assigns HTML: every string from the
 * data goes into the page through textContent (links get an http(s) href and nothing
 * else), and the network gets no "title" (vis would build a tooltip from it).
 *
 * What is drawn: an edge is a candidate when its ends' types are ticked (or the end is
 * the focused actor), structural links are on or it is not structural (or it touches the
 * focused actor), and at least one
 * of its claims passes the claim filters (relation, modality, min confidence, dates:
 * the event's where known, else the article's).  Filtering re-weighs an edge from the
 * claims that pass, as kg.analyse.signed.edge_attributes does (per article, subject,
 * relation and object the strongest score once; weight = tanh of the sum), and the edge
 * must reach min |weight| unless it is structural.  Actors are ranked by the summed
 * |weight| of their candidate edges (then label, then id); "actors drawn" keeps that many
 * (all when 0), the focused actor always; edges are drawn between kept actors.
 *
 * Hooks, for tests and for pages that embed this one (the kg serve explorer):
 *   window.geokgFocus(idOrLabel)  draw (if hidden), select, centre and describe an actor,
 *                                 found by IRI, label (any case), or the start of a label;
 *                                 returns its id, or null when nothing matches.
 *   location.hash                 "#focus=<IRI or label>" does the same on load and on
 *                                 change; "&top=all" (or a number) sets "actors drawn".
 *   window.__kgReady              true after the first drawing that follows layout; each
 *                                 later layout sets window.__kgBusy back to false.
 *   window.kgNetwork, kgNodes, kgEdges, kgShow(kind, id)   the network and its data.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var incident = {}, edgeById = {};
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    (incident[e.from] = incident[e.from] || []).push(e);
    (incident[e.to] = incident[e.to] || []).push(e);
  });
  // Physics lays out what is drawn when the graph is small enough (live), and, for a large
  // graph laid out in Python, whenever the view draws few enough actors (data.layout_limit).
  var live = data.options.physics.enabled, moving = live;
  function physical() {
    return drawnNodes.size > 0 && (live || drawnNodes.size <= data.layout_limit);
  }
  var state = {
    types: new Set(), relations: [], modalities: [], minConfidence: 0, since: "", until: "",
    minWeight: 0, top: data.view.top, structural: data.view.structural, focus: null
  };
  var drawnNodes = new Set(), drawnEdges = new Set(), weights = {}, ranked = 0;

  // -- which claims, edges and actors pass ------------------------------------------
  function filtering() {
    return state.relations.indexOf(false) >= 0 || state.modalities.indexOf(false) >= 0 ||
      state.minConfidence > 0 || state.since !== "" || state.until !== "";
  }
  function claimPasses(r) {
    if (state.relations[r[5]] === false || state.modalities[r[2]] === false) return false;
    if (r[1] < state.minConfidence) return false;
    if (state.since === "" && state.until === "") return true;
    if (!r[3]) return false;
    var day = r[3].slice(0, 10);
    return (state.since === "" || day >= state.since) && (state.until === "" || day <= state.until);
  }
  function reweigh(rows) {
    var strongest = {};
    rows.forEach(function (r) {
      var key = r[4] + "|" + r[5] + "|" + r[6];
      if (!(key in strongest) || Math.abs(r[0]) > Math.abs(strongest[key])) strongest[key] = r[0];
    });
    var sum = 0;
    Object.keys(strongest).forEach(function (key) { sum += strongest[key]; });
    return Math.tanh(sum);
  }
  function typeOn(id) {
    return id === state.focus || state.types.has((byId[id].kg.type) || "Actor");
  }
  function edgeWeight(e, claimFilter) {
    var k = e.kg;
    var touchesFocus = e.from === state.focus || e.to === state.focus;
    if (k.structural && !state.structural && !touchesFocus) return null;
    if (!typeOn(e.from) || !typeOn(e.to)) return null;
    var w = k.weight;
    if (claimFilter && k.rows.length) {
      var rows = k.rows.filter(claimPasses);
      if (!rows.length) return null;
      w = reweigh(rows);
    } else if (claimFilter && !relationShown(k)) {
      return null;
    }
    if (!k.structural && Math.abs(w) < state.minWeight) return null;
    return w;
  }
  function relationShown(k) {
    return k.relations.some(function (name) {
      var i = data.relations.findIndex(function (r) { return r.name === name; });
      return state.relations[i] !== false;
    });
  }
  function rank(strength) {
    var ids = Object.keys(strength);
    data.nodes.forEach(function (n) {
      if (n.kg.degree === 0 && typeOn(n.id)) ids.push(n.id);  // an actor without links stays eligible
    });
    if (state.focus && !(state.focus in strength)) ids.push(state.focus);
    ranked = ids.length;
    if (!(state.top > 0) || ids.length <= state.top) return new Set(ids);
    ids.sort(function (a, b) {
      var d = (strength[b] || 0) - (strength[a] || 0);
      if (d) return d;
      var la = byId[a].label, lb = byId[b].label;
      return la < lb ? -1 : la > lb ? 1 : (a < b ? -1 : a > b ? 1 : 0);
    });
    var keep = new Set(ids.slice(0, state.top));
    if (state.focus) keep.add(state.focus);
    return keep;
  }
  function compute() {
    var claimFilter = filtering(), strength = {}, candidates = [];
    weights = {};
    data.edges.forEach(function (e) {
      var w = edgeWeight(e, claimFilter);
      if (w === null) return;
      weights[e.id] = w;
      candidates.push(e);
      strength[e.from] = (strength[e.from] || 0) + Math.abs(w);
      strength[e.to] = (strength[e.to] || 0) + Math.abs(w);
    });
    drawnNodes = rank(strength);
    drawnEdges = new Set();
    candidates.forEach(function (e) {
      if (drawnNodes.has(e.from) && drawnNodes.has(e.to)) drawnEdges.add(e.id);
    });
  }

  // -- the network ------------------------------------------------------------------
  readControls();
  readHash(true);
  compute();
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return drawnNodes.has(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return drawnEdges.has(e.id); } });
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  window.kgNetwork = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.__kgBusy = true;

  // -- layout, fitting and readable labels --------------------------------------------
  // Above LABELLED drawn actors labels keep their size: too many to read, and slow to re-measure.
  var BASE_FONT = 14, fontSize = BASE_FONT, LABELLED = 3000;
  function readableLabels() {
    if (drawnNodes.size > LABELLED) return false;
    var size = Math.round(BASE_FONT / Math.min(network.getScale(), 1));
    if (size === fontSize) return false;
    fontSize = size;
    network.setOptions({ nodes: { font: { size: size } } });
    return true;
  }
  function fitAll() {
    if (!drawnNodes.size) return;
    network.fit({ maxZoomLevel: 1.3, animation: false });
    for (var i = 0; i < 2 && readableLabels(); i++) {  // labels grow as the zoom shrinks:
      network.redraw();                                 // measure them, fit again around them
      network.fit({ maxZoomLevel: 1.3, animation: false });
    }
  }
  function settle() {
    if (moving) network.setOptions({ physics: { enabled: false } });  // no drift after the fit
    moving = false;
    fitAll();
    if (state.focus) focusNow(state.focus);
    window.__kgBusy = false;
    if (!drawnNodes.size) network.redraw();  // else the fit above has asked for a drawing
  }
  function relayout() {
    window.__kgBusy = true;
    if (physical()) {
      moving = true;
      network.setOptions({ physics: { enabled: true } });
      network.stabilize(150);
    } else {
      settle();
    }
  }
  network.on("stabilizationIterationsDone", function () { setTimeout(settle, 0); });
  network.on("afterDrawing", function () {
    if (!window.__kgBusy && !window.__kgReady) {
      window.__kgReady = true;
      document.body.setAttribute("data-ready", "1");
    }
  });
  var zoomTimer = null;
  network.on("zoom", function () {
    clearTimeout(zoomTimer);
    zoomTimer = setTimeout(readableLabels, 120);
  });
  if (!live || !drawnNodes.size) relayout();  // else vis-network stabilises on its own

  // Edges re-weighed by the claim filters are drawn by their new weight (as pagedata.edge_style).
  var styled = {};
  function style(w) {
    var c = w > 0 ? data.colours.positive : w < 0 ? data.colours.negative : data.colours.neutral;
    return { width: Math.round(100 + 500 * Math.abs(w)) / 100,
      color: { color: c, highlight: c, hover: c, opacity: Math.round(45 + 55 * Math.abs(w)) / 100 } };
  }
  function restyle() {
    var changes = [];
    drawnEdges.forEach(function (id) {
      var w = weights[id], was = id in styled ? styled[id] : edgeById[id].kg.weight;
      if (Math.abs(w - was) < 1e-4) return;
      styled[id] = w;
      var item = style(w);
      item.id = id;
      changes.push(item);
    });
    if (changes.length) edges.update(changes);
  }

  function refresh() {
    compute();
    restyle();
    nodeView.refresh();
    edgeView.refresh();
    describeView();
    relayout();
  }

  // -- building text-only DOM ------------------------------------------------------
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function signed(w) {
    var cls = w > 0 ? "kg-pos" : w < 0 ? "kg-neg" : "kg-zero";
    return el("span", (w > 0 ? "+" : "") + w.toFixed(2), cls);
  }
  function facts(rows) {
    var dl = el("dl");
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === "") return;
      dl.appendChild(el("dt", row[0]));
      var dd = el("dd");
      if (row[1] instanceof Node) dd.appendChild(row[1]); else dd.textContent = String(row[1]);
      dl.appendChild(dd);
    });
    return dl;
  }
  function label(id) {
    return byId[id] ? byId[id].label : String(id);
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // -- what the view shows, in words ------------------------------------------------
  function describeView() {
    var parts = [];
    if (state.top > 0 && ranked > state.top) {
      parts.push("the " + state.top + " strongest of " + ranked + " actors (summed |weight| of their links)");
    } else {
      parts.push("every actor that passes the filters");
    }
    var hidden = data.types.filter(function (t) { return !state.types.has(t.name); })
      .map(function (t) { return t.name; });
    if (hidden.length) parts.push("hidden types: " + hidden.join(", "));
    if (!state.structural) parts.push("structural links off");
    if (filtering()) parts.push("claims filtered");
    document.getElementById("kg-view-note").textContent = "Showing " + parts.join("; ") +
      ". Change this under View and Claims counted on the right.";
    document.getElementById("kg-stats").textContent = drawnNodes.size + " of " + data.nodes.length +
      " actors \u00b7 " + drawnEdges.size + " of " + data.edges.length + " links drawn";
  }

  // -- details: an actor ------------------------------------------------------------
  var details = document.getElementById("kg-details");
  var pinned = false;

  function showNode(id) {
    var node = byId[id];
    if (!node) return;
    var box = document.createDocumentFragment();
    box.appendChild(el("h2", node.label));
    box.appendChild(facts([["type", node.kg.type], ["ISO 3166", node.kg.iso3],
      ["Wikidata", node.kg.wikidata], ["id", node.id], ["links", node.kg.degree]]));
    var linked = (incident[id] || []).filter(function (e) { return e.id in weights; })
      .sort(function (a, b) { return Math.abs(weights[b.id]) - Math.abs(weights[a.id]); });
    if (linked.length) {
      box.appendChild(el("h2", "Relations"));
      var list = el("ul");
      linked.slice(0, 25).forEach(function (e) {
        var li = el("li");
        li.appendChild(signed(weights[e.id]));
        li.appendChild(document.createTextNode(" " + label(e.from === id ? e.to : e.from) + " "));
        li.appendChild(el("span", e.kg.relations.join(", "), "kg-meta"));
        list.appendChild(li);
      });
      box.appendChild(list);
      if (linked.length > 25) box.appendChild(el("p", (linked.length - 25) + " more", "kg-meta"));
    }
    details.replaceChildren(box);
  }

  // -- details: a link, its evidence per direction ------------------------------------
  function groupClaims(edge) {
    var k = edge.kg, claimFilter = filtering(), directions = {};
    k.rows.forEach(function (r, i) {
      if (claimFilter && !claimPasses(r)) return;
      var d = directions[r[6]] = directions[r[6]] || { forward: r[6], rows: [], groups: {} };
      d.rows.push(r);
      var g = d.groups[r[5]] = d.groups[r[5]] || { relation: data.relations[r[5]].name, rows: [], shown: [] };
      g.rows.push(r);
      if (i < k.evidence.length) g.shown.push(k.evidence[i]);
    });
    return Object.keys(directions).map(function (key) {
      var d = directions[key];
      d.weight = reweigh(d.rows);
      d.groups = Object.keys(d.groups).map(function (g) { return summarise(d.groups[g]); })
        .sort(function (a, b) { return Math.abs(b.weight) - Math.abs(a.weight) || b.articles - a.articles; });
      return d;
    }).sort(function (a, b) { return Math.abs(b.weight) - Math.abs(a.weight); });
  }
  function summarise(group) {
    group.weight = reweigh(group.rows);
    group.articles = new Set(group.rows.map(function (r) { return r[4]; })).size;
    return group;
  }
  function articleLine(ev) {
    var art = data.articles.find(function (a) { return a.id === ev.doc; }) || { id: ev.doc };
    var line = el("div", null, "kg-meta kg-article");
    var name = art.title || ("article " + art.id);
    if (art.url && /^https?:\/\//i.test(art.url)) {
      var a = el("a", name);
      a.href = art.url;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      line.appendChild(a);
    } else {
      line.appendChild(el("span", name));
    }
    var date = art.date || ev.date;
    if (date) line.appendChild(document.createTextNode(" \u00b7 " + date));
    return line;
  }
  function claimItem(ev) {
    var li = el("li");
    li.appendChild(el("blockquote", ev.sentence));
    var meta = ev.modality ? [ev.modality] : [];
    if (ev.negated) meta.push("negated");
    if (ev.actor) meta.push("by " + ev.actor);
    if (ev.attributed_to) meta.push("according to " + ev.attributed_to);
    if (ev.event_date) meta.push("event " + ev.event_date + (ev.event_precision ? " (" + ev.event_precision + ")" : ""));
    if (ev.confidence !== undefined) meta.push("confidence " + Number(ev.confidence).toFixed(2));
    li.appendChild(el("div", meta.join(" \u00b7 "), "kg-meta"));
    li.appendChild(articleLine(ev));
    return li;
  }
  function directionBlock(edge, d) {
    var box = el("section", null, "kg-direction");
    var a = d.forward ? edge.from : edge.to, b = d.forward ? edge.to : edge.from;
    var head = el("h3", label(a) + " \u2192 " + label(b) + " ");
    head.appendChild(signed(d.weight));
    box.appendChild(head);
    d.groups.forEach(function (g) {
      var title = el("h4", g.relation + " \u00b7 " + plural(g.rows.length, "claim") + " \u00b7 " +
        plural(g.articles, "article") + " ");
      title.appendChild(signed(g.weight));
      box.appendChild(title);
      var list = el("ol");
      g.shown.forEach(function (ev) { list.appendChild(claimItem(ev)); });
      box.appendChild(list);
      var more = g.rows.length - g.shown.length;
      if (more > 0) box.appendChild(el("p", more + " weaker claims not embedded in this page", "kg-meta"));
    });
    return box;
  }
  function showEdge(id) {
    var edge = edges.get(id);
    if (!edge) return;
    var k = edge.kg;
    var box = document.createDocumentFragment();
    box.appendChild(el("h2", label(edge.from) + " \u2013 " + label(edge.to)));
    var seen = k.first_seen && k.last_seen && k.first_seen !== k.last_seen
      ? k.first_seen + " to " + k.last_seen : k.first_seen;
    var w = id in weights ? weights[id] : k.weight;
    box.appendChild(facts([["weight", signed(w)], ["relations", k.relations.join(", ")],
      ["claims", k.claims], ["articles", k.articles], ["seen", seen],
      ["hedged", k.hedged ? "yes: no claim is asserted or reported" : null]]));
    if (k.rows.length) {
      box.appendChild(el("h2", "Evidence, strongest first"));
      groupClaims(edge).forEach(function (d) { box.appendChild(directionBlock(edge, d)); });
    } else if (k.evidence.length) {
      var list = el("ol");
      k.evidence.forEach(function (ev) { list.appendChild(claimItem(ev)); });
      box.appendChild(list);
    }
    details.replaceChildren(box);
  }

  function show(kind, id) {
    if (kind === "node") showNode(id); else showEdge(id);
    details.scrollIntoView({ block: "start" });
  }
  window.kgShow = show;

  network.on("hoverNode", function (p) { if (!pinned) showNode(p.node); });
  network.on("hoverEdge", function (p) { if (!pinned) showEdge(p.edge); });
  network.on("click", function (p) {
    pinned = p.nodes.length > 0 || p.edges.length > 0;
    if (p.nodes.length) show("node", p.nodes[0]);
    else if (p.edges.length) show("edge", p.edges[0]);
  });

  // -- finding and focusing an actor ----------------------------------------------------
  function resolve(query) {
    var q = String(query || "").trim();
    if (!q) return null;
    if (byId[q]) return q;
    var lower = q.toLowerCase(), best = null;
    [function (l) { return l === lower; }, function (l) { return l.indexOf(lower) === 0; },
     function (l) { return l.indexOf(lower) >= 0; }].some(function (test) {
      data.nodes.forEach(function (n) {
        if (test(n.label.toLowerCase()) && (!best || n.kg.degree > best.kg.degree)) best = n;
      });
      return best !== null;
    });
    return best ? best.id : null;
  }
  function focusNow(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false });
    readableLabels();
    show("node", id);
    pinned = true;
  }
  var searchMsg = document.getElementById("kg-search-msg");
  window.geokgFocus = function (query) {
    var id = resolve(query);
    searchMsg.textContent = id ? "" : "no actor matches \u201c" + String(query) + "\u201d";
    if (!id) return null;
    state.focus = id;
    if (drawnNodes.has(id)) {
      focusNow(id);
    } else {
      refresh();
    }
    return id;
  };
  var search = document.getElementById("kg-search");
  document.getElementById("kg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    window.geokgFocus(search.value);
  });
  search.addEventListener("focus", function fill() {
    search.removeEventListener("focus", fill);
    var list = document.getElementById("kg-actor-list");
    data.nodes.forEach(function (n) { var o = el("option"); o.value = n.label; list.appendChild(o); });
  });
  function readHash(initial) {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var top = params.get("top");
    if (top) {
      state.top = top === "all" ? 0 : Math.max(parseInt(top, 10) || 0, 0);
      var select = document.getElementById("kg-top");
      if (![].some.call(select.options, function (o) { return Number(o.value) === state.top; })) {
        select.appendChild(el("option", String(state.top))).value = String(state.top);
      }
      select.value = String(state.top);
    }
    var focus = params.get("focus");
    if (!focus) return;
    if (initial) {
      state.focus = resolve(focus);
      if (!state.focus) document.getElementById("kg-search-msg").textContent = "no actor matches \u201c" + focus + "\u201d";
    } else {
      window.geokgFocus(focus);
    }
  }
  window.addEventListener("hashchange", function () {
    var before = state.top;
    readHash(false);
    if (state.top !== before) refresh();
  });

  // -- controls -----------------------------------------------------------------------
  function ticked(selector) {
    return [].map.call(document.querySelectorAll(selector), function (b) { return b; });
  }
  function readControls() {
    state.types = new Set(ticked("#kg-types input:checked").map(function (b) { return b.value; }));
    var relations = ticked("#kg-filter input[type=checkbox]");
    state.relations = data.relations.map(function (r) {
      var box = relations.find(function (b) { return b.value === r.name; });
      return box ? box.checked : true;
    });
    var modalities = ticked("#kg-modalities input");
    state.modalities = data.modalities.map(function (m) {
      var box = modalities.find(function (b) { return b.value === m.name; });
      return box ? box.checked : true;
    });
    state.minConfidence = Number(document.getElementById("kg-min-confidence").value);
    state.minWeight = Number(document.getElementById("kg-min-weight").value);
    state.since = document.getElementById("kg-since").value;
    state.until = document.getElementById("kg-until").value;
    state.top = Number(document.getElementById("kg-top").value);
    state.structural = document.getElementById("kg-structural").checked;
    document.getElementById("kg-min-confidence-value").textContent = state.minConfidence.toFixed(2);
    document.getElementById("kg-min-weight-value").textContent = state.minWeight.toFixed(2);
  }
  var timer = null;
  function changed(ev) {
    readControls();
    clearTimeout(timer);
    window.__kgBusy = true;
    if (ev && ev.type === "input" && ev.target.type === "range") timer = setTimeout(refresh, 150);
    else refresh();
  }
  var side = document.getElementById("kg-side");
  side.addEventListener("change", function (ev) { if (ev.target.matches("input, select")) changed(ev); });
  side.addEventListener("input", function (ev) { if (ev.target.type === "range") changed(ev); });
  var filter = document.getElementById("kg-filter");
  function setAll(on) {
    ticked("#kg-filter input[type=checkbox]").forEach(function (b) { b.checked = on; });
    changed();
  }
  filter.querySelector("[data-set=all]").addEventListener("click", function () { setAll(true); });
  filter.querySelector("[data-set=none]").addEventListener("click", function () { setAll(false); });
  var dates = data.edges.reduce(function (acc, e) {
    e.kg.rows.forEach(function (r) { if (r[3]) acc.push(r[3].slice(0, 10)); });
    return acc;
  }, []).sort();
  if (dates.length) {
    ["kg-since", "kg-until"].forEach(function (id) {
      var input = document.getElementById(id);
      input.min = dates[0].length === 10 ? dates[0] : dates[0].slice(0, 4) + "-01-01";
      input.max = dates[dates.length - 1].length === 10 ? dates[dates.length - 1] : dates[dates.length - 1].slice(0, 4) + "-12-31";
    });
  }
  describeView();
})();
