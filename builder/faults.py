"""Named points where a test can stop this process, to prove that every step of a folder swap
can be cut off without loss (fault injection).

`DIGEST_FAULT=kill:<point>` kills the process with SIGKILL the first time it reaches the point
(`kill:<point>:<n>` the n-th time); `DIGEST_FAULT=hold:<point>:<file>` makes it create
`<file>.held` at the point and wait there until `<file>` is removed, so that a test can run a
second command meanwhile. Without the variable a point costs one dictionary lookup.
"""
from __future__ import annotations

import os
import signal
import time
from collections import Counter

# Every point, in the order a run reaches them; tests iterate over these.
IMPORT_POINTS = (
    "import.planned",       # the plan is made, nothing written yet
    "import.staging",       # a changed file was staged beside the folder (counted)
    "journal.written",      # the journal of the change is down
    "journal.moving",       # a staged file was moved into the folder (counted)
)
FIRST_IMPORT_POINTS = (   # an import into an articles folder that does not exist yet
    "import.planned", "import.staging",
    "import.whole",         # the staged folder is about to become the articles folder
)
BUILD_POINTS = (
    "build.rendered",       # the changed files are in the staging folder
    "journal.written",      # the journal of an incremental update is down
    "journal.moving",       # a file was moved into the site (counted)
    "journal.deleting",     # a file was deleted from the site (counted)
    "swap.staged", "swap.retired", "swap.replaced",   # a full build's swap
    "build.committed",      # the site is in place, the manifest not yet saved
)

_reached: Counter[str] = Counter()


def reach(point: str) -> None:
    """Mark that this run has reached `point` (see the module docstring)."""
    spec = os.environ.get("DIGEST_FAULT")
    if not spec:
        return
    action, _, rest = spec.partition(":")
    _reached[point] += 1
    if action == "kill":
        name, _, count = rest.partition(":")
        if name == point and _reached[point] == int(count or 1):
            os.kill(os.getpid(), signal.SIGKILL)
    elif action == "hold":
        name, _, release = rest.partition(":")
        if name == point and _reached[point] == 1:
            open(release + ".held", "w").close()
            while os.path.exists(release):
                time.sleep(0.01)
