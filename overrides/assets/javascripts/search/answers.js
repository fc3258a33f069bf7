/*
 * Search shows only the answer to the query in the box. Material's search box sends
 * the search worker each query as it is typed and shows every answer that comes back;
 * on a busy device the answer to a query the reader has typed past ("sep" of "sepsis
 * bundle") can arrive after the next keystroke, and Material would show it. The
 * site's worker names the query each answer is for (worker.js, data.query). Loaded
 * before Material's bundle, this script gives every worker Material starts a first
 * listener: an answer to another query than the box holds goes no further, and an
 * answer let through marks the result list with its query (data-query), in the same
 * task as Material shows it. A worker that names no query (Material's own) is let be.
 */
(function () {
  "use strict";
  /* Material's message type of an answer (src/.../search/worker/message). */
  var RESULT = 3;
  var PageWorker = self.Worker;
  if (!PageWorker) return;

  function onlyTheCurrentAnswer(event) {
    var message = event.data;
    if (!message || message.type !== RESULT || !message.data || typeof message.data.query !== "string") return;
    var input = document.querySelector(".md-search__input");
    if (!input || input.value !== message.data.query) {
      event.stopImmediatePropagation();
      return;
    }
    var list = document.querySelector(".md-search-result__list");
    if (list) list.dataset.query = message.data.query;
  }

  function SearchWorker(url, options) {
    var worker = new PageWorker(url, options);
    worker.addEventListener("message", onlyTheCurrentAnswer);
    return worker;
  }
  SearchWorker.prototype = PageWorker.prototype;
  self.Worker = SearchWorker;
})();
