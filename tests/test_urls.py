"""Relative links are what posixpath.relpath gives, for every pair of site paths."""
import posixpath

from hypothesis import given
from hypothesis import strategies as st

from builder.render.pages import _FIXED_PLACES, site_links
from builder.sitemodel.urls import relative

segment = st.sampled_from(["artikel", "regionen", "bayern", "x", "seite", "2", "assets", "suche"])
path = st.builds(lambda parts, leaf: "/".join([*parts, leaf]), st.lists(segment, max_size=4),
                 st.sampled_from(["index.html", "feed.xml", "style.css"]))


@given(path, path)
def test_relative_equals_relpath(from_page, target):
    assert relative(from_page, target) == posixpath.relpath(target, posixpath.dirname(from_page) or ".")


@given(path)
def test_site_links_are_the_relative_links_of_each_page(from_page):
    links = site_links(from_page)
    for name, target in _FIXED_PLACES.items():
        assert getattr(links, name) == relative(from_page, target)
