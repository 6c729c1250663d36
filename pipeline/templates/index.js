/* The batch index's filters: search over titles and speakers, one theme, one status (processed, with
   warnings, rejected). Each roundtable and rejected input carries what it matches on in data- attributes;
   the script only hides and shows them, and writes counts with textContent. Vanilla JS, no outside resources. */
(function () {
  "use strict";
  var doc = document;
  doc.documentElement.className += " js";

  function byId(id) { return doc.getElementById(id); }

  var search = byId("f-search");
  var theme = byId("f-theme");
  var status = byId("f-status");
  var items = Array.prototype.slice.call(doc.querySelectorAll("article.roundtable, ul.rejected li"));
  var rejectedSection = doc.querySelector("section.rejected");

  function normalise(text) {
    return String(text).toLowerCase()
      .replace(/[\u2018\u2019\u02bc]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/\s+/g, " ")
      .trim();
  }

  function themesOf(item) {
    try { return JSON.parse(item.getAttribute("data-themes") || "[]"); } catch (e) { return []; }
  }

  function applyFilters() {
    var terms = normalise(search.value).split(" ").filter(Boolean);
    var about = theme.value;
    var wanted = status.value;
    var shown = 0;
    var rejectedShown = 0;
    items.forEach(function (item) {
      var itemStatus = item.getAttribute("data-status");
      var haystack = normalise(item.getAttribute("data-search") || "");
      var visible = (!wanted || itemStatus === wanted) &&
        (!about || (itemStatus !== "rejected" && themesOf(item).indexOf(about) >= 0)) &&
        terms.every(function (term) { return haystack.indexOf(term) >= 0; });
      item.hidden = !visible;
      if (visible) {
        shown += 1;
        if (itemStatus === "rejected") { rejectedShown += 1; }
      }
    });
    if (rejectedSection) { rejectedSection.hidden = rejectedShown === 0; }
    byId("shown-count").textContent = shown + " of " + items.length + " inputs shown";
    byId("no-match").hidden = shown > 0;
  }

  search.addEventListener("input", applyFilters);
  [theme, status].forEach(function (input) { input.addEventListener("change", applyFilters); });
  byId("f-reset").addEventListener("click", function () {
    search.value = "";
    theme.value = "";
    status.value = "";
    applyFilters();
    search.focus();
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && search.value) {
      search.value = "";
      applyFilters();
      event.preventDefault();
    }
  });
  applyFilters();
})();
