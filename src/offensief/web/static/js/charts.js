/* Render every element with data-vega (a vega-lite spec as JSON) with vega-embed,
   on page load and after every htmx swap. */
(function () {
  "use strict";
  function render(root) {
    const found = Array.from(root.querySelectorAll("[data-vega]:not([data-rendered])"));
    if (root.matches && root.matches("[data-vega]:not([data-rendered])")) found.push(root);
    for (const el of found) {
      el.dataset.rendered = "1";
      const spec = JSON.parse(el.dataset.vega);
      vegaEmbed(el, spec, { actions: false, renderer: "svg" })
        .then(() => { el.dataset.ready = "1"; })
        .catch(err => { el.textContent = "chart failed: " + err.message; });
    }
  }
  // htmx.onLoad runs for the page and for every piece of content htmx swaps in.
  htmx.onLoad(el => render(el.querySelectorAll ? el : document));
})();
