"""Search: a German index partitioned by term, built at build time, queried in the browser."""
