/* The case network: Cytoscape.js on the JSON of /api/cases/{id}/network.
   Colour = community, size = centrality, badge = role; click a node for its panel,
   expand its neighbours, filter by relation and period, find a shortest path. */
(function () {
  "use strict";
  const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"];
  const BADGE = { kingpin: "♛ ", lieutenant: "◆ ", broker: "⇄ ", financial_facilitator: "€ ",
    digital_facilitator: "⌁ ", logistics_facilitator: "⛟ ", money_mule: "↯ ", straw_man: "▢ " };
  const root = document.getElementById("network");
  if (!root) return;
  const caseId = root.dataset.case;
  const csrf = document.body.getAttribute("hx-headers") ? JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRF-Token"] : "";
  const status = document.getElementById("net-status");
  const panel = document.getElementById("net-panel");
  let cy = null;

  function colour(c) { return c === null || c === undefined || c < 0 ? "#9aa5b1" : PALETTE[c % PALETTE.length]; }
  function label(n) { return (BADGE[n.role] || "") + n.label; }
  // Size by centrality in eight steps: Cytoscape shares style and texture caches between
  // nodes of equal size, so a few sizes draw several times faster than a different size each.
  function nodeSize(share) { return 14 + 46 * Math.round(7 * Math.sqrt(share)) / 7; }

  // Large networks: name only the role holders and the most central nodes (text is the
  // costliest thing to draw); every node shows its name in the side panel when clicked.
  // Their edges go on the edge layer (edgelayer.js): Cytoscape's per-element model costs
  // seconds for tens of thousands of edges, a single canvas path a few milliseconds.
  const NAMED = 150, LARGE = 1000;
  let layer = null;

  /* Cytoscape elements of a network part. With `layer`, edges are merged to one line per
     pair of entities and returned as `pairs` for the edge layer instead of as elements. */
  function toElements(data, { layer = false } = {}) {
    let maxC = 1e-9;
    for (const n of data.nodes) maxC = Math.max(maxC, n.centrality || 0);
    const large = data.nodes.length > LARGE;
    const elements = data.nodes.map((n, i) => ({ group: "nodes", data: {
      id: n.id, label: (!large || i < NAMED || n.role) ? label(n) : "", name: n.label, schema: n.schema, role: n.role || "",
      community: n.community, centrality: n.centrality || 0, colour: colour(n.community),
      size: nodeSize((n.centrality || 0) / maxC), pseudo: n.pseudonymised ? 1 : 0 },
      position: n.x !== undefined ? { x: n.x, y: n.y } : undefined }));
    const pairs = [];
    if (layer) {
      const seen = new Set();
      for (const e of data.edges) {
        const key = e.source < e.target ? e.source + "\u0000" + e.target : e.target + "\u0000" + e.source;
        if (seen.has(key)) continue;
        seen.add(key);
        pairs.push([e.source, e.target]);
      }
    } else {
      for (const e of data.edges) elements.push({ group: "edges", data: {
        id: e.id, source: e.source, target: e.target, relation: e.relation, weight: e.weight || 1 } });
    }
    return layer ? { elements, pairs } : elements;
  }

  function query() {
    const form = document.getElementById("net-filter");
    const params = new URLSearchParams();
    if (form) {
      const all = form.querySelectorAll("input[name=relation]");
      const on = form.querySelectorAll("input[name=relation]:checked");
      if (on.length < all.length) for (const el of on) params.append("relation", el.value);
      for (const name of ["start", "end", "limit"]) {
        const el = form.querySelector(`[name=${name}]`);
        if (el && el.value) params.set(name, el.value);
      }
    }
    return params;
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
    return body;
  }

  function draw(data) {
    const t0 = performance.now();
    const preset = data.nodes.length && data.nodes[0].x !== undefined;
    if (layer) { layer.destroy(); layer = null; }
    if (cy) cy.destroy();
    const large = data.nodes.length > LARGE;
    const built = toElements(data, { layer: large && preset });
    const elements = Array.isArray(built) ? built : built.elements;
    cy = cytoscape({
      container: document.getElementById("cy"),
      pixelRatio: large ? 1 : "auto",
      elements,
      layout: preset ? { name: "preset", fit: true } : { name: "cose", animate: false, numIter: 400 },
      minZoom: 0.02, maxZoom: 4,
      textureOnViewport: large, hideEdgesOnViewport: large,
      style: [
        { selector: "node", style: { "background-color": "data(colour)", width: "data(size)", height: "data(size)",
          label: "data(label)", "font-size": 10, "min-zoomed-font-size": 8, color: "#1d2733",
          "text-valign": "bottom", "text-margin-y": 3 } },
        { selector: "node[pseudo = 1]", style: { "border-width": 2, "border-color": "#6b4e00", "border-style": "dashed" } },
        { selector: "node[role != '']", style: { "border-width": 3, "border-color": "#1d2733" } },
        { selector: "edge", style: { width: large ? 0.6 : "mapData(weight, 1, 20, 0.6, 4)",
          "line-color": "#c3ccd6", "curve-style": "haystack", opacity: 0.8 } },
        { selector: ".path", style: { "line-color": "#d62728", "background-color": "#d62728", width: 4, "z-index": 10 } },
        { selector: ":selected", style: { "border-width": 4, "border-color": "#d62728" } },
      ],
    });
    if (!Array.isArray(built)) layer = window.offensiefEdgeLayer(cy, built.pairs);
    cy.on("tap", "node", ev => showNode(ev.target));
    // ready when the first frame is painted, not when the constructor returns
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const ms = Math.round(performance.now() - t0);
      root.dataset.nodes = String(cy.nodes().length);
      root.dataset.edges = String(cy.edges().length + (layer ? layer.count : 0));
      root.dataset.renderMs = String(ms);
      root.dataset.ready = "1";
      if (status) status.textContent = `${data.nodes.length} nodes, ${data.edges.length} edges` +
        (data.truncated ? ` (top ${data.nodes.length} of ${data.total_nodes} by centrality)` : "") + ` · drawn in ${ms} ms`;
    }));
    const inputs = document.getElementById("net-inputs");
    if (inputs && data.inputs) inputs.textContent = data.inputs.disclosed
      ? `This network rests on ${data.inputs.datasets.join(", ")}: all in clear for you.`
      : `This network ${data.inputs.reason}.`;
  }

  const SUBJECT_TOKEN = /^tok_[0-9a-f]{16}$/;

  function showNode(node) {
    if (!panel) return;
    const d = node.data();
    const link = `/cases/${caseId}/entities/${encodeURIComponent(d.id)}`;
    panel.innerHTML = "";
    const h = document.createElement("h2"); h.textContent = d.name; panel.appendChild(h);
    const p = document.createElement("p"); p.className = "small muted";
    p.textContent = `${d.schema} · community ${d.community} · centrality ${Number(d.centrality).toFixed(4)}` + (d.role ? ` · ${d.role}` : "");
    panel.appendChild(p);
    if (!SUBJECT_TOKEN.test(d.id)) {  // a withheld finding's subject has no profile to open
      const a = document.createElement("a"); a.href = link; a.textContent = "Open profile"; a.className = "button";
      a.dataset.testid = "open-profile"; panel.appendChild(a);
    }
    const b = document.createElement("button"); b.className = "secondary"; b.textContent = "Expand neighbours";
    b.style.marginLeft = ".5rem"; b.onclick = () => expand(d.id); panel.appendChild(b);
    for (const which of ["from", "to"]) {
      const s = document.createElement("button"); s.className = "secondary"; s.style.marginLeft = ".5rem";
      s.textContent = `Path ${which}`; s.onclick = () => { document.getElementById(`path-${which}`).value = d.id; };
      panel.appendChild(s);
    }
  }

  async function expand(id) {
    const data = await getJSON(`/api/cases/${caseId}/network/neighbours?entity=${encodeURIComponent(id)}&` + query());
    const have = new Set(cy.elements().map(e => e.id()));
    const centre = cy.getElementById(id).position();
    const fresh = toElements(data).filter(e => !have.has(e.data.id));
    fresh.forEach((e, i) => { if (e.group === "nodes") e.position = { x: centre.x + 80 * Math.cos(i), y: centre.y + 80 * Math.sin(i) }; });
    cy.add(fresh);
    if (status) status.textContent += ` · +${fresh.filter(e => e.group === "nodes").length} neighbours`;
  }

  async function path(ev) {
    ev.preventDefault();
    const from = document.getElementById("path-from").value, to = document.getElementById("path-to").value;
    const out = document.getElementById("path-result");
    try {
      const data = await getJSON(`/api/cases/${caseId}/network/path?source=${encodeURIComponent(from)}&target=${encodeURIComponent(to)}&` + query());
      cy.elements().removeClass("path");
      const have = new Set(cy.elements().map(e => e.id()));
      cy.add(toElements(data).filter(e => !have.has(e.data.id)));
      for (const n of data.nodes) cy.getElementById(n.id).addClass("path");
      for (const e of data.edges) cy.getElementById(e.id).addClass("path");
      out.textContent = data.nodes.map(n => n.label).join(" → ") || "no path";
    } catch (err) { out.textContent = err.message; }
  }

  function fillRelations(relations) {
    const box = document.getElementById("net-relations");
    if (!box || box.dataset.filled) return;
    box.dataset.filled = "1";
    for (const rel of relations) {
      const lab = document.createElement("label");
      lab.className = "small"; lab.style.display = "inline-block"; lab.style.marginRight = ".8rem";
      const input = document.createElement("input");
      input.type = "checkbox"; input.name = "relation"; input.value = rel; input.checked = true;
      lab.appendChild(input); lab.appendChild(document.createTextNode(" " + rel));
      box.appendChild(lab);
    }
  }

  async function load() {
    root.dataset.ready = "0";
    if (status) status.textContent = "loading…";
    try {
      const data = await getJSON(`/api/cases/${caseId}/network?` + query());
      if (data.status && data.status !== "done") {
        if (status) status.textContent = `computing the network in the background (${Math.round(100 * (data.job.progress || 0))} %)…`;
        setTimeout(load, 1000);
        return;
      }
      fillRelations(data.relations || []);
      draw(data);
    } catch (err) { if (status) status.textContent = err.message; }
  }

  const filter = document.getElementById("net-filter");
  if (filter) filter.addEventListener("submit", ev => { ev.preventDefault(); load(); });
  const pathForm = document.getElementById("net-path");
  if (pathForm) pathForm.addEventListener("submit", path);
  window.offensiefNetwork = { reload: load, get cy() { return cy; }, csrf };
  load();
})();
