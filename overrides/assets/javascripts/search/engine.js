/*
 * The site's search engine, run by the search worker (worker.js) and, for
 * "Did you mean", by the page (help.js). The index it reads is written by the
 * build (network/search_index.py) as small scripts under search/, fetched only
 * when a query needs them; words are read by the rules of network/search_text.py.
 *
 * How a page ranks (the rule the relevance suite in tests/browser/ holds):
 *   1. how many of the query's words it has, in any field, exact or nearly;
 *   2. in which fields: a word in the title outweighs any number of words
 *      found only in headings, the summary or the checklist, which outweigh the body
 *      (FIELD_WEIGHT); a word found nearly (a typo) or by its start counts less
 *      (QUALITY) but still counts as a word found;
 *   3. how rare the words it matches are across the site (so matching the same
 *      number of words in the same fields, the rarer words win);
 *   4. only then a playbook's status and review state (network/search.py);
 *   5. then a page whose matched words share one section.
 * A retired playbook is moved below its replacement when both are found.
 */
(function (root) {
  "use strict";

  /* The same rules as network/search_text.py (tests/test_search_index.py compares them). */
  var STOP_WORDS = new Set(("a an and are as at be by for from has have in into is it its of on or so than " +
    "that the their then there these this to was were will with").split(" "));
  var NOT_PLURAL = ["ss", "us", "is", "ous"];
  var FUZZY_MIN_LENGTH = 5;
  var WORD = /[a-z0-9]+(?:-[a-z0-9]+)*/g;

  /* Field codes of the index (1 body, 2 headings, summary and checklist, 3 title) to weights. */
  var FIELD_WEIGHT = [0, 1, 10, 100];
  /* A word found as typed counts fully; by its start (while typing), or one or two letters off, less. */
  var QUALITY = { exact: 1, prefix: 0.75, oneOff: 0.6, twoOff: 0.45 };
  /* At most this many words of the index stand in for a word typed by its start or with a typo. */
  var CANDIDATES = 12;
  /* Results shown, and sections under each: what a reader scans, and all whose texts are fetched. */
  var RESULTS = 20;
  var SECTIONS = 3;
  var RETIRED = 3;

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").replace(/['\u2019]/g, "");
  }

  function stem(word) {
    if (word.length >= FUZZY_MIN_LENGTH && word.endsWith("s") &&
        !NOT_PLURAL.some(function (end) { return word.endsWith(end); })) return word.slice(0, -1);
    return word;
  }

  function queryWords(text) {
    return (fold(text).match(WORD) || [])
      .map(function (word) { return stem(word.replace(/-/g, "")); })
      .filter(function (word) { return !STOP_WORDS.has(word); });
  }

  /* Optimal string alignment distance (a swap of two letters is one edit), or max + 1 beyond max. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var previous2 = null, previous = [], i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      var row = [i], best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (previous2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          value = Math.min(value, previous2[j - 2] + 1);
        row.push(value);
        best = Math.min(best, value);
      }
      if (best > max) return max + 1;
      previous2 = previous;
      previous = row;
    }
    return previous[b.length];
  }

  /* The file of postings that holds `word` (network/search_index.py, shard). */
  function shardOf(word, meta) {
    return (word + "_".repeat(meta.shardLetters)).slice(0, meta.shardLetters);
  }

  function data() {
    return root.pbSearch || (root.pbSearch = {});
  }

  /* `load(names)` brings the index files named (without .js) into self.pbSearch; it may return a promise. */
  function Engine(load) {
    this.load = load;
    this.vocabulary = {};
    this.postings = {};
  }

  Engine.prototype.need = function (names) {
    var have = data();
    var missing = names.filter(function (name, at) { return !(name in have) && names.indexOf(name) === at; });
    return Promise.resolve(missing.length ? this.load(missing) : null);
  };

  /* The index's words of one first letter: {several: words found on several pages, once: on one page only}. */
  Engine.prototype.words = function (letter) {
    if (!(letter in this.vocabulary)) {
      var lists = data()["w-" + letter] || ["", ""];
      var several = lists[0] ? lists[0].split(" ") : [], once = lists[1] ? lists[1].split(" ") : [];
      this.vocabulary[letter] = { several: new Set(several), once: new Set(once), all: several.concat(once) };
    }
    return this.vocabulary[letter];
  };

  /* The index's words that stand for `term`: itself, and unless it is a word of several pages, words it
     starts (the word being typed) and near misses (a word on one page only may be a typo itself). */
  Engine.prototype.candidates = function (term, typing) {
    var vocabulary = this.words(term[0]), words = vocabulary.all;
    if (vocabulary.several.has(term)) return [{ word: term, quality: QUALITY.exact }];
    var found = vocabulary.once.has(term) ? [{ word: term, quality: QUALITY.exact, near: 0 }] : [];
    if (found.length) typing = false;
    if (typing && term.length >= 3)
      words.forEach(function (word) {
        if (word.startsWith(term)) found.push({ word: word, quality: QUALITY.prefix, near: word.length });
      });
    /* A word being typed that starts words of the index is not a typo (and near misses would cost fetches). */
    var started = found.some(function (candidate) { return candidate.quality === QUALITY.prefix; });
    if (term.length >= FUZZY_MIN_LENGTH && !started)
      words.forEach(function (word) {
        var d = distance(term, word, 2);
        if (d > 0 && d <= 2 && !word.startsWith(term))
          found.push({ word: word, quality: d === 1 ? QUALITY.oneOff : QUALITY.twoOff, near: d * 100 + word.length });
      });
    found.sort(function (x, y) { return y.quality - x.quality || x.near - y.near; });
    return found.slice(0, CANDIDATES);
  };

  Engine.prototype.decode = function (word) {
    if (!(word in this.postings)) {
      var shard = data()["p-" + shardOf(word, data().meta)] || {};
      var list = [], doc = 0;
      (shard[word] ? shard[word].split(",") : []).forEach(function (entry) {
        var value = parseInt(entry, 36);
        doc += value >> 2;
        list.push([doc, value & 3]);
      });
      this.postings[word] = list;
    }
    return this.postings[word];
  };

  Engine.prototype.pageOf = function (doc) {
    var starts = data().meta.pageStarts, low = 0, high = starts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (starts[middle] <= doc) low = middle; else high = middle - 1;
    }
    return low;
  };

  /* Each slot is a word typed, with the forms that may stand for it (its variants from data/search-variants.yml). */
  function slotsOf(words, variants) {
    var slots = words.map(function (word) { return { word: word, forms: [[word]] }; });
    variants.forEach(function (group) {
      group.forEach(function (form) {
        for (var i = 0; i + form.length <= words.length; i++) {
          if (!form.every(function (word, k) { return words[i + k] === word; })) continue;
          for (var k = 0; k < form.length; k++)
            group.forEach(function (other) { if (other !== form) slots[i + k].forms.push(other); });
        }
      });
    });
    return slots;
  }

  /* For one term: page -> {value, docs} where value = field weight x quality, at its best in the page. */
  Engine.prototype.termMatches = function (term, typing) {
    var self = this, pages = new Map();
    this.candidates(term, typing).forEach(function (candidate) {
      self.decode(candidate.word).forEach(function (posting) {
        var value = FIELD_WEIGHT[posting[1]] * candidate.quality, page = self.pageOf(posting[0]);
        var match = pages.get(page);
        if (!match) pages.set(page, match = { value: 0, docs: new Map() });
        match.value = Math.max(match.value, value);
        match.docs.set(posting[0], Math.max(match.docs.get(posting[0]) || 0, value));
      });
    });
    return pages;
  };

  Engine.prototype.search = function (query) {
    var self = this, words = queryWords(query);
    if (!words.length) return Promise.resolve({ items: [] });
    var typing = !/\s$/.test(query);
    return this.need(["meta"]).then(function () {
      var meta = data().meta;
      var slots = slotsOf(words, meta.variants);
      var terms = new Set();
      slots.forEach(function (slot) { slot.forms.forEach(function (form) { form.forEach(function (t) { terms.add(t); }); }); });
      var letters = [];
      terms.forEach(function (term) { if (meta.letters.indexOf(term[0]) >= 0) letters.push("w-" + term[0]); });
      return self.need(letters).then(function () {
        var shards = [], last = words[words.length - 1];
        terms.forEach(function (term) {
          /* Every candidate is a word of the index, so its file of postings exists. */
          self.candidates(term, typing && term === last).forEach(function (candidate) {
            shards.push("p-" + shardOf(candidate.word, meta));
          });
        });
        return self.need(shards).then(function () { return self.rank(slots, typing && last); });
      });
    });
  };

  Engine.prototype.rank = function (slots, typedLast) {
    var self = this, meta = data().meta, pageCount = meta.pageStarts.length;
    var byTerm = new Map(), pages = new Map();
    function matches(term) {
      if (!byTerm.has(term)) byTerm.set(term, self.termMatches(term, term === typedLast));
      return byTerm.get(term);
    }
    slots.forEach(function (slot, number) {
      var best = new Map();
      slot.forms.forEach(function (form) {
        var lists = form.map(matches);
        var rarity = lists.reduce(function (sum, list) {
          return sum + Math.log(1 + pageCount / Math.max(1, list.size));
        }, 0) / lists.length;
        lists[0].forEach(function (first, page) {
          var value = first.value, docs = new Map(first.docs);
          for (var k = 1; k < lists.length; k++) {
            var other = lists[k].get(page);
            if (!other) return;
            value = Math.min(value, other.value);
            other.docs.forEach(function (v, doc) { docs.set(doc, Math.max(docs.get(doc) || 0, v)); });
          }
          var seen = best.get(page);
          if (!seen || value > seen.value) best.set(page, { value: value, rarity: rarity, docs: docs });
        });
      });
      best.forEach(function (match, page) {
        var entry = pages.get(page);
        if (!entry) pages.set(page, entry = { page: page, words: 0, fields: 0, rarity: 0, found: [], docs: new Map() });
        entry.words += 1;
        entry.fields += match.value;
        entry.rarity += match.value * match.rarity;
        entry.found[number] = true;
        match.docs.forEach(function (value, doc) {
          var seen = entry.docs.get(doc) || { value: 0, slots: 0 };
          entry.docs.set(doc, { value: seen.value + value, slots: seen.slots + 1 });
        });
      });
    });
    var ranked = Array.from(pages.values());
    ranked.forEach(function (entry) {
      entry.rank = Math.max(0, meta.ranks[entry.page]);
      entry.together = 0;
      entry.docs.forEach(function (doc) { entry.together = Math.max(entry.together, doc.slots); });
    });
    ranked.sort(function (a, b) {
      return b.words - a.words || b.fields - a.fields ||
        Math.round((b.rarity - a.rarity) * 1e6) || a.rank - b.rank ||
        b.together - a.together || a.page - b.page;
    });
    ranked = retiredAfterReplacement(ranked, meta);
    ranked = ranked.slice(0, RESULTS);
    return this.present(ranked, slots);
  };

  function retiredAfterReplacement(ranked, meta) {
    var result = ranked.slice();
    ranked.forEach(function (entry) {
      var replacement = meta.replacedBy[entry.page];
      if (entry.rank !== RETIRED || replacement === undefined) return;
      var at = result.indexOf(entry);
      var target = result.findIndex(function (other) { return other.page === replacement; });
      if (target > at) {
        result.splice(at, 1);
        result.splice(target, 0, entry);
      }
    });
    return result;
  }

  /* Material's result groups: the page first, then its best matching sections (see Material's search worker). */
  Engine.prototype.present = function (ranked, slots) {
    var meta = data().meta, starts = meta.pageStarts;
    var groups = ranked.map(function (entry) {
      var sections = Array.from(entry.docs.entries())
        .filter(function (pair) { return pair[0] !== starts[entry.page]; })
        .sort(function (x, y) { return y[1].slots - x[1].slots || y[1].value - x[1].value || x[0] - y[0]; })
        .slice(0, SECTIONS)
        .map(function (pair) { return pair[0]; });
      return { entry: entry, docs: [starts[entry.page]].concat(sections) };
    });
    var blocks = [];
    groups.forEach(function (group) {
      group.docs.forEach(function (doc) { blocks.push("d-" + Math.floor(doc / meta.documentsPerFile)); });
    });
    return this.need(blocks).then(function () {
      function item(doc, score, terms) {
        var row = data()["d-" + Math.floor(doc / meta.documentsPerFile)][doc % meta.documentsPerFile];
        return { location: row[0], title: row[1], text: row[2], score: score, terms: terms };
      }
      return {
        items: groups.map(function (group) {
          var terms = {};
          slots.forEach(function (slot, number) { terms[slot.word] = !!group.entry.found[number]; });
          return group.docs.map(function (doc, at) { return item(doc, at ? 0.5 : 1, at ? {} : terms); });
        })
      };
    });
  };

  /* "Did you mean": the titles nearest the query's words (looser than search: any length, more letters off). */
  function nearestTitles(query, titles, count) {
    var words = queryWords(query);
    if (!words.length) return [];
    return titles.map(function (entry, order) {
      var titleWords = queryWords(entry[1]);
      var score = words.reduce(function (sum, word) {
        return sum + titleWords.reduce(function (best, other) {
          var longest = Math.max(word.length, other.length);
          var similarity = other.startsWith(word) && word.length >= 3 ? 0.9
            : 1 - distance(word, other, longest) / longest;
          return Math.max(best, similarity);
        }, 0);
      }, 0);
      return { location: entry[0], title: entry[1], score: score, order: order };
    }).filter(function (entry) { return entry.score >= 0.5 * words.length * 0.5; })
      .sort(function (a, b) { return b.score - a.score || a.order - b.order; })
      .slice(0, count);
  }

  root.PlaybookSearch = { Engine: Engine, queryWords: queryWords, distance: distance, nearestTitles: nearestTitles };
})(self);
