/* The HWB list, enhanced: rows filter as the user types or picks a region, and column headers
   sort in place. Without JavaScript the same form and header links do this on the server.
   A static file, not inline script (CSP). */
(function () {
  var form = document.getElementById("hwb-filter");
  var table = document.getElementById("hwb-list");
  if (!form || !table) { return; }
  var search = document.getElementById("hwb-search");
  var region = document.getElementById("hwb-region");
  var count = document.getElementById("hwb-count");
  var body = table.tBodies[0];

  function filter() {
    var text = search.value.trim().toLowerCase();
    var shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var matches = (row.dataset.name + " " + row.dataset.code).toLowerCase().indexOf(text) !== -1 &&
        (!region.value || row.dataset.region === region.value);
      row.hidden = !matches;
      if (matches) { shown += 1; }
    });
    count.textContent = shown;
  }

  function sortBy(header) {
    var key = header.dataset.sort;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      return (a.dataset[key] || "").localeCompare(b.dataset[key] || "") ||
        a.dataset.name.localeCompare(b.dataset.name);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      th.setAttribute("aria-sort", th === header ? "ascending" : "none");
    });
  }

  table.querySelectorAll("th[data-sort]").forEach(function (header) {
    var link = header.querySelector("a");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "bc-sort-button";
    button.textContent = link.textContent;
    button.addEventListener("click", function () { sortBy(header); });
    header.replaceChild(button, link);
  });
  search.addEventListener("input", filter);
  region.addEventListener("change", filter);
  form.addEventListener("submit", function (event) { event.preventDefault(); filter(); });
  filter();
})();
