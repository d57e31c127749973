"""From raw items to entries: merged duplicates, headlines, dates, places, topics and ids."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from builder.ingest import lines as L
from builder.ingest.dates import find_date_hint
from builder.ingest.headings import derive_headline, lead
from builder.ingest.keywords import KeywordScorer
from builder.ingest.layouts import RawItem
from builder.ingest.places import Gazetteer
from builder.model import Entry, Image, Source, german_slug
from builder.taxonomy import Vocabulary

ID_MAX = 80
SUMMARY_LONG = 800
_ENTITY_AMPERSAND = re.compile(r"&(?=#?\w+;)")
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)(#|>|[-+*]\s|\d+[.)]\s|=+\s*$|-+\s*$)")
_WEIGHTS = {"title": 3, "summary": 2, "body": 1}


@dataclass
class Merged:
    """One story: the raw items (from one or several pages) that tell it, in source order."""
    items: list[RawItem]

    def first(self, attribute: str):
        """The first non-empty value of `attribute` among the items."""
        return next((value for item in self.items if (value := getattr(item, attribute))), None)


def story_key(item: RawItem) -> str:
    """Items with equal keys are the same story: same heading and date, or same text."""
    basis = f"{item.kicker or ''}|{item.title}|{item.date_text or ''}" if item.title else item.summary
    folded = unicodedata.normalize("NFKC", basis).casefold()
    return re.sub(r"[\W_]+", " ", folded).strip()


def merge_duplicates(items: list[RawItem]) -> list[Merged]:
    """Group items by story, keeping the order of first appearance."""
    stories: dict[str, Merged] = {}
    for item in items:
        stories.setdefault(story_key(item), Merged([])).items.append(item)
    return list(stories.values())


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
    """Turns merged stories into entries, using the gazetteer and the topic vocabulary."""

    def __init__(self, gazetteer: Gazetteer, vocabulary: Vocabulary) -> None:
        self.gazetteer = gazetteer
        self.vocabulary = vocabulary
        self.topic_scorer = KeywordScorer([(topic.keywords, topic.exclude)
                                           for topic in vocabulary.topics])

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
        topics = self.topics(" ".join(filter(None, (kicker, title))), summary, " ".join(body))
        if not topics:
            review.append("topics")
        image = story.first("image")
        label = story.first("label")
        entry = Entry(
            id=make_id(date.isoformat() if date else None, kicker, title),
            title=title, kicker=kicker, date=date, date_hint=hint,
            label=label, regions=tuple(located.regions), places=tuple(located.places),
            topics=tuple(topics), summary=summary,
            sources=tuple(Source(file=item.source, line=item.anchor) for item in story.items),
            section=story.first("section"), image=Image(**image) if image else None,
            review=tuple(review), body="\n\n".join(escape_markdown(p) for p in body))
        return entry, warnings

    def topics(self, title: str, summary: str, body: str) -> list[str]:
        """Topics by weighted keyword count (see content/topics.yaml), best first."""
        scores = [0] * len(self.vocabulary.topics)
        for part, text in (("title", title), ("summary", summary), ("body", body)):
            for index, count in enumerate(self.topic_scorer.counts(text)):
                scores[index] += _WEIGHTS[part] * count
        scored = sorted((-score, order, topic.name) for order, (topic, score)
                        in enumerate(zip(self.vocabulary.topics, scores)) if score)
        return [name for _, _, name in scored[:self.vocabulary.max_topics]]


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
