/* The analyst's workbench: a canvas that grows from search results (GET
   /api/cases/{id}/explore), keeps the analyst's selection, re-lays out after every filter,
   keeps labels the same size on screen at every zoom; a timeline of the dated links
   (calls, payments, meetings...) with a brush that filters the canvas; a schematic offline
   map of the addresses and property on the canvas. */
(function () {
  "use strict";
  const root = document.getElementById("workbench");
  if (!root || typeof cytoscape === "undefined") return;
  const caseId = root.dataset.case;
  const T = JSON.parse(root.dataset.strings || "{}");
  const status = document.getElementById("wb-status");
  const COLOURS = { Person: "#1f5fa8", Company: "#2ca02c", Organization: "#2ca02c", LegalEntity: "#7f7f7f",
    BankAccount: "#b8860b", Address: "#8c564b", RealEstate: "#d62728", Vehicle: "#9467bd", Thing: "#9aa5b1" };
  const LANES = ["Call", "Payment", "Associate", "Family", "Directorship", "Ownership"];
  const seeds = new Set();
  const events = new Map();     // relation entity id -> event
  const places = new Map();     // node id -> {lat, lon, city, postcode}
  let brush = null;             // [from, to] ISO dates chosen on the timeline

  const cy = cytoscape({
    container: document.getElementById("wb-cy"),
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", label: "data(label)",
          width: 22, height: 22, "font-size": 12, "text-valign": "bottom", "text-margin-y": 3,
          "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 2,
          "text-wrap": "ellipsis", "text-max-width": 180, color: "#1d2733" } },
      { selector: "node[?seed]", style: { width: 30, height: 30, "border-width": 3, "border-color": "#14243a" } },
      { selector: "node[?token]", style: { "border-style": "dashed", "border-width": 2, "border-color": "#6b4e00" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#f4a100" } },
      { selector: "edge", style: { width: "data(width)", "line-color": "#aab4c0", "curve-style": "bezier",
          "target-arrow-shape": "triangle", "target-arrow-color": "#aab4c0", "arrow-scale": 0.7,
          label: "data(label)", "font-size": 10, color: "#5d6b7a", "text-rotation": "autorotate",
          "text-background-color": "#fff", "text-background-opacity": 0.8 } },
      { selector: "node[?noted]", style: { "background-image": "none", "outline-width": 0, shape: "round-tag" } },
      { selector: ".hidden", style: { display: "none" } },
    ],
  });

  // Labels legible at every zoom: the same size on screen (12 px names, 10 px links).
  function scaleLabels() {
    const z = cy.zoom();
    cy.style().selector("node").style("font-size", 12 / z)
      .selector("edge").style("font-size", 10 / z).update();
  }
  cy.on("zoom", scaleLabels);

  function money(v) { return v == null ? "" : new Intl.NumberFormat(document.documentElement.lang || "nl",
    { style: "currency", currency: "EUR", maximumFractionDigits: 0 }).format(v); }

  function relationsChecked() {
    return [...document.querySelectorAll("#wb-relations input:checked")].map((i) => i.value);
  }

  async function fetchGraph(ids, opts = {}) {
    const p = new URLSearchParams();
    ids.forEach((id) => p.append("entity", id));
    p.set("hops", opts.hops ?? document.getElementById("wb-hops").value);
    const all = document.querySelectorAll("#wb-relations input").length;
    const rels = relationsChecked();
    if (rels.length && rels.length < all) rels.forEach((r) => p.append("relation", r));
    for (const [key, el] of [["since", "wb-since"], ["until", "wb-until"], ["known_by", "wb-known"]]) {
      const v = document.getElementById(el).value;
      if (v) p.set(key, v);
    }
    const r = await fetch(`/api/cases/${caseId}/explore?${p}`, { credentials: "same-origin" });
    if (!r.ok) throw new Error((await r.json()).error?.message || r.statusText);
    return r.json();
  }

  function merge(data) {
    const added = [];
    cy.batch(() => {
      for (const n of data.nodes) {
        if (n.place) places.set(n.id, n.place);
        if (!cy.getElementById(n.id).length) {
          added.push(cy.add({ group: "nodes", data: { id: n.id, label: n.caption, schema: n.schema,
            colour: COLOURS[n.schema] || COLOURS.Thing, seed: seeds.has(n.id),
            token: n.caption.startsWith("tok_") } }));
        }
      }
      for (const e of data.edges) {
        const id = `${e.source}|${e.target}|${e.relation}`;
        const label = e.relation + (e.count > 1 ? ` ×${e.count}` : "") + (e.amount ? ` ${money(e.amount)}` : "");
        const found = cy.getElementById(id);
        const dataE = { id, source: e.source, target: e.target, relation: e.relation, count: e.count,
          first: e.first, last: e.last, label, width: Math.min(1 + Math.log2(e.count || 1), 6) };
        if (found.length) found.data(dataE); else added.push(cy.add({ group: "edges", data: dataE }));
      }
    });
    for (const ev of data.events) events.set(ev.id, ev);
    return added;
  }

  function layout() {
    const shown = cy.elements().not(".hidden");
    if (!shown.length) return;
    shown.layout({ name: "cose", animate: false, randomize: true, nodeRepulsion: () => 40000,
      idealEdgeLength: () => 110, nodeOverlap: 40, componentSpacing: 120, gravity: 0.6,
      numIter: 1500, fit: true, padding: 40 }).run();
    scaleLabels();
  }

  // Filters: relation types and the period (fields or the timeline's brush) hide links and
  // the nodes left without one (seeds and the selection stay), then the graph is laid out anew.
  function applyFilters() {
    const rels = new Set(relationsChecked());
    const from = brush ? brush[0] : document.getElementById("wb-since").value || null;
    const to = brush ? brush[1] : document.getElementById("wb-until").value || null;
    const dated = new Map();
    for (const ev of events.values()) {
      const key = `${ev.source}|${ev.target}|${ev.relation}`;
      if ((!from || ev.date >= from) && (!to || ev.date <= to)) dated.set(key, true);
      else if (!dated.has(key)) dated.set(key, false);
    }
    cy.batch(() => {
      cy.edges().forEach((e) => {
        const inPeriod = (!from && !to) || dated.get(e.id()) === true;
        e.toggleClass("hidden", !rels.has(e.data("relation")) || !inPeriod);
      });
      cy.nodes().forEach((n) => {
        const keep = n.data("seed") || n.selected() || n.connectedEdges().not(".hidden").length > 0;
        n.toggleClass("hidden", !keep);
      });
    });
    layout();
    drawTimeline();
    drawMap();
    report();
  }

  function report() {
    const n = cy.nodes().not(".hidden").length, m = cy.edges().not(".hidden").length;
    status.textContent = `${n} knopen, ${m} verbindingen op het canvas` + (brush ? ` · periode ${brush[0]} – ${brush[1]}` : "");
    const sel = cy.nodes(":selected");
    document.getElementById("wb-selection").textContent = sel.length
      ? "Selectie: " + sel.map((s) => s.data("label")).join(", ") : "";
  }

  async function addEntity(id) {
    seeds.add(id);
    status.textContent = "laden…";
    try {
      const data = await fetchGraph([id]);
      merge(data);
      cy.getElementById(id).data("seed", true);
      cy.getElementById(id).select();
      applyFilters();
      if (data.truncated) status.textContent += " (afgekapt: verfijn de filters)";
    } catch (err) { status.textContent = "Fout: " + err.message; }
  }

  async function expandSelection() {
    const sel = cy.nodes(":selected").map((n) => n.id());
    if (!sel.length) { status.textContent = "Selecteer eerst een of meer knopen."; return; }
    status.textContent = "uitbreiden…";
    try {
      const before = cy.nodes().length;
      const data = await fetchGraph(sel);
      merge(data);
      applyFilters();
      status.textContent += ` · ${cy.nodes().length - before} nieuw`;
    } catch (err) { status.textContent = "Fout: " + err.message; }
  }

  async function reloadAsKnown() {
    if (!seeds.size) return;
    cy.elements().remove();
    events.clear();
    places.clear();
    const data = await fetchGraph([...seeds]);
    merge(data);
    seeds.forEach((s) => cy.getElementById(s).data("seed", true));
    applyFilters();
  }

  // -- timeline ---------------------------------------------------------------------------
  const SVGNS = "http://www.w3.org/2000/svg";
  function el(name, attrs, parent) {
    const e = document.createElementNS(SVGNS, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (parent) parent.appendChild(e);
    return e;
  }
  let scale = null;
  function shownEvents() {
    const sel = new Set(cy.nodes(":selected").map((n) => n.id()));
    const visible = new Set(cy.nodes().not(".hidden").map((n) => n.id()));
    return [...events.values()].filter((ev) => visible.has(ev.source) && visible.has(ev.target)
      && (!sel.size || sel.has(ev.source) || sel.has(ev.target)));
  }
  function drawTimeline() {
    const svg = document.getElementById("wb-timeline");
    svg.replaceChildren();
    const evs = [...events.values()].filter((ev) => cy.getElementById(ev.source).length);
    const focus = new Set(shownEvents().map((e) => e.id));
    const width = svg.clientWidth || 800, left = 90, right = 15;
    if (!evs.length) { el("text", { x: 10, y: 20, "font-size": 12, fill: "#5d6b7a" }, svg).textContent = "Geen gedateerde verbindingen op het canvas."; scale = null; return; }
    // The axis spans the activity (calls, payments, meetings); older start dates (an
    // ownership from 1996) sit at the left edge instead of squeezing the rest.
    const active = evs.filter((e) => ["Call", "Payment", "Associate"].includes(e.relation));
    const times = (active.length ? active : evs).map((e) => Date.parse(e.date));
    const t0 = Math.min(...times), t1 = Math.max(...times) + 86400000;
    scale = { t0, t1, left, w: width - left - right };
    const x = (d) => left + Math.min(1, Math.max(0, (Date.parse(d) - t0) / (t1 - t0))) * scale.w;
    LANES.forEach((lane, i) => {
      const y = 18 + i * 20;
      el("text", { x: 4, y: y + 4, "font-size": 11, fill: "#5d6b7a" }, svg).textContent = lane;
      el("line", { x1: left, x2: width - right, y1: y, y2: y, stroke: "#eef0f3" }, svg);
    });
    for (const ev of evs) {
      const lane = LANES.indexOf(ev.relation);
      if (lane < 0) continue;
      const inBrush = !brush || (ev.date >= brush[0] && ev.date <= brush[1]);
      const mark = el("rect", { x: x(ev.date) - 1, y: 18 + lane * 20 - 6, width: 3, height: 12,
        fill: focus.has(ev.id) && inBrush ? "#1f5fa8" : "#c7cfd8", "data-date": ev.date }, svg);
      el("title", {}, mark).textContent = `${ev.date} ${ev.relation}` + (ev.amount ? ` ${money(ev.amount)}` : "");
    }
    const axisY = 18 + LANES.length * 20;
    for (let k = 0; k <= 4; k++) {
      const t = t0 + (t1 - t0) * k / 4;
      el("text", { x: left + scale.w * k / 4 - 28, y: axisY + 4, "font-size": 10, fill: "#5d6b7a" }, svg)
        .textContent = new Date(t).toLocaleDateString(document.documentElement.lang || "nl");
    }
    if (brush) {
      el("rect", { class: "brush", x: x(brush[0]), y: 4, width: Math.max(2, x(brush[1]) - x(brush[0])),
        height: axisY - 10 }, svg);
    }
  }
  (function brushing() {
    const svg = document.getElementById("wb-timeline");
    let start = null, box = null;
    const toDate = (px) => new Date(scale.t0 + (px - scale.left) / scale.w * (scale.t1 - scale.t0)).toISOString().slice(0, 10);
    const px = (evt) => evt.clientX - svg.getBoundingClientRect().left;
    svg.addEventListener("mousedown", (evt) => {
      if (!scale) return;
      start = Math.max(scale.left, px(evt));
      box = el("rect", { class: "brush", x: start, y: 4, width: 1, height: 120 }, svg);
    });
    svg.addEventListener("mousemove", (evt) => {
      if (start === null) return;
      const now = Math.min(Math.max(scale.left, px(evt)), scale.left + scale.w);
      box.setAttribute("x", Math.min(start, now));
      box.setAttribute("width", Math.abs(now - start));
    });
    window.addEventListener("mouseup", (evt) => {
      if (start === null) return;
      const end = Math.min(Math.max(scale.left, px(evt)), scale.left + scale.w);
      const a = Math.min(start, end), b = Math.max(start, end);
      start = null;
      if (b - a < 3) return;
      brush = [toDate(a), toDate(b)];
      document.getElementById("wb-brush").textContent = `Periode op de tijdlijn: ${brush[0]} – ${brush[1]}`;
      applyFilters();
    });
    svg.addEventListener("dblclick", () => {
      brush = null;
      document.getElementById("wb-brush").textContent = "";
      applyFilters();
    });
  })();

  // -- map (schematic, offline) ------------------------------------------------------------
  const CITIES = { Amsterdam: [52.37, 4.90], Rotterdam: [51.92, 4.48], "Den Haag": [52.08, 4.30],
    Utrecht: [52.09, 5.12], Eindhoven: [51.44, 5.48], Groningen: [53.22, 6.57], Maastricht: [50.85, 5.69],
    Zwolle: [52.52, 6.08], Enschede: [52.22, 6.89], Leeuwarden: [53.20, 5.80], Vlissingen: [51.44, 3.57],
    "Den Helder": [52.96, 4.76], Delfzijl: [53.33, 6.92], Emmen: [52.78, 6.90], Terneuzen: [51.34, 3.83],
    Venlo: [51.37, 6.17], Nijmegen: [51.84, 5.86], Breda: [51.59, 4.78], Tilburg: [51.56, 5.09] };
  function hull(points) {  // Andrew's monotone chain: the generated outline
    const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    const lower = [], upper = [];
    for (const q of p) { while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop(); lower.push(q); }
    for (const q of p.reverse()) { while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop(); upper.push(q); }
    return lower.slice(0, -1).concat(upper.slice(0, -1));
  }
  function drawMap() {
    const svg = document.getElementById("wb-map");
    svg.replaceChildren();
    const width = svg.clientWidth || 600, height = 420;
    const lat0 = 50.6, lat1 = 53.6, lon0 = 3.2, lon1 = 7.3;
    const k = Math.min(width / ((lon1 - lon0) * 0.62), height / (lat1 - lat0));
    const pt = (lat, lon) => [10 + (lon - lon0) * 0.62 * k, 10 + (lat1 - lat) * k];
    const outline = hull(Object.values(CITIES).map(([la, lo]) => pt(la, lo)));
    const grow = (p) => { const c = outline.reduce((s, q) => [s[0] + q[0] / outline.length, s[1] + q[1] / outline.length], [0, 0]);
      return [c[0] + (p[0] - c[0]) * 1.12, c[1] + (p[1] - c[1]) * 1.12]; };
    el("polygon", { points: outline.map(grow).map((p) => p.join(",")).join(" "), fill: "#eef3f8", stroke: "#9fb3c8" }, svg);
    for (const [name, [la, lo]] of Object.entries(CITIES)) {
      const [x, y] = pt(la, lo);
      el("circle", { cx: x, cy: y, r: 2, fill: "#9fb3c8" }, svg);
      el("text", { x: x + 4, y: y - 3, "font-size": 10, fill: "#8a99a8" }, svg).textContent = name;
    }
    let placed = 0;
    cy.nodes().not(".hidden").forEach((n) => {
      const p = places.get(n.id());
      if (!p) return;
      const [x, y] = pt(p.lat, p.lon);
      const dot = el("circle", { cx: x, cy: y, r: n.selected() ? 7 : 5, fill: n.data("colour"), stroke: "#fff",
        "data-entity": n.id(), class: "place" }, svg);
      el("title", {}, dot).textContent = `${n.data("label")} — ${p.postcode} ${p.city}`;
      dot.addEventListener("click", () => { cy.nodes().unselect(); n.select(); report(); drawMap(); drawTimeline(); });
      placed++;
    });
    el("text", { x: 10, y: height - 10, "font-size": 11, fill: "#5d6b7a" }, svg).textContent =
      `${placed} adressen geplaatst (schematisch: stad + postcode; pseudoniemen en onbekende plaatsen niet)`;
  }

  // -- saved views and notes ----------------------------------------------------------------
  const csrf = document.body.getAttribute("hx-headers") ? JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRF-Token"] : "";
  async function api(path, method = "GET", body = null) {
    const r = await fetch(`/api/cases/${caseId}${path}`, { method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf }, body: body ? JSON.stringify(body) : null });
    const data = await r.json();
    if (!r.ok) throw new Error(data.error?.message || r.statusText);
    return data;
  }
  function canvasState() {
    const positions = {};
    cy.nodes().forEach((n) => { positions[n.id()] = n.position(); });
    return { seeds: [...seeds], nodes: cy.nodes().map((n) => n.id()), selected: cy.nodes(":selected").map((n) => n.id()),
      relations: relationsChecked(), hops: document.getElementById("wb-hops").value,
      since: document.getElementById("wb-since").value || null, until: document.getElementById("wb-until").value || null,
      known_by: document.getElementById("wb-known").value || null, brush, positions, zoom: cy.zoom(), pan: cy.pan() };
  }
  async function listViews(selected) {
    const data = await api("/views");
    const box = document.getElementById("wb-view-list");
    box.replaceChildren(new Option("—", ""));
    for (const v of data.views) box.add(new Option(`${v.name} (${v.nodes}, ${v.saved_by})`, v.name));
    if (selected) box.value = selected;
  }
  async function saveView() {
    const name = document.getElementById("wb-view-name").value.trim();
    if (!name) { status.textContent = T.name_first; return; }
    try { await api(`/views/${encodeURIComponent(name)}`, "PUT", { state: canvasState() });
      await listViews(name); status.textContent = `${T.saved}: ${name}`;
    } catch (err) { status.textContent = T.error + err.message; }
  }
  async function openView(name) {
    if (!name) return;
    try {
      const { state } = await api(`/views/${encodeURIComponent(name)}`);
      cy.elements().remove(); events.clear(); places.clear(); seeds.clear();
      document.querySelectorAll("#wb-relations input").forEach((i) => { i.checked = !state.relations.length || state.relations.includes(i.value); });
      for (const [key, el] of [["since", "wb-since"], ["until", "wb-until"], ["known_by", "wb-known"]]) document.getElementById(el).value = state[key] || "";
      if (state.hops) document.getElementById("wb-hops").value = state.hops;
      state.seeds.forEach((s) => seeds.add(s));
      if (state.nodes.length) merge(await fetchGraph(state.nodes, { hops: 0 }));
      cy.nodes().forEach((n) => { if (!state.nodes.includes(n.id())) n.remove(); });
      seeds.forEach((s) => cy.getElementById(s).data("seed", true));
      brush = state.brush;
      applyFilters();
      cy.nodes().forEach((n) => { const p = state.positions[n.id()]; if (p) n.position(p); });
      cy.zoom(state.zoom); cy.pan(state.pan); scaleLabels();
      state.selected.forEach((s) => cy.getElementById(s).select());
      report(); drawTimeline(); drawMap(); showNotes();
      status.textContent = `${T.opened}: ${name} · ` + status.textContent;
    } catch (err) { status.textContent = T.error + err.message; }
  }
  let notesShown = [];
  async function showNotes() {
    try { notesShown = (await api("/notes")).notes; } catch (err) { return; }
    const list = document.getElementById("wb-note-list");
    list.replaceChildren();
    const onCanvas = new Set(cy.nodes().map((n) => n.id()));
    cy.nodes().data("noted", false);
    for (const n of notesShown) {
      const li = document.createElement("li");
      li.dataset.entity = n.entity;
      li.className = n.disclosed ? "" : "withheld";
      const about = n.other ? `${n.caption} → ${n.other_caption}${n.relation ? " (" + n.relation + ")" : ""}` : n.caption;
      const strong = document.createElement("strong");
      strong.textContent = about;
      if (!n.disclosed) strong.className = "token";
      li.append(strong, document.createTextNode(`: ${n.text} — ${n.author}, ${n.created_at.slice(0, 10)}`));
      list.appendChild(li);
      if (onCanvas.has(n.entity)) cy.getElementById(n.entity).data("noted", true);
    }
  }
  async function addNote() {
    const text = document.getElementById("wb-note-text").value.trim();
    const sel = cy.nodes(":selected").map((n) => n.id());
    if (!text || !sel.length || sel.length > 2) { status.textContent = T.note_select; return; }
    const body = { entity: sel[0], text, other: sel[1] || "" };
    if (sel.length === 2) {
      const e = cy.edges().filter((x) => sel.includes(x.source().id()) && sel.includes(x.target().id()))[0];
      if (e) { body.entity = e.source().id(); body.other = e.target().id(); body.relation = e.data("relation"); }
    }
    try { await api("/notes", "POST", body); document.getElementById("wb-note-text").value = ""; await showNotes(); }
    catch (err) { status.textContent = T.error + err.message; }
  }
  document.getElementById("wb-view-save").addEventListener("click", saveView);
  document.getElementById("wb-view-open").addEventListener("click", () => openView(document.getElementById("wb-view-list").value));
  document.getElementById("wb-note-add").addEventListener("click", addNote);

  cy.on("select unselect", () => { report(); drawTimeline(); drawMap(); });
  cy.on("dbltap", "node", (evt) => { window.location = `/cases/${caseId}/entities/${encodeURIComponent(evt.target.id())}`; });
  document.querySelectorAll(".wb-add").forEach((b) => b.addEventListener("click", () => addEntity(b.dataset.entity)));
  document.getElementById("wb-expand").addEventListener("click", expandSelection);
  document.getElementById("wb-layout").addEventListener("click", layout);
  document.getElementById("wb-clear").addEventListener("click", () => { cy.elements().remove(); seeds.clear(); events.clear(); places.clear(); brush = null; applyFilters(); });
  document.querySelectorAll("#wb-relations input, #wb-since, #wb-until").forEach((i) => i.addEventListener("change", applyFilters));
  document.getElementById("wb-known").addEventListener("change", reloadAsKnown);
  window.workbench = { cy, addEntity, applyFilters, setBrush: (a, b) => { brush = a ? [a, b] : null; applyFilters(); },
    saveView, openView, canvasState, showNotes };
  listViews().catch(() => {});
  showNotes();
  if (root.dataset.entity) addEntity(root.dataset.entity);
  drawTimeline();
  drawMap();
})();
