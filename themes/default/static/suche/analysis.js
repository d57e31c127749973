/* German analysis of search queries: the same steps as builder/search/analysis.py, so that a
   typed word meets the terms in the index. Works in the browser (window.DigestAnalysis) and
   in Node (module.exports) for the agreement test. Plain ES5: no look-behind, no arrows. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) { module.exports = factory; }
  else { root.DigestAnalysis = factory(root.lunr); }  /* in Node: require(...)(lunr) */
}(this, function (lunr) {
  "use strict";
  var LETTER = "A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F";
  var END = "(?![" + LETTER + "0-9])";
  var GENDER_MARK = new RegExp("([" + LETTER + "])[*:_/\u00B7]-?(?=in(?:nen)?" + END + ")", "g");
  var BINNEN_I = new RegExp("([a-z\u00DF-\u00F6\u00F8-\u00FF])I(?=n(?:nen)?" + END + ")", "g");
  var FEMININE = /^(.{2,}?(?:er|ent|ant|eur|ist|or))in(?:nen)?$/;
  var QUERY_SYNTAX = /[*~^:+]/g;  /* operator characters of other search engines */
  var PLAIN = {"\u00E4": "a", "\u00F6": "o", "\u00FC": "u", "\u00DF": "ss"};

  function normaliseText(text) {
    return text.replace(GENDER_MARK, "$1").replace(BINNEN_I, "$1i");
  }

  function fold(word) {
    var feminine = FEMININE.exec(word);
    if (feminine) { word = feminine[1]; }
    var letters = [];
    for (var i = 0; i < word.length; i++) {
      letters.push(word.charAt(i));
      if ("aou".indexOf(word.charAt(i)) >= 0 && word.charAt(i + 1) === "e" &&
          (i === 0 || word.charAt(i - 1) !== "q")) { i++; }
    }
    return letters.join("");
  }

  /* One word (lower case) to {form, term}, or null for a stop word or punctuation: the form
     is the folded word with plain letters ("staedte", "städte" -> "stadte"), as
     Analyzer.analyse gives it. */
  function analyse(word) {
    var token = lunr.de.trimmer(new lunr.Token(word, {}));
    if (!token || !token.toString() || !lunr.de.stopWordFilter(token)) { return null; }
    var folded = fold(token.toString());
    return {form: plain(folded), term: lunr.de.stemmer(new lunr.Token(folded, {})).toString()};
  }

  function plain(folded) {
    return folded.replace(/[\u00E4\u00F6\u00FC\u00DF]/g, function (c) { return PLAIN[c]; });
  }

  /* The form of one word (lower case) as analyse() gives it, without the stemmer: what a
     highlight compares ("" for punctuation). */
  function form(word) {
    return plain(fold(lunr.de.trimmer(new lunr.Token(word, {})).toString()));
  }

  /* One word (lower case) to its index term, or "" for a stop word or punctuation. */
  function term(word) {
    var found = analyse(word);
    return found ? found.term : "";
  }

  /* Words of a text with their terms: [{word: "Städte", term: "stadt"}, ...]. */
  function words(text) {
    var result = [];
    var pieces = normaliseText(text).split(/[\s\-]+/);
    for (var i = 0; i < pieces.length; i++) {
      if (pieces[i]) { result.push({word: pieces[i], term: term(pieces[i].toLowerCase())}); }
    }
    return result;
  }

  /* The words of a query as {form, term}, each term once, without operator characters
     (after the gender forms, so that "Bürger:innen" stays one word). */
  function queryWords(text) {
    var pieces = normaliseText(normaliseText(text).replace(QUERY_SYNTAX, " ")).split(/[\s\-]+/);
    var found = [], seen = {};
    for (var i = 0; i < pieces.length; i++) {
      var word = pieces[i] ? analyse(pieces[i].toLowerCase()) : null;
      if (word && !seen.hasOwnProperty(word.term)) { seen[word.term] = true; found.push(word); }
    }
    return found;
  }

  /* The terms of a query. */
  function queryTerms(text) {
    var found = queryWords(text), terms = [];
    for (var i = 0; i < found.length; i++) { terms.push(found[i].term); }
    return terms;
  }

  return {normaliseText: normaliseText, fold: fold, analyse: analyse, form: form, term: term, words: words,
          queryWords: queryWords, queryTerms: queryTerms};
}));
