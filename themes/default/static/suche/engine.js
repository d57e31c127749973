/* The search engine without any page, over the index files of builder/search/index.py: which
   files a query needs, then the ranked documents. Used by search.js in the browser and by
   the tests in Node. Plain ES5.

   A query word matches a document through its own term (a form equal to the typed word:
   exact; another form: stem; a compound holding it: part), the place of an adjective
   ("hessische" -> Hessen), a term one or two edits away (typo; two for long words; for a
   word the index knows, only terms of few documents, the misspellings in entries) or, for
   the last word while it is no term, a term it starts (prefix). Every word must match
   (AND). A document's score is the sum over the words of the best BM25 score (the stored
   per-document part times the word's idf) times the weight of the kind of match; scores within 10 %
   of each other count as equal, and then the newer document (higher number) comes first. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) { module.exports = factory; }
  else { root.DigestEngine = factory; }
}(this, function (analysis) {
  "use strict";
  analysis = analysis || (typeof DigestAnalysis !== "undefined" ? DigestAnalysis : null);
  var SCORE_STEPS = 16;       /* builder/search/index.py */
  var WEIGHT = {exact: 1, stem: 0.7, place: 0.7, prefix: 0.5, part: 0.4, typo1: 0.2, typo2: 0.12};
  var MAX_PREFIX_TERMS = 4;  /* the shortest: while the reader types, not the whole list */
  var BAND = 10;              /* score bands per unit of log(score): ~10 % */

  function newStore() {
    return {index: null, postings: {}, decoded: {}, vocabulary: {}, documents: {}, facets: {}};
  }

  /* FNV-1a over the term's characters, as bucket_of in builder/search/index.py. */
  function bucketOf(term, buckets) {
    var value = 0x811C9DC5;
    for (var i = 0; i < term.length; i++) {
      value = Math.imul(value ^ term.charCodeAt(i), 0x01000193) >>> 0;
    }
    return value % buckets;
  }

  function prefixOf(term) {
    var name = "";
    for (var i = 0; i < term.length && i < 2; i++) { name += ("000" + term.charCodeAt(i).toString(16)).slice(-4); }
    return name;
  }

  function hasBucket(index, bucket) {
    return (parseInt(index.postings.charAt(2 * (bucket >> 3)) + index.postings.charAt(2 * (bucket >> 3) + 1), 16) &
            (1 << (bucket & 7))) !== 0;
  }

  /* The posting of a term as {numbers, steps, forms (per document: form indexes)}, or null;
     undefined while its bucket is not loaded. */
  function posting(store, term) {
    if (store.decoded.hasOwnProperty(term)) { return store.decoded[term]; }
    var bucket = bucketOf(term, store.index.buckets);
    if (!hasBucket(store.index, bucket)) { return null; }
    var loaded = store.postings[bucket];
    if (!loaded) { return undefined; }
    var raw = loaded[term];
    if (!raw) { store.decoded[term] = null; return null; }
    /* (delta, step, form) triples; (delta, step) pairs for a term of one form */
    var values = raw[1], width = raw[0].length > 1 ? 3 : 2, numbers = [], steps = [], forms = [], number = 0;
    for (var i = 0; i < values.length; i += width) {
      var form = width === 3 ? values[i + 2] : 0;
      if (i && values[i] === 0) {  /* another form of the same document */
        forms[forms.length - 1].push(form);
        continue;
      }
      number += values[i];
      numbers.push(number);
      steps.push(values[i + 1]);
      forms.push([form]);
    }
    var decoded = {names: raw[0], numbers: numbers, steps: steps, forms: forms};
    store.decoded[term] = decoded;
    return decoded;
  }

  /* Edit distance of a and b, or limit + 1 when it is larger. */
  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) { return limit + 1; }
    var previous = [], current, i, j;
    for (j = 0; j <= b.length; j++) { previous.push(j); }
    for (i = 1; i <= a.length; i++) {
      current = [i];
      var smallest = i;
      for (j = 1; j <= b.length; j++) {
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1,
                              previous[j - 1] + (a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1)));
        smallest = Math.min(smallest, current[j]);
      }
      if (smallest > limit) { return limit + 1; }
      previous = current;
    }
    return previous[b.length];
  }

  function allowedEdits(term) { return term.length >= 10 ? 2 : (term.length >= 6 ? 1 : 0); }

  /* The words of a query with the terms each may match ({term, kind}), and the index files
     still missing to know them ("t/12.js", "v/00760065.js"); the words are complete when
     `missing` is empty. */
  function plan(store, query) {
    var words = analysis.queryWords(query), missing = [], index = store.index;
    if (!index) { return {words: words, missing: words.length ? ["index.js"] : []}; }
    function need(name) { if (missing.indexOf(name) < 0) { missing.push(name); } }
    function needTerm(term) {
      if (posting(store, term) === undefined) { need("t/" + bucketOf(term, index.buckets) + ".js"); }
    }
    for (var w = 0; w < words.length; w++) {
      needTerm(words[w].term);
      var prefix = prefixOf(words[w].term);
      if (index.vocabulary.indexOf(prefix) >= 0 && !store.vocabulary[prefix]) { need("v/" + prefix + ".js"); }
    }
    if (missing.length) { return {words: words, missing: missing}; }
    for (var v = 0; v < words.length; v++) {
      var word = words[v], term = word.term;
      var vocabulary = store.vocabulary[prefixOf(term)] || {terms: [], rare: [], places: {}};
      var known = !!posting(store, term);
      word.keys = known ? [{term: term, kind: "word"}] : [];
      if (vocabulary.places.hasOwnProperty(term)) { word.keys.push({term: vocabulary.places[term], kind: "place"}); }
      /* a word the index knows meets only rare terms as typos (misspellings in entries) */
      var edits = allowedEdits(term), prefixed = [], rare = known ? {} : null;
      for (var r = 0; known && r < vocabulary.rare.length; r++) { rare[vocabulary.rare[r]] = true; }
      for (var t = 0; t < vocabulary.terms.length; t++) {
        var other = vocabulary.terms[t];
        if (other === term) { continue; }
        var distance = edits && (!rare || rare[other]) ? editDistance(term, other, edits) : edits + 1;
        if (distance <= edits) { word.keys.push({term: other, kind: "typo" + distance}); }
        else if (!known && v === words.length - 1 && term.length >= 3 && other.indexOf(term) === 0) {
          prefixed.push(other);
        }
      }
      prefixed.sort(function (a, b) { return a.length - b.length || (a < b ? -1 : 1); });
      for (var p = 0; p < prefixed.length && p < MAX_PREFIX_TERMS; p++) { word.keys.push({term: prefixed[p], kind: "prefix"}); }
      for (var k = 0; k < word.keys.length; k++) { needTerm(word.keys[k].term); }
    }
    return {words: words, missing: missing};
  }

  /* The weight of a match of `word` through `key` in a document holding `forms` (names). */
  function weight(word, key, names, forms) {
    if (key.kind !== "word") { return WEIGHT[key.kind]; }
    var best = 0;
    for (var f = 0; f < forms.length; f++) {
      var name = names[forms[f]];
      best = Math.max(best, name.charAt(0) === "+" ? WEIGHT.part : (name === word.form ? WEIGHT.exact : WEIGHT.stem));
    }
    return best;
  }

  /* BM25's idf of a word, from the number of documents any of its terms matches: one
     rarity per word, so that the kind of match alone decides between its terms. */
  function inverseFrequency(store, word, documents) {
    var matched = {}, count = 0;
    for (var k = 0; k < word.keys.length; k++) {
      var found = posting(store, word.keys[k].term);
      for (var d = 0; found && d < found.numbers.length; d++) {
        if (!matched[found.numbers[d]]) { matched[found.numbers[d]] = true; count++; }
      }
    }
    return Math.log(1 + (documents - count + 0.5) / (count + 0.5));
  }

  /* The documents matching every word of a complete plan, best first:
     [{number, score, forms: {form: true}}] (forms: the words to highlight). */
  function search(store, words) {
    var documents = store.index.documents, total = null;
    for (var w = 0; w < words.length; w++) {
      var word = words[w], best = {};
      var idf = inverseFrequency(store, word, documents);
      for (var k = 0; k < word.keys.length; k++) {
        var key = word.keys[k], found = posting(store, key.term);
        if (!found) { continue; }
        for (var d = 0; d < found.numbers.length; d++) {
          var number = found.numbers[d];
          if (total && !total.hasOwnProperty(number)) { continue; }
          var score = idf * (Math.exp(found.steps[d] / SCORE_STEPS) - 1) *
                      weight(word, key, found.names, found.forms[d]);
          var hit = best[number] || (best[number] = {score: 0, forms: total ? total[number].forms : {}});
          hit.score = Math.max(hit.score, score);
          for (var f = 0; f < found.forms[d].length; f++) {
            hit.forms[found.names[found.forms[d][f]].replace(/^\+/, "")] = true;
          }
        }
      }
      for (var number2 in best) {
        if (best.hasOwnProperty(number2) && total) { best[number2].score += total[number2].score; }
      }
      total = best;
    }
    var results = [];
    for (var n in total) {
      if (total.hasOwnProperty(n)) {
        results.push({number: +n, score: total[n].score, band: Math.floor(Math.log(total[n].score) * BAND),
                      forms: total[n].forms});
      }
    }
    results.sort(function (a, b) { return b.band - a.band || b.number - a.number; });
    return results;
  }

  /* Which facet chunk holds a document. */
  function facetChunk(store, number) { return Math.floor(number / store.index.facetChunk); }

  /* A document's facet values: {taxonomy name: [values]}, or null while not loaded. */
  function facetsOf(store, number) {
    var chunk = store.facets[facetChunk(store, number)];
    if (!chunk) { return null; }
    var row = chunk[number % store.index.facetChunk], values = {};
    for (var t = 0; t < store.index.facetNames.length; t++) {
      var names = [];
      for (var i = 0; i < row[t].length; i++) { names.push(store.index.facets[t][row[t][i]]); }
      values[store.index.facetNames[t]] = names;
    }
    return values;
  }

  var knownForms = {};  /* word -> form: texts repeat their words */

  function formOf(word) {
    if (!knownForms.hasOwnProperty(word)) {
      knownForms[word] = /\S/.test(word) ? analysis.form(analysis.normaliseText(word).toLowerCase()) : "";
    }
    return knownForms[word];
  }

  /* Pieces of `text` as [{text, mark}] with the words whose form is in `forms` marked. */
  function marked(text, forms) {
    var parts = text.split(/([\s\-\u2013\u2014\/]+)/), pieces = [];
    for (var i = 0; i < parts.length; i++) {
      var found = formOf(parts[i]);
      pieces.push({text: parts[i], mark: !!found && forms.hasOwnProperty(found)});
    }
    return pieces;
  }

  /* A short excerpt of `text` around its first marked word (about `length` characters), as
     marked() pieces, with "…" where it is cut; null when no word of `text` is marked. */
  function snippet(text, forms, length) {
    var pieces = marked(text, forms), first = -1;
    for (var i = 0; i < pieces.length; i++) { if (pieces[i].mark) { first = i; break; } }
    if (first < 0) { return null; }
    var start = first, size = pieces[first].text.length;
    while (start > 0 && size < length / 3) { start--; size += pieces[start].text.length; }
    var end = first;
    while (end < pieces.length - 1 && size < length) { end++; size += pieces[end].text.length; }
    var result = pieces.slice(start, end + 1);
    if (start > 0) { result.unshift({text: "… ", mark: false}); }
    if (end < pieces.length - 1) { result.push({text: " …", mark: false}); }
    return result;
  }

  return {analysis: analysis, newStore: newStore, plan: plan, search: search, bucketOf: bucketOf,
          editDistance: editDistance, facetChunk: facetChunk, facetsOf: facetsOf,
          marked: marked, snippet: snippet};
}));
