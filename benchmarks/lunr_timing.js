/* Benchmark helper: how long lunr.js takes to load the index shards and answer queries,
   with the site's own analysis and engine. stdin: {root, shards, queries}. */
var fs = require("fs"), path = require("path"), vm = require("vm");
var input = JSON.parse(fs.readFileSync(0, "utf8"));
var modules = path.join(input.root, "node_modules");
var lunr = require(path.join(modules, "lunr"));
require(path.join(modules, "lunr-languages/lunr.stemmer.support"))(lunr);
require(path.join(modules, "lunr-languages/lunr.de"))(lunr);
var scripts = path.join(input.root, "themes/default/static/suche");
var engine = require(path.join(scripts, "engine.js"))(lunr, require(path.join(scripts, "analysis.js"))(lunr));
var shards = [], firstMs = 0, started = process.hrtime.bigint();
var sandbox = {DigestSearch: {addShard: function (data) {
  shards[data.shard] = {index: lunr.Index.load(data.index), docs: data.docs};
}}};
input.shards.forEach(function (file, number) {
  vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox);
  if (number === 0) { firstMs = Number(process.hrtime.bigint() - started) / 1e6; }
});
var allMs = Number(process.hrtime.bigint() - started) / 1e6;
var times = input.queries.map(function (query) {
  var t = process.hrtime.bigint();
  engine.search(shards, engine.terms(query));
  return Number(process.hrtime.bigint() - t) / 1e6;
}).sort(function (a, b) { return a - b; });
process.stdout.write(JSON.stringify({first_ms: firstMs, all_ms: allMs,
                                     query_ms: times[Math.floor(times.length / 2)]}));
