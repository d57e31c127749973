/* Benchmark helper: how long lunr.js takes to load the index shards and answer queries,
   with the site's own analysis and engine. stdin: {root, shards (in the page's order, newest
   first), first (how many of them the page loads at once), queries}. Each query runs once to
   warm up, then ROUNDS times; query_ms is the median of all those runs. */
var fs = require("fs"), path = require("path"), vm = require("vm");
var ROUNDS = 5;
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
input.shards.forEach(function (file, position) {
  vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox);
  if (position === (input.first || 1) - 1) { firstMs = Number(process.hrtime.bigint() - started) / 1e6; }
});
var allMs = Number(process.hrtime.bigint() - started) / 1e6;
function timed(query) {
  var t = process.hrtime.bigint();
  engine.search(shards, engine.terms(query));
  return Number(process.hrtime.bigint() - t) / 1e6;
}
input.queries.forEach(timed);
var times = [];
for (var round = 0; round < ROUNDS; round++) { times = times.concat(input.queries.map(timed)); }
times.sort(function (a, b) { return a - b; });
process.stdout.write(JSON.stringify({first_ms: firstMs, all_ms: allMs,
                                     query_ms: times[Math.floor(times.length / 2)]}));
