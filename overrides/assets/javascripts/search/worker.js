/*
 * Material's search worker, replaced (Material allows a custom worker that speaks
 * its messages): it answers Material's search box with the results of engine.js,
 * fetching the index's files only when a query needs them. It runs as a Web
 * Worker on a web server and in the offline bundle inside Material's iframe-worker
 * shim, where importScripts returns a promise (so every call here is awaited).
 */
"use strict";

/* Material's message types (src/.../search/worker/message). */
var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

/* This script's own address: in the shim, the iframe's first script. */
var here = typeof document !== "undefined" && document.querySelector("script[src]")
  ? document.querySelector("script[src]").src : self.location.href;
var site = new URL("../../../", here).href;

var engine = Promise.resolve(importScripts(new URL("engine.js", here).href)).then(function () {
  return new self.PlaybookSearch.Engine(function (names) {
    return importScripts.apply(self, names.map(function (name) { return site + "search/" + name + ".js"; }));
  });
});

/* Queries are answered in the order typed; one overtaken by a newer query is not answered. Each
   answer names its query (data.query, as typed), so the page shows only the answer to the query
   still in the box (answers.js): a newer query may be on its way here as this answer leaves. */
var latest = 0, queue = Promise.resolve();

addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    engine.then(function () { postMessage({ type: READY }); });
  } else if (message.type === QUERY) {
    var number = ++latest;
    queue = queue.then(function () {
      if (number !== latest) return null;
      return engine.then(function (search) { return search.search(message.data); }).then(function (result) {
        if (number === latest) postMessage({ type: RESULT, data: { items: result.items, query: message.data } });
      }, function (error) {
        console.warn("search failed:", error);
        if (number === latest) postMessage({ type: RESULT, data: { items: [], query: message.data } });
      });
    });
  }
});
