"""The site model, between the content and its outputs: which entries are shown, how they are
grouped (taxonomies: regions, topics, years, places), listed, related and addressed (URLs),
and how dates read. Rendering, the search index and incremental keys read this package; it
reads only the content's model (`builder.model`, `builder.taxonomy`)."""
