/*
 * Material's own search worker with a query transform, for the engine comparison of
 * `make bench` (tools/bench/material_search.py copies it into a bench site, never the project's):
 * each word of five letters or more is also searched one letter off (lunr's `~1`), and
 * each form of a group of data/search-variants.yml and the glossary also brings the others.
 * Material's worker then ranks with lunr as it always does.
 */
"use strict";

var VARIANTS = __VARIANTS__;
var MATERIAL_WORKER = new URL(__MATERIAL_WORKER__, self.location.href).href;

function words(text) {
  return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").match(/[a-z0-9]+/g) || [];
}

function tuned(query) {
  var typed = words(query), joined = typed.join(" "), extra = [];
  typed.forEach(function (word) { if (word.length >= 5) extra.push(word + "~1"); });
  VARIANTS.forEach(function (group) {
    var found = group.some(function (form) {
      return (" " + joined + " ").indexOf(" " + form.join(" ") + " ") >= 0 || typed.indexOf(form.join("")) >= 0;
    });
    if (found) group.forEach(function (form) { extra.push.apply(extra, form); });
  });
  return extra.length ? query.replace(/\s*$/, " ") + extra.join(" ") : query;
}

/* Each answer names the query it answers, as the site's worker does (the page shows only the answer to the
   query in its box: overrides/assets/javascripts/search/answers.js). Material's worker answers in order. */
var asked = [];
var post = self.postMessage.bind(self);
self.postMessage = function (message) {
  if (message && message.type === 3 && asked.length)
    message = { type: 3, data: Object.assign({}, message.data, { query: asked.shift() }) };
  return post(message);
};

var listen = self.addEventListener.bind(self);
self.addEventListener = function (type, handler, options) {
  if (type !== "message") return listen(type, handler, options);
  return listen(type, function (event) {
    var message = event.data;
    if (message && message.type === 2 && typeof message.data === "string") {
      asked.push(message.data);
      return handler({ data: { type: 2, data: tuned(message.data) } });
    }
    return handler(event);
  }, options);
};
importScripts(MATERIAL_WORKER);
