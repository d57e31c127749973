"""Raw source pages for import benchmarks: dated teaser lists with the usual chrome."""
from __future__ import annotations

import random
from pathlib import Path

from benchmarks.corpus import NOUNS, PLACES, VERBS, _text

ITEMS_PER_PAGE = 50


def write_raw_pages(count: int, folder: Path, seed: int = 11) -> None:
    """`count` distinct teaser items on pages of 50, with a page date, a section heading,
    image alt lines and "mehr..." tails."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for page in range(0, count, ITEMS_PER_PAGE):
        lines = ["Montag, 10. März 2025", "", "Weitere Meldungen und Beiträge aus dem Bereich: Politik"]
        for number in range(page, min(page + ITEMS_PER_PAGE, count)):
            place, _ = rng.choice(PLACES)
            day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2016, 2025)
            lines += ["", f"Blick auf {place} am Morgen", "",
                      f"{place}: {rng.choice(NOUNS)} {rng.choice(VERBS)} Nummer {number}", "",
                      f"[{day:02d}.{month:02d}.{year}] {_text(rng, place, 40)} mehr..."]
        (folder / f"{page // ITEMS_PER_PAGE:05d}.txt").write_text("\n".join(lines) + "\n")
