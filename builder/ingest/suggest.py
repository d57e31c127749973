"""`digest suggest-keywords`: keywords for `content/topics.yaml`, learnt from editors' topic
corrections.

For every imported entry (one that cites a source page and is not rejected), the topics the
importer would give it now (computed from its text) are compared with the topics in its
file. Where editors gave a topic the importer would not, the words (by stem, as the search
analyses them) frequent in the entries with that topic and rare in the others are suggested
as keywords; where editors took a topic away, the keywords that matched there are named.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from builder.content import load_content
from builder.ingest.topics import TopicMatcher, entry_texts, load_topic_matcher
from builder.model import Entry

MIN_ENTRIES = 2      # a suggested word is in at least this many entries with the topic,
MIN_PRECISION = 0.5  # and at least this share of the entries that hold it have the topic


@dataclass(frozen=True)
class Suggestion:
    """A word to add as a keyword of a topic, with the counts that speak for it."""
    word: str        # as written most often
    with_topic: int  # entries with the topic (in their file) that hold the word
    without: int     # entries without the topic that hold it
    corrected: int   # entries that hold it and that editors gave the topic by hand

    def precision(self) -> float:
        return self.with_topic / (self.with_topic + self.without)


@dataclass
class Corrections:
    """What editors changed about one topic, and what that suggests."""
    topic: str
    added: list[str] = field(default_factory=list)    # ids of entries editors gave the topic
    removed: list[str] = field(default_factory=list)  # ids of entries editors took it from
    suggestions: list[Suggestion] = field(default_factory=list)
    misleading: Counter = field(default_factory=Counter)  # (keyword, words) -> entries


def imported(entries: list[Entry]) -> list[Entry]:
    """The entries the importer made that editors have not rejected."""
    return [entry for entry in entries if entry.sources and entry.status != "rejected"]


def entry_words(matcher: TopicMatcher, entry: Entry) -> dict[str, str]:
    """Stem -> written form of the words of an entry (their compound parts included)."""
    found: dict[str, str] = {}
    for text in entry_texts(entry):
        for stem, written in matcher.words(text):
            found.setdefault(stem, written)
    return found


def find_corrections(entries: list[Entry], matcher: TopicMatcher, limit: int) -> list[Corrections]:
    """Per topic that editors corrected, in vocabulary order: the corrected entries, up to
    `limit` suggested keywords, and the keywords that matched where the topic was taken away."""
    would = {entry.id: set(matcher.topics(*entry_texts(entry))) for entry in entries}
    words = {entry.id: entry_words(matcher, entry) for entry in entries}
    found = []
    for name in matcher.vocabulary.names():
        corrections = Corrections(name)
        for entry in entries:
            if name in entry.topics and name not in would[entry.id]:
                corrections.added.append(entry.id)
            elif name in would[entry.id] and name not in entry.topics:
                corrections.removed.append(entry.id)
                for score in matcher.scores(*entry_texts(entry)):
                    if score.topic == name:
                        corrections.misleading.update({(hit.keyword, hit.words)
                                                       for hit in score.hits})
        if corrections.added or corrections.removed:
            corrections.suggestions = suggestions(name, entries, words, set(corrections.added),
                                                  matcher)[:limit]
            found.append(corrections)
    return found


def suggestions(topic: str, entries: list[Entry], words: dict[str, dict[str, str]],
                added: set[str], matcher: TopicMatcher) -> list[Suggestion]:
    """Words of the entries editors gave `topic` by hand (ids `added`) that are frequent in
    the entries with the topic, rare elsewhere, and matched by no keyword of the topic yet;
    those in the most corrected entries first, then the most telling, then the longest."""
    with_topic: Counter[str] = Counter()
    without: Counter[str] = Counter()
    corrected: Counter[str] = Counter()
    written: dict[str, Counter] = {}
    for entry in entries:
        stems = words[entry.id]
        (with_topic if topic in entry.topics else without).update(stems.keys())
        if entry.id in added:
            corrected.update(stems.keys())
        for stem, form in stems.items():
            written.setdefault(stem, Counter())[form] += 1
    found = [Suggestion(written[stem].most_common(1)[0][0], with_topic[stem], without[stem],
                        corrected[stem])
             for stem in corrected if len(stem) >= 3 and not stem.isdigit()]
    return sorted((suggestion for suggestion in found
                   if suggestion.with_topic >= MIN_ENTRIES
                   and suggestion.precision() >= MIN_PRECISION
                   and topic not in matcher.topics(suggestion.word, "", "")),
                  key=lambda s: (-s.corrected, -s.precision(), -s.with_topic, -len(s.word), s.word))


def entry_count(count: int) -> str:
    """`1 entry`, `2 entries`."""
    return f"{count} {'entry' if count == 1 else 'entries'}"


def correction_lines(corrections: Corrections, limit: int) -> list[str]:
    """A topic's corrections, its suggested keywords and the keywords to check."""
    lines = [f"{corrections.topic}: editors gave it to {entry_count(len(corrections.added))} "
             f"and took it from {entry_count(len(corrections.removed))} (as the importer would "
             "set it now)"]
    lines += [f'  add "{s.word}": in {entry_count(s.with_topic)} with the topic ({s.corrected} '
              f"given by hand), {s.without} without" for s in corrections.suggestions]
    lines += [f'  check {keyword}: matched "{words}" in {entry_count(count)} editors took the '
              "topic from" for (keyword, words), count in corrections.misleading.most_common(limit)]
    return lines


def suggest_lines(content: Path, limit: int = 5) -> list[str]:
    """The report of `digest suggest-keywords`, one line each."""
    matcher = load_topic_matcher(content)
    entries = imported(load_content(content).entries)
    found = find_corrections(entries, matcher, limit)
    lines = [line for corrections in found for line in correction_lines(corrections, limit)]
    corrected = sum(len(corrections.added) + len(corrections.removed) for corrections in found)
    return lines + [f"{len(entries)} imported entries compared, "
                    f"{corrected} topic corrections found"]
