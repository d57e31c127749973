"""Search: a German lunr index built at build time, queried by lunr.js in the browser."""
