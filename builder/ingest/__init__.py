"""The importer: raw source pages in, one curated-ready entry per news item out."""
