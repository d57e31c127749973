"""Today as the newsroom counts it: the calendar day in Germany (Europe/Berlin), whatever the
machine's time zone. `SOURCE_DATE_EPOCH` (the reproducible-builds convention: seconds since
1970) fixes the moment, so that two runs give the same bytes."""
from __future__ import annotations

import datetime
import os
from zoneinfo import ZoneInfo

NEWSROOM_ZONE = ZoneInfo("Europe/Berlin")


def newsroom_today() -> datetime.date:
    """The date of today in the newsroom's time zone (see the module docstring)."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = (datetime.datetime.fromtimestamp(int(fixed), datetime.UTC) if fixed.isdigit()
              else datetime.datetime.now(datetime.UTC))
    return moment.astimezone(NEWSROOM_ZONE).date()
