/* The search page: lunr.js over the index shards, filters, URL state. Results are built
   with DOM methods and textContent only, never from HTML strings. Plain ES5. */
(function () {
  "use strict";
  /* The filters, as the page declares them (data-facets, from the taxonomies in
     builder/sitemodel/taxonomies.py): [URL parameter, label, label of no filter, the
     result's field with its terms, newest first]. */
  var FILTERS = [];
  var MAX_RESULTS = 200;
  var shards = [];          /* {index, docs} by shard number (see builder/search/index.py) */
  var shardUrls = [];
  var requested = false;
  var engine = DigestEngine(lunr);
  var form, input, status, list, more, entryUrl, timer;

  window.DigestSearch = {
    addShard: function (data) {
      shards[data.shard] = engine.loadShard(data);
      if (form) { run(false); }
    }
  };

  function loadedCount() {
    var count = 0;
    for (var i = 0; i < shards.length; i++) { if (shards[i]) { count++; } }
    return count;
  }

  /* Load the shards that the page did not load itself (it loads the newest ones). */
  function requestOtherShards() {
    if (requested) { return; }
    requested = true;
    var present = {};
    var scripts = document.getElementsByTagName("script");
    for (var s = 0; s < scripts.length; s++) { present[scripts[s].getAttribute("src")] = true; }
    for (var i = 0; i < shardUrls.length; i++) {
      if (present[shardUrls[i]]) { continue; }
      var script = document.createElement("script");
      script.src = shardUrls[i];
      document.body.appendChild(script);
    }
  }

  function filterOf(name) {
    for (var i = 0; i < FILTERS.length; i++) { if (FILTERS[i][0] === name) { return FILTERS[i]; } }
    return null;
  }

  function facetValues(doc, name) { return doc[filterOf(name)[3]]; }

  function chosen() {
    var values = {};
    for (var i = 0; i < FILTERS.length; i++) { values[FILTERS[i][0]] = form.elements[FILTERS[i][0]].value; }
    return values;
  }

  function anyChosen(values) {
    for (var name in values) { if (values.hasOwnProperty(name) && values[name]) { return true; } }
    return false;
  }

  function passes(doc, values, except) {
    for (var name in values) {
      if (values.hasOwnProperty(name) && name !== except && values[name] &&
          facetValues(doc, name).indexOf(values[name]) < 0) { return false; }
    }
    return true;
  }

  /* Rebuild one filter's options: counts over the results that pass the other filters. */
  function updateFilter(name, allLabel, results, values) {
    var select = form.elements[name];
    var counts = {};
    var total = 0;
    for (var i = 0; i < results.length; i++) {
      if (!passes(results[i].doc, values, name)) { continue; }
      total++;
      var keys = facetValues(results[i].doc, name);
      for (var k = 0; k < keys.length; k++) { counts[keys[k]] = (counts[keys[k]] || 0) + 1; }
    }
    if (values[name] && !counts[values[name]]) { counts[values[name]] = 0; }
    var keysSorted = Object.keys(counts).sort(function (a, b) {
      return filterOf(name)[4] ? (b < a ? -1 : 1) : a.localeCompare(b, "de");
    });
    while (select.firstChild) { select.removeChild(select.firstChild); }
    select.appendChild(new Option(allLabel + " (" + total + ")", ""));
    for (var j = 0; j < keysSorted.length; j++) {
      var option = new Option(keysSorted[j] + " (" + counts[keysSorted[j]] + ")", keysSorted[j]);
      option.selected = keysSorted[j] === values[name];
      select.appendChild(option);
    }
  }

  function highlighted(text, terms) {
    var fragment = document.createDocumentFragment();
    var parts = text.split(/(\s+)/);
    for (var i = 0; i < parts.length; i++) {
      var term = /\S/.test(parts[i]) ? engine.analysis.term(engine.analysis.normaliseText(parts[i]).toLowerCase()) : "";
      var hit = false;
      for (var t = 0; term && t < terms.length; t++) {
        if (term === terms[t] || (terms[t].length >= 4 && term.indexOf(terms[t]) >= 0)) { hit = true; }
      }
      if (hit) {
        var mark = document.createElement("mark");
        mark.textContent = parts[i];
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(parts[i]));
      }
    }
    return fragment;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function renderResult(doc, terms) {
    var item = element("li", "treffer");
    var meta = element("p", "meta");
    if (doc.date_text) {
      var time = element("time", "", doc.date_text);
      time.setAttribute("datetime", doc.date);
      meta.appendChild(time);
    } else {
      meta.appendChild(element("span", "ohne-datum", "ohne Datum"));
    }
    if (doc.kicker) { meta.appendChild(document.createTextNode(" · " + doc.kicker)); }
    if (doc.region.length) { meta.appendChild(document.createTextNode(" · " + doc.region.join(", "))); }
    item.appendChild(meta);
    var heading = element("h2", "titel");
    var link = element("a");
    link.href = entryUrl.replace("ID", doc.id);
    link.appendChild(highlighted(doc.title, terms));
    heading.appendChild(link);
    item.appendChild(heading);
    var snippet = element("p", "auszug");
    snippet.appendChild(highlighted(doc.summary, terms));
    item.appendChild(snippet);
    return item;
  }

  function saveState(query, values) {
    var params = [];
    if (query) { params.push("q=" + encodeURIComponent(query)); }
    for (var name in values) {
      if (values.hasOwnProperty(name) && values[name]) { params.push(name + "=" + encodeURIComponent(values[name])); }
    }
    var search = params.length ? "?" + params.join("&") : "";
    if (window.history && history.replaceState && search !== location.search) {
      try { history.replaceState(null, "", location.pathname + search); } catch (ignored) { /* file:// in some browsers */ }
    }
  }

  function run(save) {
    var query = input.value;
    var values = chosen();
    var terms = engine.terms(query);
    if (save) { saveState(query, values); }
    while (list.firstChild) { list.removeChild(list.firstChild); }
    more.hidden = true;
    if (!terms.length) {
      status.textContent = query.replace(/\s/g, "") ? "Bitte geben Sie ein Wort mit Buchstaben oder Ziffern ein." :
        "Geben Sie einen Suchbegriff ein, zum Beispiel „Digitalstrategie“, „Open Data“ oder einen Ort.";
      for (var f = 0; f < FILTERS.length; f++) { updateFilter(FILTERS[f][0], FILTERS[f][2], [], values); }
      return;
    }
    requestOtherShards();
    var results = engine.search(shards, terms);
    for (var i = 0; i < FILTERS.length; i++) { updateFilter(FILTERS[i][0], FILTERS[i][2], results, values); }
    var shown = [];
    for (var r = 0; r < results.length; r++) { if (passes(results[r].doc, values)) { shown.push(results[r]); } }
    for (var k = 0; k < shown.length && k < MAX_RESULTS; k++) { list.appendChild(renderResult(shown[k].doc, terms)); }
    var loading = loadedCount() < shardUrls.length ? " Ältere Meldungen werden noch geladen …" : "";
    if (shown.length) {
      status.textContent = (shown.length === 1 ? "1 Treffer" : shown.length + " Treffer") + " für „" + query + "“." + loading;
      more.hidden = shown.length <= MAX_RESULTS;
    } else {
      status.textContent = "Keine Treffer für „" + query + "“" + (anyChosen(values) ?
        " mit diesen Filtern. Entfernen Sie einen Filter oder" : ". Versuchen Sie") +
        " ein anderes oder kürzeres Wort, oder stöbern Sie in Regionen, Themen und Archiv." + loading;
    }
  }

  function readState() {
    var params = {};
    var pairs = location.search.replace(/^\?/, "").split("&");
    for (var i = 0; i < pairs.length; i++) {
      var pair = pairs[i].split("=");
      if (pair[0]) {
        try { params[pair[0]] = decodeURIComponent((pair[1] || "").replace(/\+/g, " ")); } catch (ignored) { /* bad escape */ }
      }
    }
    input.value = params.q || "";
    for (var f = 0; f < FILTERS.length; f++) {
      var select = form.elements[FILTERS[f][0]];
      var value = params[FILTERS[f][0]] || "";
      if (value) { select.appendChild(new Option(value, value, true, true)); }
    }
  }

  function init() {
    form = document.getElementById("suchformular");
    if (!form) { return; }
    input = form.elements.q;
    status = document.getElementById("suche-status");
    list = document.getElementById("treffer");
    more = document.getElementById("mehr-treffer");
    entryUrl = form.getAttribute("data-entry-url");
    shardUrls = JSON.parse(form.getAttribute("data-shards"));
    FILTERS = JSON.parse(form.getAttribute("data-facets"));
    document.getElementById("ohne-js").hidden = true;
    form.hidden = false;
    readState();
    form.addEventListener("submit", function (event) { event.preventDefault(); run(true); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(true); }, 120);
    });
    for (var f = 0; f < FILTERS.length; f++) {
      form.elements[FILTERS[f][0]].addEventListener("change", function () { run(true); });
    }
    run(false);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
}());
