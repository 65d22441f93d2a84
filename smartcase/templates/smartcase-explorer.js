/* smartcase case explorer: filter the rows of a table by words and by data attributes.
   A form.sc-filter names its table in data-target; its text box matches every word typed
   (case-insensitive) against a row's text, and each select.sc-filter-select keeps the rows whose
   data-<attr> equals the chosen value. No dependencies, no network. */
(function () {
  "use strict";

  function norm(text) {
    return (text || "").toLocaleLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  function setUp(form) {
    var table = document.getElementById(form.getAttribute("data-target"));
    if (!table || !table.tBodies.length) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) { return norm(row.textContent); });
    var box = form.querySelector(".sc-filter-text");
    var selects = Array.prototype.slice.call(form.querySelectorAll(".sc-filter-select"));
    var count = form.querySelector(".sc-filter-count");

    function apply() {
      var words = norm(box ? box.value : "").split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var ok = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        selects.forEach(function (sel) {
          if (ok && sel.value && row.getAttribute("data-" + sel.getAttribute("data-attr")) !== sel.value) {
            ok = false;
          }
        });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (count) { count.textContent = shown + " of " + rows.length + " shown"; }
    }

    if (box) { box.addEventListener("input", apply); }
    selects.forEach(function (sel) { sel.addEventListener("change", apply); });
    var params = new URLSearchParams(window.location.search);
    if (box && params.get("q")) { box.value = params.get("q"); }
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form.sc-filter"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
