/* Test helper: runs the site's own search engine in Node.
   stdin: {"root": "<project root>", "shards": [paths of shard-N.js], "queries": [...],
           "texts": [...]}
   stdout: {"results": [[ids of query 1], ...], "terms": [[terms of text 1], ...]} */
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
var engine = require(path.join(themeSearch, "engine.js"))(lunr, analysis);

var shards = [];
var sandbox = {DigestSearch: {addShard: function (data) {
  shards[data.shard] = engine.loadShard(data);
}}};
(input.shards || []).forEach(function (file) {
  vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox);
});
var results = (input.queries || []).map(function (query) {
  return engine.search(shards, engine.terms(query)).map(function (hit) { return hit.doc.id; });
});
var terms = (input.texts || []).map(function (text) {
  return analysis.words(text).map(function (w) { return w.term; }).filter(Boolean);
});
process.stdout.write(JSON.stringify({results: results, terms: terms}));
