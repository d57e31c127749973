/* The search engine without any page: analysis of the query, AND over its words, scores
   across shards. Used by search.js in the browser and by the tests in Node. Plain ES5. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) { module.exports = factory; }
  else { root.DigestEngine = factory; }
}(this, function (lunr, analysis) {
  "use strict";
  analysis = analysis || (typeof DigestAnalysis !== "undefined" ? DigestAnalysis : null);

  /* How many (document, field) pairs of a shard hold the term: lunr's document frequency. */
  function withTerm(shard, term) {
    var posting = shard.index.invertedIndex[term], count = 0;
    for (var field in posting) {
      if (field !== "_index") { count += Object.keys(posting[field]).length; }
    }
    return count;
  }

  /* lunr's inverse document frequency (lunr.idf) from the counts. */
  function idf(documentsWithTerm, documents) {
    return Math.log(1 + Math.abs((documents - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5)));
  }

  /* Counts over all loaded shards, as if they were one index: documents, and per term the
     (document, field) pairs that hold it. */
  function statistics(shards, terms) {
    var stats = {documents: 0, withTerm: Object.create(null)};
    for (var t = 0; t < terms.length; t++) { stats.withTerm[terms[t]] = 0; }
    for (var s = 0; s < shards.length; s++) {
      if (!shards[s]) { continue; }
      stats.documents += shards[s].docs.length;
      for (var u = 0; u < terms.length; u++) { stats.withTerm[terms[u]] += withTerm(shards[s], terms[u]); }
    }
    return stats;
  }

  /* Scores of the documents of one shard that match every term (AND). Each term matches
     exactly (boosted), within one edit for longer words, and - for the last word when it is
     no word of any loaded shard - as a prefix, which finds results while the reader types.
     A shard's index weighs a term by its own idf; a term's scores are rescaled to the idf
     over all loaded shards, so that scores of different shards compare as in one index. */
  function searchShard(shard, terms, stats) {
    var total = null;
    for (var t = 0; t < terms.length; t++) {
      var term = terms[t];
      var own = withTerm(shard, term);
      var last = t === terms.length - 1 && !stats.withTerm[term];
      var weight = own ? idf(stats.withTerm[term], stats.documents) / idf(own, shard.docs.length) : 1;
      var found = {};
      var matches = shard.index.query(function (query) {
        query.term(term, {usePipeline: false, boost: 10});
        if (term.length >= 6) { query.term(term, {usePipeline: false, editDistance: 1, boost: 1}); }
        if (last && term.length >= 3) {
          query.term(term, {usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 2});
        }
      });
      for (var m = 0; m < matches.length; m++) {
        if (total === null || total.hasOwnProperty(matches[m].ref)) {
          found[matches[m].ref] = (total ? total[matches[m].ref] : 0) + matches[m].score * weight;
        }
      }
      total = found;
    }
    var results = [];
    for (var ref in total) {
      if (total.hasOwnProperty(ref)) { results.push({doc: shard.docs[+ref], score: total[ref]}); }
    }
    return results;
  }

  function descending(a, b) { return a < b ? 1 : (a > b ? -1 : 0); }

  /* A shard as a page script hands it over ({shard, index, fields, docs}, see
     builder/search/index.py), with its index loaded and each entry's display list made an
     object keyed by the field names, so that nothing reads a value by its position. */
  function loadShard(data) {
    var docs = [];
    for (var d = 0; d < data.docs.length; d++) {
      var doc = {};
      for (var f = 0; f < data.fields.length; f++) { doc[data.fields[f]] = data.docs[d][f]; }
      docs.push(doc);
    }
    return {index: lunr.Index.load(data.index), docs: docs};
  }

  /* Best first; on equal scores newer first, then as the site lists them (id descending),
     so the order never depends on the order in which the shards arrived. */
  function compareResults(a, b) {
    return b.score - a.score || descending(a.doc.date, b.doc.date) || descending(a.doc.id, b.doc.id);
  }

  /* Results of all loaded shards (an array by shard number, with gaps for shards still
     loading), merged. Each result is {doc, score}; doc is an entry's display data by field
     name (loadShard). */
  function search(shards, terms) {
    var results = [];
    var stats = statistics(shards, terms);
    for (var s = 0; s < shards.length; s++) {
      if (shards[s] && terms.length) { results = results.concat(searchShard(shards[s], terms, stats)); }
    }
    results.sort(compareResults);
    return results;
  }

  return {analysis: analysis, terms: analysis.queryTerms, search: search, loadShard: loadShard};
}));
