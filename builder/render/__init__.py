"""The renderer: validated content in, a static site (HTML, feeds, sitemap) out."""
