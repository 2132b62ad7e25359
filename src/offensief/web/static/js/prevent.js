/* The indicator page: choosing an indicator, level or period reloads; clicking (or Enter on) an
   area of the map shows its figures and marks its table row. */
(function () {
  "use strict";
  const form = document.querySelector("form[data-testid=indicator-form]");
  if (form) form.querySelectorAll("select").forEach(s => s.addEventListener("change", () => form.submit()));
  const map = document.getElementById("map");
  const detail = document.getElementById("map-detail");
  if (!map || !detail) return;
  function pick(path) {
    map.querySelectorAll("path.selected").forEach(p => p.classList.remove("selected"));
    document.querySelectorAll("tr.selected").forEach(r => r.classList.remove("selected"));
    path.classList.add("selected");
    const title = path.querySelector("title");
    detail.textContent = title ? title.textContent : path.dataset.code;
    const row = document.querySelector(`tr[data-code="${path.dataset.code}"]`);
    if (row) { row.classList.add("selected"); row.scrollIntoView({ block: "nearest" }); }
  }
  map.addEventListener("click", ev => { const p = ev.target.closest("path[data-code]"); if (p) pick(p); });
  map.addEventListener("keydown", ev => {
    if (ev.key === "Enter") { const p = ev.target.closest("path[data-code]"); if (p) pick(p); }
  });
})();
