/* The editor's page: filter and search the quotes, star a shortlist (kept in localStorage), copy a quote
   with its attribution, export the shortlist as CSV or Markdown. Vanilla JS, no outside resources.
   Transcript text only ever reaches the page through textContent or the server-escaped HTML. */
(function () {
  "use strict";
  var doc = document;
  doc.documentElement.className += " js";

  function byId(id) { return doc.getElementById(id); }

  var data = JSON.parse(byId("editor-data").textContent);
  var quotes = {};
  data.quotes.forEach(function (q) { quotes[q.id] = q; });
  var rows = Array.prototype.slice.call(doc.querySelectorAll("#quote-table tbody tr[data-id]"));
  var search = byId("f-search");
  var speaker = byId("f-speaker");
  var theme = byId("f-theme");
  var score = byId("f-score");
  var scoreValue = byId("f-score-value");
  var starredOnly = byId("f-starred");
  var status = byId("status");

  /* ------------------------------------------------------------------ shortlist storage */
  var store = null;
  try {
    window.localStorage.setItem("roundtable:probe", "1");
    window.localStorage.removeItem("roundtable:probe");
    store = window.localStorage;
  } catch (e) {
    store = null; /* storage switched off: the shortlist lasts until the page is closed */
  }

  function loadShortlist() {
    var starred = {};
    if (!store) { return starred; }
    try {
      var saved = JSON.parse(store.getItem(data.storage_key) || "[]");
      if (Array.isArray(saved)) {
        saved.forEach(function (id) { if (quotes.hasOwnProperty(id)) { starred[id] = true; } });
      }
    } catch (e) { /* a damaged entry is treated as an empty shortlist */ }
    return starred;
  }

  var starred = loadShortlist();

  function shortlist() {
    /* in rank order, so exports read like the ranked list */
    return data.quotes.filter(function (q) { return starred[q.id]; });
  }

  function saveShortlist() {
    if (!store) { return; }
    try {
      store.setItem(data.storage_key, JSON.stringify(shortlist().map(function (q) { return q.id; })));
    } catch (e) { announce("The shortlist could not be saved in this browser."); }
  }

  /* --------------------------------------------------------------------- announcements */
  var announceTimer = null;
  function announce(message) {
    status.textContent = "";
    window.clearTimeout(announceTimer);
    /* set after a tick so screen readers announce a repeated message */
    announceTimer = window.setTimeout(function () { status.textContent = message; }, 30);
  }

  /* ---------------------------------------------------------------------------- filters */
  function normalise(text) {
    return String(text).toLowerCase()
      .replace(/[\u2018\u2019\u02bc]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/\s+/g, " ")
      .trim();
  }

  function applyFilters() {
    var who = speaker.value;
    var about = theme.value;
    var minimum = parseFloat(score.value) || 0;
    var terms = normalise(search.value).split(" ").filter(Boolean);
    var onlyStarred = starredOnly.checked;
    var shown = 0;
    scoreValue.textContent = minimum.toFixed(2);
    rows.forEach(function (row) {
      var themes = row.getAttribute("data-themes").split(" ");
      var haystack = row.getAttribute("data-search");
      var visible = (!who || row.getAttribute("data-speaker") === who) &&
        (!about || themes.indexOf(about) >= 0) &&
        parseFloat(row.getAttribute("data-score")) + 1e-9 >= minimum &&
        terms.every(function (term) { return haystack.indexOf(term) >= 0; }) &&
        (!onlyStarred || starred[row.getAttribute("data-id")] === true);
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    byId("quote-count").textContent = shown + " of " + rows.length + " quotes shown";
    if (byId("no-match")) { byId("no-match").hidden = shown > 0; }
  }

  function resetFilters() {
    search.value = "";
    speaker.value = "";
    theme.value = "";
    score.value = "0";
    starredOnly.checked = false;
    applyFilters();
  }

  [search, score].forEach(function (input) { input.addEventListener("input", applyFilters); });
  [speaker, theme, starredOnly].forEach(function (input) { input.addEventListener("change", applyFilters); });
  byId("f-reset").addEventListener("click", function () { resetFilters(); announce("Filters cleared."); });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && search.value) {
      search.value = "";
      applyFilters();
      event.preventDefault();
    }
  });

  /* "/" puts the cursor in the search box, as on most sites, unless one is typing somewhere already */
  doc.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      search.focus();
      search.select();
    }
  });

  /* ---------------------------------------------------------------------------- stars */
  function renderStars() {
    rows.forEach(function (row) {
      var id = row.getAttribute("data-id");
      var on = starred[id] === true;
      var button = row.querySelector("button.star");
      var rank = quotes[id].rank;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "\u2605" : "\u2606";
      button.setAttribute("aria-label", on ? "Remove quote " + rank + " from the shortlist"
        : "Add quote " + rank + " to the shortlist");
      button.title = on ? "In the shortlist" : "Add to the shortlist";
      row.classList.toggle("starred", on);
    });
    renderShortlist();
  }

  function renderShortlist() {
    var picked = shortlist();
    var list = byId("shortlist-list");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    picked.forEach(function (q) {
      var item = doc.createElement("li");
      var text = doc.createElement("q");
      text.textContent = q.text;
      var who = doc.createElement("span");
      who.className = "who";
      who.textContent = q.attribution;
      var remove = doc.createElement("button");
      remove.type = "button";
      remove.className = "unstar";
      remove.setAttribute("data-id", q.id);
      remove.setAttribute("aria-label", "Remove quote " + q.rank + " from the shortlist");
      remove.textContent = "Remove";
      item.appendChild(text);
      item.appendChild(who);
      item.appendChild(remove);
      list.appendChild(item);
    });
    byId("shortlist-count").textContent = String(picked.length);
    byId("nav-shortlist-count").textContent = String(picked.length);
    byId("shortlist-empty").hidden = picked.length > 0;
    doc.body.classList.toggle("has-shortlist", picked.length > 0);
    Array.prototype.forEach.call(doc.querySelectorAll("[data-needs-shortlist]"), function (button) {
      button.disabled = picked.length === 0;
    });
  }

  function setStar(id, on) {
    if (on) { starred[id] = true; } else { delete starred[id]; }
    saveShortlist();
    renderStars();
    if (starredOnly.checked) { applyFilters(); }
    announce(on ? "Quote " + quotes[id].rank + " added to the shortlist."
      : "Quote " + quotes[id].rank + " removed from the shortlist.");
  }

  /* ----------------------------------------------------------------------------- copy */
  function copyWithSelection(text) {
    var area = doc.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    area.style.opacity = "0";
    doc.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = doc.execCommand("copy"); } catch (e) { ok = false; }
    doc.body.removeChild(area);
    return ok;
  }

  function copyText(text, done) {
    var focused = doc.activeElement;
    function fallback() {
      var ok = copyWithSelection(text);
      if (focused && focused.focus) { focused.focus(); }
      done(ok);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }

  function copied(what) {
    return function (ok) {
      announce(ok ? "Copied " + what + "." : "Could not copy: select the text and copy it by hand.");
    };
  }

  /* --------------------------------------------------------------------------- export */
  function download(filename, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = doc.createElement("a");
    link.href = url;
    link.download = filename;
    link.hidden = true;
    doc.body.appendChild(link);
    link.click();
    window.setTimeout(function () { URL.revokeObjectURL(url); doc.body.removeChild(link); }, 1000);
  }

  function shortlistCsv() {
    /* a byte-order mark so spreadsheet programs read the file as UTF-8 */
    return "\ufeff" + data.csv_header + shortlist().map(function (q) { return q.csv; }).join("");
  }

  function shortlistMarkdown() {
    return data.md_header + shortlist().map(function (q) { return q.md; }).join("\n");
  }

  /* ---------------------------------------------------------------------------- wiring */
  /* a transcript without quotes has no table */
  (byId("quote-table") || doc.createElement("table")).addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button") : null;
    if (!button) { return; }
    var row = button.closest("tr[data-id]");
    var id = row && row.getAttribute("data-id");
    if (!id || !quotes.hasOwnProperty(id)) { return; }
    if (button.classList.contains("star")) {
      setStar(id, starred[id] !== true);
    } else if (button.classList.contains("copy")) {
      copyText(quotes[id].copy, copied("quote " + quotes[id].rank + " with its attribution"));
    }
  });

  byId("shortlist-list").addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.unstar") : null;
    if (button) {
      var items = Array.prototype.slice.call(byId("shortlist-list").children);
      var position = items.indexOf(button.closest("li"));
      setStar(button.getAttribute("data-id"), false);
      /* keep the keyboard in the list rather than dropping focus to the top of the page */
      var buttons = byId("shortlist-list").querySelectorAll("button.unstar");
      if (buttons.length) {
        buttons[Math.min(position, buttons.length - 1)].focus();
      } else {
        byId("shortlist-heading").focus();
      }
    }
  });

  byId("copy-shortlist").addEventListener("click", function () {
    var text = shortlist().map(function (q) { return q.copy; }).join("\n\n");
    copyText(text, copied("the shortlist"));
  });
  byId("export-csv").addEventListener("click", function () {
    download(data.file_stem + "-shortlist.csv", shortlistCsv(), "text/csv;charset=utf-8");
    announce("Shortlist exported as CSV.");
  });
  byId("export-md").addEventListener("click", function () {
    download(data.file_stem + "-shortlist.md", shortlistMarkdown(), "text/markdown;charset=utf-8");
    announce("Shortlist exported as Markdown.");
  });
  byId("clear-shortlist").addEventListener("click", function () {
    if (!window.confirm("Remove every quote from the shortlist?")) { return; }
    starred = {};
    saveShortlist();
    renderStars();
    applyFilters();
    announce("Shortlist cleared.");
  });

  Array.prototype.forEach.call(doc.querySelectorAll("button[data-filter-theme]"), function (button) {
    button.addEventListener("click", function () {
      resetFilters();
      theme.value = button.getAttribute("data-filter-theme");
      applyFilters();
      byId("quotes").scrollIntoView();
      byId("quotes-heading").focus();
    });
  });

  /* another tab of the same page changed the shortlist */
  window.addEventListener("storage", function (event) {
    if (event.key === data.storage_key) {
      starred = loadShortlist();
      renderStars();
      applyFilters();
    }
  });

  if (!store) {
    byId("storage-note").hidden = false;
  }
  renderStars();
  applyFilters();
})();
