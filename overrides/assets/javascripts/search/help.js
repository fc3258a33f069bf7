/*
 * No dead end: when a search finds nothing, say so, offer the nearest playbook
 * titles ("Did you mean"), the finder, and how to propose a playbook. Material
 * writes "No matching documents" above an empty list; this adds the way on below
 * it, loading the titles (search/titles.js) only then.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var site = new URL("../../../", script.src).href;
  var finder = new URL(script.dataset.finder, location.href).href;
  var propose = new URL(script.dataset.propose, location.href).href;
  var titles = null, loading = null;
  /* "Did you mean" waits until the reader has typed this much and paused, so that typing through
     a word with no match yet ("s", "se") does not fetch the titles. */
  var SHORTEST = 3, PAUSE_MS = 300;

  function loadTitles() {
    if (titles) return Promise.resolve(titles);
    if (!loading) loading = new Promise(function (resolve) {
      var tag = document.createElement("script");
      tag.src = site + "search/titles.js";
      tag.onload = function () { resolve(titles = (self.pbSearch || {}).titles || []); };
      tag.onerror = function () { resolve(titles = []); };
      document.head.appendChild(tag);
    });
    return loading;
  }

  function link(href, text) {
    var anchor = document.createElement("a");
    anchor.href = href;
    anchor.textContent = text;
    return anchor;
  }

  function paragraph() {
    var p = document.createElement("p");
    Array.prototype.forEach.call(arguments, function (part) {
      p.append(part);
    });
    return p;
  }

  function render(box, query, nearest) {
    box.replaceChildren();
    box.append(paragraph("No playbook matches \u201c" + query + "\u201d."));
    if (nearest.length) {
      box.append(paragraph("Did you mean:"));
      var list = document.createElement("ul");
      list.className = "pb-search-help__titles";
      nearest.forEach(function (entry) {
        var item = document.createElement("li");
        item.append(link(new URL(entry.location, site).href, entry.title));
        list.append(item);
      });
      box.append(list);
    }
    box.append(paragraph(link(finder, "Browse every playbook in the finder"), " by domain, specialty or member."));
    box.append(paragraph("Not there? ", link(propose, "Propose a playbook"),
                         ": any member hospital may contribute one."));
    box.hidden = false;
    box.dataset.shown = query;
  }

  function update() {
    var result = document.querySelector(".md-search-result");
    var input = document.querySelector(".md-search__input");
    if (!result || !input) return;
    var list = result.querySelector(".md-search-result__list");
    var box = result.querySelector(".pb-search-help");
    if (!box) {
      box = document.createElement("div");
      box.className = "pb-search-help";
      box.hidden = true;
      box.setAttribute("aria-live", "polite");
      list.before(box);
    }
    var query = input.value.trim();
    /* The results shown answer the query in the box (answers.js names it on the list). */
    var answered = list.dataset.query === input.value;
    var meta = result.querySelector(".md-search-result__meta").textContent;
    var none = JSON.parse(document.getElementById("__config").textContent).translations["search.result.none"];
    if (!query || list.children.length || meta !== none) {
      if (!box.hidden) {
        box.hidden = true;
        box.replaceChildren();
        delete box.dataset.query;
        delete box.dataset.shown;
      }
      return;
    }
    if (!answered || box.dataset.query === query || query.length < SHORTEST) return;
    box.dataset.query = query;
    setTimeout(function () {
      if (input.value.trim() !== query || box.dataset.query !== query || list.children.length ||
          list.dataset.query !== input.value) return;
      loadTitles().then(function (all) {
        if (input.value.trim() !== query || box.dataset.query !== query) return;
        render(box, query, self.PlaybookSearch.nearestTitles(query, all, 3));
      });
    }, PAUSE_MS);
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; update(); });
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
})();
