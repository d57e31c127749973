"""The topic vocabulary (`content/topics.yaml`): names, slugs, descriptions and keywords."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from builder.errors import DigestError
from builder.yamlfile import load_located, validate_located

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Topic(BaseModel):
    """One topic of the controlled vocabulary."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    slug: str = Field(pattern=SLUG_PATTERN)
    description: str = ""
    keywords: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


class _VocabularyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_topics: int = Field(default=3, ge=1)
    min_share: float = Field(default=0.0, ge=0.0, le=1.0)
    topics: tuple[Topic, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Vocabulary:
    """The topics in file order, how many an imported entry may get, and what share of the
    best topic's score a further topic needs; for a build, also the (Land, kind) pairs the
    gazetteer knows of the places its entries name (`builder.placefacts`)."""
    topics: tuple[Topic, ...]
    max_topics: int
    min_share: float = 0.0
    places: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def names(self) -> tuple[str, ...]:
        return tuple(topic.name for topic in self.topics)


def load_vocabulary(path: Path) -> Vocabulary:
    """Load and validate the topic file; errors name the file, line and field."""
    located = load_located(path)
    parsed = validate_located(_VocabularyFile, located, path)
    for kind in ("name", "slug"):
        seen: set[str] = set()
        for index, topic in enumerate(parsed.topics):
            value = getattr(topic, kind)
            if value in seen:
                raise DigestError(f"duplicate topic {kind} {value!r}", path,
                                  located.line_of(("topics", index, kind)), kind)
            seen.add(value)
    return Vocabulary(parsed.topics, parsed.max_topics, parsed.min_share)
