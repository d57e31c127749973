/* The search engine without any page: analysis of the query, AND over its words, scores
   across shards. Used by search.js in the browser and by the tests in Node. Plain ES5. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) { module.exports = factory; }
  else { root.DigestEngine = factory; }
}(this, function (lunr, analysis) {
  "use strict";
  analysis = analysis || (typeof DigestAnalysis !== "undefined" ? DigestAnalysis : null);

  /* Scores of the documents of one shard that match every term (AND). Each term matches
     exactly (boosted), within one edit for longer words, and - for the last word when it is
     not a word of the index - as a prefix, which finds results while the reader types. */
  function searchShard(shard, terms) {
    var total = null;
    for (var t = 0; t < terms.length; t++) {
      var term = terms[t];
      var last = t === terms.length - 1 && !Object.prototype.hasOwnProperty.call(shard.index.invertedIndex, term);
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
          found[matches[m].ref] = (total ? total[matches[m].ref] : 0) + matches[m].score;
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

  /* Results of all loaded shards, best first (newer first on equal scores). Each result is
     {doc, score}; doc is the shard's display list [id, title, kicker, iso date, German date,
     regions, topics, summary]. */
  function search(shards, terms) {
    var results = [];
    for (var s = 0; s < shards.length; s++) {
      if (shards[s] && terms.length) { results = results.concat(searchShard(shards[s], terms)); }
    }
    results.sort(function (a, b) { return b.score - a.score || (b.doc[3] < a.doc[3] ? -1 : 1); });
    return results;
  }

  return {analysis: analysis, terms: analysis.queryTerms, search: search};
}));
