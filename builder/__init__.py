"""Kommunal-Digest: import raw news pages, curate entries, render a static digest."""
