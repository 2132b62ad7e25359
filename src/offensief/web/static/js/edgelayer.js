/* The edge layer of large network views: one canvas under Cytoscape's own canvases that
   draws the bulk of the edges as a single path, following Cytoscape's pan, zoom, resize and
   node drags. Cytoscape keeps the nodes, the interaction and every edge added later (expand,
   shortest path); only the thousands of plain background edges skip its per-element model,
   which is what made a 5,000-node view take seconds to appear. */
(function () {
  "use strict";

  /** Draw `pairs` ([[sourceId, targetId], ...]) of `cy` on a canvas behind its nodes; the
      more edges, the fainter each (so communities stay visible). Returns {count, redraw, destroy}. */
  function edgeLayer(cy, pairs, { colour = "#aab4c0", width = 0.6, alpha } = {}) {
    if (alpha === undefined) alpha = Math.max(0.15, Math.min(0.8, 3000 / Math.max(1, pairs.length)));
    const container = cy.container();
    const canvas = document.createElement("canvas");
    canvas.className = "edge-layer";
    canvas.setAttribute("aria-hidden", "true");
    Object.assign(canvas.style, { position: "absolute", left: "0", top: "0", pointerEvents: "none" });
    container.insertBefore(canvas, container.firstChild);
    const ends = [];
    for (const [s, t] of pairs) {
      const a = cy.getElementById(s), b = cy.getElementById(t);
      if (a.nonempty() && b.nonempty()) ends.push(a, b);
    }
    let queued = false;

    function redraw() {
      queued = false;
      const w = container.clientWidth, h = container.clientHeight;
      if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
      const ctx = canvas.getContext("2d");
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, w, h);
      const zoom = cy.zoom(), pan = cy.pan();
      ctx.setTransform(zoom, 0, 0, zoom, pan.x, pan.y);
      ctx.lineWidth = Math.max(width * zoom, 0.35) / zoom; // never thinner than a third of a pixel
      ctx.strokeStyle = colour;
      ctx.globalAlpha = alpha;
      ctx.beginPath();
      for (let i = 0; i < ends.length; i += 2) {
        const p = ends[i].position(), q = ends[i + 1].position();
        ctx.moveTo(p.x, p.y);
        ctx.lineTo(q.x, q.y);
      }
      ctx.stroke();
    }

    function schedule() {
      if (!queued) { queued = true; requestAnimationFrame(redraw); }
    }

    cy.on("viewport resize", schedule);
    cy.on("position", "node", schedule);
    redraw();
    return {
      count: ends.length / 2,
      redraw,
      destroy() { cy.off("viewport resize", schedule); cy.off("position", "node", schedule); canvas.remove(); },
    };
  }

  window.offensiefEdgeLayer = edgeLayer;
})();
