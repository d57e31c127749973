"""Site settings (`content/site.yaml`): validated, with errors naming file, line and field."""
from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from builder.errors import DigestError
from builder.yamlfile import load_located, validate_located

BASE_URL_PATTERN = r"^https?://[^\s/]+(/[^\s]*)?$"


class Imprint(BaseModel):
    """Who publishes the site: what the Impressum (§ 5 DDG, § 18 MStV) and the privacy page
    (Datenschutzerklärung) name."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    publisher: str = Field(min_length=1)               # person or organisation
    address: tuple[str, ...] = Field(min_length=1)     # lines of the postal address
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str = ""
    responsible: str = Field(min_length=1)             # for the content, with address
    host: str = ""                                     # the web host, if it keeps server logs


class SiteSettings(BaseModel):
    """What a site needs to know about itself."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str = Field(min_length=1)
    description: str = ""
    base_url: str = Field(pattern=BASE_URL_PATTERN)
    language: str = Field(default="de", pattern=r"^[a-z]{2}(-[A-Z]{2})?$")
    entries_per_page: int = Field(default=20, ge=1, le=500)           # the home page
    entries_per_listing_page: int = Field(default=100, ge=1, le=5000)  # region, topic, year pages
    imprint: Imprint | None = None   # the Impressum and Datenschutz pages (none without it)
    # Whether open review flags (guesses of the importer) fail `digest check --strict`, and so
    # the publish workflow; false: they are warnings that `digest review` lists.
    review_blocks_publishing: bool = False

    @field_validator("base_url")
    @classmethod
    def _ends_with_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"


def load_settings(path: Path, base_url: str | None = None) -> SiteSettings:
    """Load `site.yaml`; `base_url` (from the command line) replaces the file's value, and a
    bad one is blamed on the option, not on the file."""
    if base_url is not None and not re.match(BASE_URL_PATTERN, base_url):
        raise DigestError(f'--base-url: "{base_url}" is not an http(s) URL '
                          "(like https://example.org/digest/)")
    located = load_located(path)
    if base_url is not None and isinstance(located.data, dict):
        located.data["base_url"] = base_url
    return validate_located(SiteSettings, located, path)
