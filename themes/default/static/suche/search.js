/* The search page: loads the index files a query needs (each a script added to the page, so
   that search works from disk), ranks with engine.js, shows results with snippets, filters,
   URL state. Results are built with DOM methods and textContent only, never from HTML
   strings. Plain ES5. */
(function () {
  "use strict";
  /* The filters, as the page declares them (data-facets, from the taxonomies in
     builder/sitemodel/taxonomies.py): [URL parameter, label, label of no filter, taxonomy,
     newest first]. */
  var FILTERS = [];
  var PAGE = 20;             /* results shown at first and added per click */
  var SNIPPET = 220;         /* characters of a snippet */
  var engine = DigestEngine();
  var store = engine.newStore();
  var requested = {};
  var base = "";             /* the index folder's URL */
  var form, input, status, list, more, entryUrl, timer, shownCount = PAGE, arrival;
  var answered = {query: null, results: []};  /* the ranked results of the last query */
  var pending = 0;           /* index scripts on their way */
  var EAGER_FACET_CHUNKS = 4;
  var wantFacets = false;    /* the reader turned to the filters */

  function arrived() {
    clearTimeout(arrival);   /* many scripts arrive at once: answer once */
    arrival = setTimeout(function () { if (form) { run(false); } }, 0);
  }

  /* index.js comes with the page; the scripts search.js adds report when all have come. */
  window.DigestSearch = {
    setIndex: function (data) { store.index = data; arrived(); },
    addPostings: function (bucket, terms) { store.postings[bucket] = terms; },
    addVocabulary: function (prefix, data) { store.vocabulary[prefix] = data; },
    addDocument: function (number, data) { store.documents[number] = data; },
    addFacets: function (chunk, rows) { store.facets[chunk] = rows; }
  };

  function settled() {
    pending--;
    if (!pending) { arrived(); }
  }

  /* Add the scripts of index files (names relative to the index folder) not yet requested;
     true if any is still on its way. The page answers again once all have come. */
  function load(names) {
    var waiting = false;
    for (var i = 0; i < names.length; i++) {
      waiting = true;
      if (requested[names[i]]) { continue; }
      requested[names[i]] = true;
      pending++;
      var script = document.createElement("script");
      script.src = base + names[i];
      script.onload = script.onerror = settled;
      document.head.appendChild(script);
    }
    return waiting;
  }

  function filterOf(name) {
    for (var i = 0; i < FILTERS.length; i++) { if (FILTERS[i][0] === name) { return FILTERS[i]; } }
    return null;
  }

  function chosen() {
    var values = {};
    for (var i = 0; i < FILTERS.length; i++) { values[FILTERS[i][0]] = form.elements[FILTERS[i][0]].value; }
    return values;
  }

  function anyChosen(values) {
    for (var name in values) { if (values.hasOwnProperty(name) && values[name]) { return true; } }
    return false;
  }

  function passes(facets, values, except) {
    for (var name in values) {
      if (values.hasOwnProperty(name) && name !== except && values[name] &&
          facets[filterOf(name)[3]].indexOf(values[name]) < 0) { return false; }
    }
    return true;
  }

  /* Rebuild one filter's options: counts over the results that pass the other filters. */
  function updateFilter(name, allLabel, results, values) {
    var select = form.elements[name];
    var counts = {};
    var total = 0;
    for (var i = 0; i < results.length; i++) {
      if (!passes(results[i].facets, values, name)) { continue; }
      total++;
      var keys = results[i].facets[filterOf(name)[3]];
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

  /* Whether the filters count the results: always for a small archive (few facet chunks),
     for a large one once the reader turns to the filters or a filter is set. */
  function facetsWanted(values) {
    return wantFacets || anyChosen(values) ||
      Math.ceil(store.index.documents / store.index.facetChunk) <= EAGER_FACET_CHUNKS;
  }

  /* A filter without counts (no filter is set): only its "all" option. */
  function uncounted(name, allLabel) {
    var select = form.elements[name];
    while (select.firstChild) { select.removeChild(select.firstChild); }
    select.appendChild(new Option(allLabel, ""));
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  /* Append engine pieces ({text, mark}) to a node, marked ones in <mark>. */
  function appendPieces(node, pieces) {
    for (var i = 0; i < pieces.length; i++) {
      if (pieces[i].mark) { node.appendChild(element("mark", "", pieces[i].text)); }
      else { node.appendChild(document.createTextNode(pieces[i].text)); }
    }
  }

  function renderResult(result) {
    var doc = store.documents[result.number];
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
    appendPieces(link, engine.marked(doc.title, result.forms));
    heading.appendChild(link);
    item.appendChild(heading);
    var snippet = element("p", "auszug");
    appendPieces(snippet, engine.snippet(doc.text, result.forms, SNIPPET) ||
                 engine.snippet(doc.summary, result.forms, SNIPPET) || engine.marked(doc.summary, result.forms));
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

  function clearList() {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    more.hidden = true;
  }

  function loading(query) {
    status.textContent = "Suche nach „" + query + "“ – der Suchindex wird noch geladen …";
  }

  /* The document files of the results on screen that are not loaded yet. */
  function missingDocuments(shown) {
    var names = [];
    for (var d = 0; d < shown.length && d < shownCount; d++) {
      if (!store.documents[shown[d].number]) { names.push("d/" + shown[d].number + ".js"); }
    }
    return names;
  }

  /* Answer the query once every file it needs is there: the postings of its words, then the
     facets of all results (for the filters; see facetsWanted) and the documents of the
     results shown. */
  function run(save) {
    var query = input.value;
    var values = chosen();
    if (save) { saveState(query, values); }
    var plan = engine.plan(store, query);
    if (!plan.words.length) {
      clearList();
      status.textContent = query.replace(/\s/g, "") ? "Bitte geben Sie ein Wort mit Buchstaben oder Ziffern ein." :
        "Geben Sie einen Suchbegriff ein, zum Beispiel „Digitalstrategie“, „Open Data“ oder einen Ort.";
      for (var f = 0; f < FILTERS.length; f++) { updateFilter(FILTERS[f][0], FILTERS[f][2], [], values); }
      return;
    }
    if (load(plan.missing)) { loading(query); return; }
    if (answered.query !== query) {  /* the index files do not change: rank once per query */
      answered = {query: query, results: engine.search(store, plan.words)};
    }
    var results = answered.results;
    var files = [], withFacets = facetsWanted(values);
    for (var r = 0; withFacets && r < results.length; r++) {
      var chunk = "f/" + engine.facetChunk(store, results[r].number) + ".js";
      if (!store.facets[engine.facetChunk(store, results[r].number)] && files.indexOf(chunk) < 0) { files.push(chunk); }
    }
    if (!anyChosen(values)) { files = files.concat(missingDocuments(results)); }  /* at once */
    if (load(files)) { loading(query); return; }
    var shown = withFacets ? [] : results;
    for (var s = 0; withFacets && s < results.length; s++) {
      results[s].facets = results[s].facets || engine.facetsOf(store, results[s].number);
      if (passes(results[s].facets, values)) { shown.push(results[s]); }
    }
    if (load(missingDocuments(shown))) { loading(query); return; }
    clearList();
    for (var i = 0; i < FILTERS.length; i++) {
      if (withFacets) { updateFilter(FILTERS[i][0], FILTERS[i][2], results, values); }
      else { uncounted(FILTERS[i][0], FILTERS[i][2]); }
    }
    for (var k = 0; k < shown.length && k < shownCount; k++) { list.appendChild(renderResult(shown[k])); }
    if (shown.length) {
      status.textContent = (shown.length === 1 ? "1 Treffer" : shown.length + " Treffer") + " für „" + query + "“." +
        (shown.length > shownCount ? " Gezeigt werden die ersten " + shownCount + "." : "");
      more.hidden = shown.length <= shownCount;
    } else {
      status.textContent = "Keine Treffer für „" + query + "“" + (anyChosen(values) ?
        " mit diesen Filtern. Entfernen Sie einen Filter oder" : ". Versuchen Sie") +
        " ein anderes oder kürzeres Wort, oder stöbern Sie in Regionen, Themen und Archiv.";
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

  /* A new query or filter shows the first page of results again. */
  function restart() { shownCount = PAGE; run(true); }

  function init() {
    form = document.getElementById("suchformular");
    if (!form) { return; }
    input = form.elements.q;
    status = document.getElementById("suche-status");
    list = document.getElementById("treffer");
    more = document.getElementById("mehr-treffer");
    entryUrl = form.getAttribute("data-entry-url");
    base = form.getAttribute("data-index").replace(/[^\/]*$/, "");
    requested["index.js"] = true;   /* the page loads it */
    FILTERS = JSON.parse(form.getAttribute("data-facets"));
    document.getElementById("ohne-js").hidden = true;
    form.hidden = false;
    readState();
    form.addEventListener("submit", function (event) { event.preventDefault(); restart(); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(restart, 120);
    });
    for (var f = 0; f < FILTERS.length; f++) {
      form.elements[FILTERS[f][0]].addEventListener("change", restart);
    }
    var filters = form.getElementsByTagName("fieldset")[0];
    function turnToFilters() {
      if (!wantFacets) { wantFacets = true; run(false); }
    }
    filters.addEventListener("focusin", turnToFilters);
    filters.addEventListener("pointerdown", turnToFilters);
    more.getElementsByTagName("button")[0].addEventListener("click", function () {
      shownCount += PAGE;
      run(false);
    });
    run(false);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
}());
