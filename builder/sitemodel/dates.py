"""Dates as readers see them: German, from Babel's data, whatever the machine's locale."""
from __future__ import annotations

import datetime
from functools import lru_cache

from babel.dates import format_date


@lru_cache(maxsize=8192)  # an archive has far fewer dates than pages that show them
def german_date(value: datetime.date, style: str = "long") -> str:
    """"22. Januar 2025" (style "long"), or Babel's other German date styles."""
    return format_date(value, format=style, locale="de_DE")


def german_month(value: datetime.date) -> str:
    """"Januar 2025"."""
    return format_date(value, format="LLLL yyyy", locale="de_DE")
