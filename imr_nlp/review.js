"use strict";
(function () {
  // Label filter: a box per label toggles body.hide-LABEL; the stylesheet does the hiding.
  document.querySelectorAll(".legend input[data-label]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.dataset.label, !box.checked);
    });
  });

  // View switch: the span view stays an inert <template> until first shown, so a page opens fast.
  var buttons = document.querySelectorAll(".switch button[data-view]");
  function show(name) {
    var view = document.getElementById(name);
    var template = document.getElementById(name + "-template");
    if (template && !view.hasChildNodes()) view.appendChild(template.content.cloneNode(true));
    document.querySelectorAll(".view").forEach(function (each) { each.hidden = each.id !== name; });
    buttons.forEach(function (button) { button.setAttribute("aria-pressed", String(button.dataset.view === name)); });
  }
  buttons.forEach(function (button) {
    button.addEventListener("click", function () { show(button.dataset.view); });
  });

  // A decision row's link jumps to its block in whichever view is shown.
  document.querySelectorAll("a[data-block]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var block = document.querySelector(".view:not([hidden]) .block[data-block='" + link.dataset.block + "']");
      if (block && !block.id) {
        event.preventDefault();
        block.scrollIntoView();
      }
    });
  });

  // Sortable tables: click a heading; numbers sort as numbers, a cell's data-sort wins over its text.
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  function key(cell, numeric) {
    var value = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    return numeric ? parseFloat(value) || 0 : value;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("th[data-sort-key]");
    heads.forEach(function (head) {
      head.addEventListener("click", function () {
        var ascending = head.getAttribute("aria-sort") !== "ascending";
        var numeric = head.dataset.sortKey === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
        head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = key(a.cells[head.cellIndex], numeric);
          var y = key(b.cells[head.cellIndex], numeric);
          var order = numeric ? x - y : collator.compare(x, y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  // Search: rows of the searchable tables that hold every word typed.
  var search = document.getElementById("search");
  if (search) {
    var rows = Array.prototype.slice.call(document.querySelectorAll("table.searchable tbody tr"));
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var shown = document.getElementById("shown");
    search.addEventListener("input", function () {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var count = 0;
      rows.forEach(function (row, i) {
        var hit = words.every(function (word) { return texts[i].indexOf(word) >= 0; });
        row.classList.toggle("hidden", !hit);
        count += hit && row.closest("table").id === "letters" ? 1 : 0;
      });
      if (shown) shown.textContent = String(count);
    });
  }
})();
