/* Test helper: runs the site's own search engine in Node over a built site's index files,
   loading only the files each query needs, as the page does.
   stdin: {"root": "<project root>", "index": "<folder of index.js>", "queries": [...],
           "shown": <documents loaded per query, as the page's first screen; default all>,
           "facets": <true: load the facets of all results also for a large archive>,
           "texts": [...]}
   stdout: {"results": [[ids of query 1, best first], ...], "files": [[index files query 1
            loaded, relative to the folder], ...], "terms": [[terms of text 1], ...]} */
var fs = require("fs");
var path = require("path");
var vm = require("vm");
var input = JSON.parse(fs.readFileSync(0, "utf8"));
var modules = path.join(input.root, "node_modules");
var lunr = require(path.join(modules, "lunr"));
require(path.join(modules, "lunr-languages/lunr.stemmer.support"))(lunr);
require(path.join(modules, "lunr-languages/lunr.de"))(lunr);
var themeSearch = path.join(input.root, "themes/default/static/suche");
var analysis = require(path.join(themeSearch, "analysis.js"))(lunr);
var engine = require(path.join(themeSearch, "engine.js"))(analysis);

function answer(query) {
  var store = engine.newStore(), loaded = [];
  var sandbox = {DigestSearch: {
    setIndex: function (data) { store.index = data; },
    addPostings: function (bucket, terms) { store.postings[bucket] = terms; },
    addVocabulary: function (prefix, data) { store.vocabulary[prefix] = data; },
    addDocument: function (number, data) { store.documents[number] = data; },
    addFacets: function (chunk, rows) { store.facets[chunk] = rows; }
  }};
  function load(names) {
    names.forEach(function (name) {
      loaded.push(name);
      vm.runInNewContext(fs.readFileSync(path.join(input.index, name), "utf8"), sandbox);
    });
  }
  load(["index.js"]);
  var plan = engine.plan(store, query);
  for (var rounds = 0; plan.missing.length && rounds < 5; rounds++) {
    load(plan.missing);
    plan = engine.plan(store, query);
  }
  if (!plan.words.length) { return {ids: [], files: loaded}; }
  var results = engine.search(store, plan.words);
  var chunks = {};
  if (input.facets || Math.ceil(store.index.documents / store.index.facetChunk) <= 4) {  /* as search.js */
    results.forEach(function (result) { chunks[engine.facetChunk(store, result.number)] = true; });
  }
  load(Object.keys(chunks).map(function (chunk) { return "f/" + chunk + ".js"; }));
  var shown = input.shown === undefined ? results.length : input.shown;
  load(results.slice(0, shown).map(function (result) { return "d/" + result.number + ".js"; }));
  var ids = results.map(function (result) {
    var doc = store.documents[result.number];
    return doc ? doc.id : "#" + result.number;
  });
  return {ids: ids, files: loaded};
}

var answers = (input.queries || []).map(answer);
var terms = (input.texts || []).map(function (text) {
  return analysis.words(text).map(function (w) { return w.term; }).filter(Boolean);
});
process.stdout.write(JSON.stringify({results: answers.map(function (a) { return a.ids; }),
                                     files: answers.map(function (a) { return a.files; }),
                                     terms: terms}));
