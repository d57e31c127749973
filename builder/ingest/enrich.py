"""From raw items to entries: merged duplicates, headlines, dates, places, topics and ids."""
from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from builder.ingest import lines as L
from builder.ingest.dates import find_date_hint
from builder.ingest.headings import derive_headline, lead, readable_paragraphs
from builder.ingest.layouts import RawItem
from builder.ingest.places import Gazetteer
from builder.ingest.similarity import Profile, Text, candidate_pairs, near_duplicate_groups, similarity
from builder.ingest.topics import TopicMatcher
from builder.model import Entry, Image, Source, german_slug
from builder.runtime import Collector

ID_MAX = 80
SUMMARY_LONG = 800
_ENTITY_AMPERSAND = re.compile(r"&(?=#?\w+;)")
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)(#|>|[-+*]\s|\d+[.)]\s|=+\s*$|-+\s*$)")


SAME_HEADING = "same kicker, title and date"
SAME_TEXT = "same text"
SIMILAR_TEXT = "similar text"


@dataclass(frozen=True)
class Merge:
    """Two items found to tell one story: their source lines ("file.txt:62"), the similarity
    of their texts, and why they were merged (SAME_HEADING, SAME_TEXT or SIMILAR_TEXT)."""
    first: str
    second: str
    similarity: float
    reason: str


@dataclass
class Merged:
    """One story: the raw items (from one or several pages) that tell it, the one with the
    fullest text first (its text is the entry's), then in source order; and how they merged."""
    items: list[RawItem]
    merges: list[Merge] = field(default_factory=list)

    def first(self, attribute: str):
        """The first non-empty value of `attribute` among the items."""
        return next((value for item in self.items if (value := getattr(item, attribute))), None)


Made = tuple[Entry, list[str]]  # an entry and the warnings for the import report


def story_key(item: RawItem) -> str:
    """Items with equal keys are the same story: same heading and date, or same text."""
    basis = f"{item.kicker or ''}|{item.title}|{item.date_text or ''}" if item.title else item.summary
    folded = unicodedata.normalize("NFKC", basis).casefold()
    return re.sub(r"[\W_]+", " ", folded).strip()


def merge_duplicates(items: list[RawItem]) -> list[Merged]:
    """Group items with equal story keys (on any pages), in order of first appearance."""
    groups: dict[str, list[RawItem]] = {}
    for item in items:
        groups.setdefault(story_key(item), []).append(item)
    return [_same_story(group) if len(group) > 1 else Merged(group) for group in groups.values()]


def _same_story(items: list[RawItem]) -> Merged:
    """The story of items with one story key: each later item merged with the first."""
    first, *others = sorted(items, key=lambda item: (item.source, item.anchor))
    return Merged(_fullest_first(items),
                  [Merge(_location(first), _location(item), similarity(_text(first), _text(item)),
                         SAME_HEADING if item.title else SAME_TEXT) for item in others])


def merge_near_duplicates(stories: list[Merged], made: list[Made],
                          enrich: Callable[[Merged], Made]) -> tuple[list[Merged], list[Made]]:
    """Join the stories that are near-duplicates (see `builder.ingest.similarity`), given each
    story's entry in `made`: a joined story holds all their items, takes the place of the first
    one, and is enriched anew, with `sources` to review."""
    pairs = candidate_pairs([{name.casefold() for name in (entry.kicker, *entry.places) if name}
                             for entry, _ in made], [entry.date for entry, _ in made])
    profiles = {index: _profile(stories[index], made[index][0])
                for index in {index for pair in pairs for index in pair}}
    groups, links = near_duplicate_groups(pairs, profiles)
    link_merges: dict[int, list[Merge]] = {}
    for link in links:
        link_merges.setdefault(link.first, []).append(Merge(
            _location(stories[link.first].items[0]), _location(stories[link.second].items[0]),
            link.similarity, SIMILAR_TEXT))
    joined = {group[0]: _join([stories[index] for index in group],
                              [merge for index in group for merge in link_merges.get(index, ())],
                              enrich) for group in groups}
    folded = {index for group in groups for index in group[1:]}
    kept = [index for index in range(len(stories)) if index not in folded]
    return ([joined[index][0] if index in joined else stories[index] for index in kept],
            [joined[index][1] if index in joined else made[index] for index in kept])


def _join(stories: list[Merged], links: list[Merge], enrich: Callable[[Merged], Made]
          ) -> tuple[Merged, Made]:
    """One story of near-duplicate stories, enriched anew with `sources` to review."""
    story = Merged(_fullest_first([item for story in stories for item in story.items]),
                   [merge for story in stories for merge in story.merges] + links)
    entry, warnings = enrich(story)
    return story, (entry.model_copy(update={"review": (*entry.review, "sources")}), warnings)


def _location(item: RawItem) -> str:
    return f"{item.source}:{item.anchor}"


def _text(item: RawItem) -> Text:
    """What near-duplicate detection compares: title and summary (or the body's lead), body."""
    return Text(f"{item.title or ''} {item.summary or lead(item.body)}", " ".join(item.body))


def _fullest_first(items: list[RawItem]) -> list[RawItem]:
    """The items, the one with the longest text first, ties and the rest in source order."""
    def order(item: RawItem) -> tuple[int, str, int]:
        return (-len(item.title or "") - len(item.summary) - sum(map(len, item.body)),
                item.source, item.anchor)
    fullest = min(items, key=order)
    return [fullest, *sorted((item for item in items if item is not fullest),
                             key=lambda item: (item.source, item.anchor))]


def _profile(story: Merged, entry: Entry) -> Profile:
    """A story as near-duplicate detection compares it: its fullest item's text."""
    return Profile(location=min((item.source, item.anchor) for item in story.items),
                   pages=frozenset(item.source for item in story.items),
                   date=entry.date, text=_text(story.items[0]))


def escape_markdown(paragraph: str) -> str:
    """Source text as a Markdown paragraph that renders as the same text: Markdown syntax is
    backslash-escaped, and `<` (and `&` before an entity) become entities, so raw HTML in a
    source stays text in every renderer."""
    escaped = _ENTITY_AMPERSAND.sub("&amp;", paragraph).replace("<", "&lt;")
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", escaped)
    return _MARKDOWN_LINE_START.sub(lambda m: m[1] + "\\" + m[2], escaped)


def make_id(date_text: str | None, kicker: str | None, title: str) -> str:
    """`2025-01-22-hamburg-neue-digitalstrategie-vorgestellt`; undated ids have no date part."""
    slug = german_slug(" ".join(filter(None, (kicker, title))), max_length=ID_MAX) or "eintrag"
    return f"{date_text}-{slug}" if date_text else slug


class Enricher:
    """Turns merged stories into entries, using the gazetteer and the topic matcher."""

    def __init__(self, gazetteer: Gazetteer, topics: TopicMatcher,
                 added: dict[str, datetime.date], today: datetime.date) -> None:
        self.gazetteer = gazetteer
        self.topic_matcher = topics
        self.added = added  # the day each entry imported before entered the digest
        self.today = today  # the day of the others

    def prepare(self, stories: list[Merged]) -> None:
        """Learn the words of all stories at once (see `TopicMatcher.prepare`)."""
        self.topic_matcher.prepare(text for story in stories for item in story.items
                                   for text in (item.kicker, item.title, item.summary, *item.body)
                                   if text)

    def collectors(self) -> list[Collector]:
        """What making entries learns (compound words split), to be merged from workers."""
        return [splitter for splitter in (self.topic_matcher.compounds,) if splitter is not None]

    def save_learned(self) -> None:
        """Keep what was learnt in the cache file."""
        if self.topic_matcher.compounds is not None:
            self.topic_matcher.compounds.save()

    def entry(self, story: Merged) -> tuple[Entry, list[str]]:
        """The entry for a story, and warnings for the import report."""
        review: list[str] = []
        warnings: list[str] = []
        body = story.first("body") or []
        summary = story.first("summary") or lead(body)
        if len(summary) > SUMMARY_LONG:  # a whole article in one teaser line
            body = body or [summary]
            summary = lead([summary])
        title = story.first("title")
        kicker = story.first("kicker")
        if not title:
            title = derive_headline(summary)
            review.append("title")
        elif any(item.kicker_guessed for item in story.items if item.kicker == kicker):
            review.append("kicker")
        date, date_text = None, story.first("date_text")
        if date_text:
            date, problem = L.date_of(date_text)
            if problem:
                warnings.append(f"line {story.items[0].anchor}: date: {problem}")
                review.append("date")
        hint = None if date else find_date_hint(" ".join([summary, *body])) or \
            (date_text if "date" in review else None)
        located = self.gazetteer.locate("\n".join(filter(None, (kicker, title, summary, *body))))
        if located.ambiguous:
            review.extend(["places", "regions"])
            warnings.append(f"line {story.items[0].anchor}: places: ambiguous "
                            + ", ".join(located.ambiguous))
        topics = self.topic_matcher.topics(" ".join(filter(None, (kicker, title))), summary,
                                           " ".join(body))
        if not topics:
            review.append("topics")
        image = story.first("image")
        label = story.first("label")
        entry_id = make_id(date.isoformat() if date else None, kicker, title)
        entry = Entry(
            id=entry_id, title=title, kicker=kicker, date=date, date_hint=hint,
            added=self.added.get(entry_id, self.today),
            label=label, regions=tuple(located.regions), places=tuple(located.places),
            topics=tuple(topics), summary=summary,
            sources=tuple(Source(file=item.source, line=item.anchor) for item in story.items),
            section=story.first("section"), image=Image(**image) if image else None,
            review=tuple(review), body="\n\n".join(escape_markdown(part) for paragraph in body
                                                    for part in readable_paragraphs(paragraph)))
        return entry, warnings


def unique_ids(entries: list[Entry]) -> list[Entry]:
    """Entries whose ids are unique: a later entry with a taken id gets a content-hash suffix."""
    seen: set[str] = set()
    result = []
    for entry in entries:
        if entry.id in seen:
            digest = hashlib.sha1(f"{entry.title}|{entry.summary}".encode()).hexdigest()[:6]
            entry = entry.model_copy(update={"id": f"{entry.id[:ID_MAX]}-{digest}"})
        seen.add(entry.id)
        result.append(entry)
    return result
