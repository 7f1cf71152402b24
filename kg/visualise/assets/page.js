/* geokg page behaviour: draw the network, filter edges, show details as plain text.
 *
 * Article text is untrusted, so nothing here ever assigns HTML: every string from the
 * data goes into the page through textContent, and the network gets no "title" (vis
 * would build a tooltip from it).  Ready for tests: window.__kgReady turns true after
 * the first drawing that follows the layout settling.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var active = new Set(data.relations.map(function (r) { return r.name; }));
  var minWeight = 0;

  function visible(edge) {
    if (Math.abs(edge.kg.weight) < minWeight && !edge.kg.structural) return false;
    return edge.kg.relations.some(function (r) { return active.has(r); });
  }
  var edgeView = new vis.DataView(edges, { filter: visible });
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edgeView }, data.options);
  window.kgNetwork = network;
  window.kgNodes = nodes;
  window.kgEdges = edges;

  // -- readiness -------------------------------------------------------------------
  var settled = !data.options.physics.enabled || data.nodes.length === 0;
  network.once("stabilizationIterationsDone", function () {
    settled = true;
    network.fit({ maxZoomLevel: 1.3, animation: false });  // small graphs: zoom in, not only out
  });
  network.on("afterDrawing", function () {
    if (settled && !window.__kgReady) {
      window.__kgReady = true;
      document.body.setAttribute("data-ready", "1");
    }
  });
  if (settled) network.redraw();

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
    var n = nodes.get(id);
    return n ? n.label : String(id);
  }

  var details = document.getElementById("kg-details");
  var pinned = false;

  function showNode(id) {
    var node = nodes.get(id);
    if (!node) return;
    var box = document.createDocumentFragment();
    box.appendChild(el("h2", node.label));
    box.appendChild(facts([["type", node.kg.type], ["ISO 3166", node.kg.iso3],
      ["Wikidata", node.kg.wikidata], ["id", node.id], ["links", node.kg.degree]]));
    var linked = edges.get(network.getConnectedEdges(id)).sort(function (a, b) {
      return Math.abs(b.kg.weight) - Math.abs(a.kg.weight);
    });
    if (linked.length) {
      box.appendChild(el("h2", "Relations"));
      var list = el("ul");
      linked.slice(0, 25).forEach(function (e) {
        var li = el("li");
        li.appendChild(signed(e.kg.weight));
        li.appendChild(document.createTextNode(" " + label(e.from === id ? e.to : e.from) + " "));
        li.appendChild(el("span", e.kg.relations.join(", "), "kg-meta"));
        list.appendChild(li);
      });
      box.appendChild(list);
      if (linked.length > 25) box.appendChild(el("p", (linked.length - 25) + " more", "kg-meta"));
    }
    details.replaceChildren(box);
  }

  function showEdge(id) {
    var edge = edges.get(id);
    if (!edge) return;
    var k = edge.kg;
    var box = document.createDocumentFragment();
    box.appendChild(el("h2", label(edge.from) + " \u2013 " + label(edge.to)));
    var seen = k.first_seen && k.last_seen && k.first_seen !== k.last_seen
      ? k.first_seen + " to " + k.last_seen : k.first_seen;
    box.appendChild(facts([["weight", signed(k.weight)], ["relations", k.relations.join(", ")],
      ["claims", k.claims], ["articles", k.articles], ["seen", seen],
      ["hedged", k.hedged ? "yes: no claim is asserted or reported" : null]]));
    if (k.evidence.length) {
      box.appendChild(el("h2", "Evidence"));
      var list = el("ol");
      k.evidence.forEach(function (ev) {
        var li = el("li");
        li.appendChild(el("blockquote", ev.sentence));
        var meta = [ev.subject + " " + ev.predicate + " " + ev.object, ev.modality];
        if (ev.negated) meta.push("negated");
        if (ev.actor) meta.push("by " + ev.actor);
        if (ev.attributed_to) meta.push("according to " + ev.attributed_to);
        meta.push("article " + ev.doc + (ev.date ? ", " + ev.date : ""));
        meta.push("confidence " + Number(ev.confidence).toFixed(2));
        li.appendChild(el("div", meta.join(" \u00b7 "), "kg-meta"));
        list.appendChild(li);
      });
      box.appendChild(list);
      if (k.more > 0) box.appendChild(el("p", k.more + " more claims not shown", "kg-meta"));
    }
    details.replaceChildren(box);
  }

  function show(kind, id) { if (kind === "node") showNode(id); else showEdge(id); }
  window.kgShow = show;

  network.on("hoverNode", function (p) { if (!pinned) showNode(p.node); });
  network.on("hoverEdge", function (p) { if (!pinned) showEdge(p.edge); });
  network.on("click", function (p) {
    pinned = p.nodes.length > 0 || p.edges.length > 0;
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
  });

  // -- filters ---------------------------------------------------------------------
  var filter = document.getElementById("kg-filter");
  var boxes = Array.prototype.slice.call(filter.querySelectorAll("input[type=checkbox]"));
  function refresh() {
    active = new Set(boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }));
    edgeView.refresh();
  }
  boxes.forEach(function (b) { b.addEventListener("change", refresh); });
  filter.querySelector("[data-set=all]").addEventListener("click", function () {
    boxes.forEach(function (b) { b.checked = true; }); refresh();
  });
  filter.querySelector("[data-set=none]").addEventListener("click", function () {
    boxes.forEach(function (b) { b.checked = false; }); refresh();
  });
  var range = document.getElementById("kg-min-weight");
  var rangeOut = document.getElementById("kg-min-weight-value");
  range.addEventListener("input", function () {
    minWeight = Number(range.value);
    rangeOut.textContent = minWeight.toFixed(2);
    edgeView.refresh();
  });
})();
