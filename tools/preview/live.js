// `make serve` only (tools/preview/live.py serves this file; the built site never holds it).
// Asks the preview server how the last rebuild went: reloads the page after a rebuild that passed,
// shows the problems of one that failed at the top of the page, in the site's own notice style.
(function () {
  "use strict";
  var script = document.currentScript;
  var pageVersion = Number(script.dataset.version);
  var base = script.src.replace(/live\.js$/, "");
  var notice = null;

  function show(problems) {
    if (notice) notice.remove();
    notice = document.createElement("div");
    notice.className = "admonition failure";
    notice.id = "pb-preview-problems";
    notice.setAttribute("role", "alert");
    var title = document.createElement("p");
    title.className = "admonition-title";
    title.textContent = "The preview stopped: " + problems.length +
      (problems.length === 1 ? " problem" : " problems") + " to fix";
    notice.appendChild(title);
    var list = document.createElement("ul");
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      var code = document.createElement("code");
      var where = problem.match(/^[^\s:]+(?::\d+)?/);
      code.textContent = where ? where[0] : "";
      item.appendChild(code);
      item.appendChild(document.createTextNode(where ? problem.slice(where[0].length) : problem));
      list.appendChild(item);
    });
    notice.appendChild(list);
    var advice = document.createElement("p");
    advice.textContent = "Fix each line in the file it names and save: this page comes back by itself. " +
      "The terminal running make serve lists the same problems.";
    notice.appendChild(advice);
    var content = document.querySelector("article.md-content__inner") || document.body;
    content.insertBefore(notice, content.firstChild);
    notice.scrollIntoView({block: "start"});
  }

  function poll(known) {
    fetch(base + "state/" + known, {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.problems.length) {
          show(state.problems);
        } else if (state.version > pageVersion) {
          location.reload();
          return;
        }
        poll(state.version);
      })
      .catch(function () { setTimeout(function () { poll(known); }, 1000); });
  }

  poll(-1);
})();
