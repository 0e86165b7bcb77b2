"""Accuracy of legacy-font repair on real text, encoded with independently written TCVN3 and VNI tables.

    .venv/bin/python benchmarks/bench_legacy.py

The corpus is ``tests/corpus/`` (real names, news and administrative sentences, English text; where each
came from: ``tests/corpus/SOURCES.md``); the encoders are ``tests/legacy_codec.py``, written from the
published tables without lkdata's. Each set is cleaned as one column, the way ``lkdata clean`` cleans a
sheet's column (:func:`lkdata.vn.text.normalize_column`), with the cell's font as hint or without
(a CSV, or fonts lost in copy-paste). A cell is exact when it equals what lkdata makes of the original
Unicode text as the legacy font can hold it (TCVN3 has no toned capitals outside all-capital words).

Prints, per set and encoding, with and without hint: exact / total; then the genuine Unicode text
(names, sentences, English) run with no hint, a ``.VnTime`` hint and a ``VNI-Times`` hint: cells
changed beyond normalisation (target 0); then the real legacy-garbled names found in the wild.
Targets (issue 14): names >= 99.5% with or without hint, sentences >= 98% without hint, 0 changes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import pandas as pd  # noqa: E402
from legacy_codec import ENCODINGS, encode, representable_form  # noqa: E402

from lkdata.vn.text import normalize_column, normalize_tone_placement, title_name  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"


def lines(name: str) -> list[str]:
    """The non-empty lines of a corpus file."""
    return [ln.strip() for ln in (CORPUS / name).read_text(encoding="utf-8").splitlines() if ln.strip()]


def wild() -> list[tuple[str, str]]:
    """(cell as found, what it says) for the real legacy-garbled names of ``wild_names.tsv``."""
    out = []
    for ln in lines("wild_names.tsv"):
        if not ln.startswith("#"):
            raw, expected = ln.split("\t")
            out.append((raw, expected))
    return out


def clean(cells: list[str], hint: str | None, title: bool) -> list[str]:
    """What lkdata makes of a column of cells (all with the font ``hint``, or none)."""
    text = pd.Series(cells, dtype="string")
    hints = None if hint is None else pd.Series(hint, index=text.index)
    out, _ = normalize_column(text, hints=hints, title=title)
    return [None if pd.isna(v) else v for v in out]


def plain(cells: list[str], title: bool) -> list[str]:
    """The cells normalised only (tone placement, spaces, title case): what a genuine cell must give."""
    out = [" ".join(normalize_tone_placement(c).split()) for c in cells]
    return [title_name(c) for c in out] if title else out


def exact(cells: list[str], encoding: str, hint: bool, title: bool) -> tuple[int, int, list]:
    """How many cells come back exact after encoding, of how many; the first misses."""
    raw = [encode(c, encoding) for c in cells]
    want = plain([representable_form(c, encoding) for c in cells], title)
    got = clean(raw, encoding if hint else None, title)
    misses = [(r, g, w) for r, g, w in zip(raw, got, want, strict=True) if g != w]
    return len(cells) - len(misses), len(cells), misses


def changed(cells: list[str], hint: str | None, title: bool) -> list[tuple[str, str]]:
    """Genuine Unicode cells that lkdata changes beyond normalisation, with the given font hint."""
    got = clean(cells, hint, title)
    return [(c, g) for c, g, w in zip(cells, got, plain(cells, title), strict=True) if g != w]


def report(verbose: bool = False) -> dict:
    """Run every measure; returns {label: (exact, total)} and prints the table."""
    names, sentences, english = lines("names.txt"), lines("sentences.txt"), lines("english.txt")
    results: dict[str, tuple[int, int]] = {}
    print(f"corpus: {len(names)} names, {len(sentences)} sentences, {len(english)} English lines\n")
    print(f"{'set':<11}{'encoding':<9}{'hint':<11}{'exact':>13}{'%':>9}")
    for label, cells, title in (("names", names, True), ("sentences", sentences, False)):
        for enc in ENCODINGS:
            for hint in (True, False):
                ok, n, misses = exact(cells, enc, hint, title)
                key = f"{label} {enc} {'font' if hint else 'no font'}"
                results[key] = (ok, n)
                print(f"{label:<11}{enc:<9}{'font' if hint else 'no font':<11}{ok:>6} / {n:<5}{100 * ok / n:>8.2f}")
                if verbose:
                    for m in misses[:10]:
                        print("    ", m)
    print(f"\n{'genuine Unicode':<24}{'font hint':<12}{'changed':>9}")
    for label, cells, title in (("names", names, True), ("sentences", sentences, False), ("English", english, False)):
        for hint in (None, "tcvn3", "vni"):
            diff = changed(cells, hint, title)
            results[f"unicode {label} {hint}"] = (len(cells) - len(diff), len(cells))
            print(f"{label:<24}{hint or '-':<12}{len(diff):>5} / {len(cells)}")
            if verbose:
                for d in diff[:10]:
                    print("    ", d)
    pairs = wild()
    got = clean([r for r, _ in pairs], None, True)
    ok = sum(g == w for g, (_, w) in zip(got, pairs, strict=True))
    results["wild"] = (ok, len(pairs))
    print(f"\nlegacy names found in the wild (no font): {ok} / {len(pairs)} read right")
    if verbose:
        for g, (r, w) in zip(got, pairs, strict=True):
            if g != w:
                print("    ", r, "->", g, "want", w)
    return results


def speed() -> None:
    """Cells per second through the column repair, for a names column all in legacy text."""
    names = lines("names.txt") * 20
    raw = [encode(c, "vni") for c in names]
    t = time.perf_counter()
    clean(raw, None, True)
    dt = time.perf_counter() - t
    print(f"\n{len(raw):,} VNI names without font: {dt:.2f} s ({len(raw) / dt:,.0f} cells/s)")


if __name__ == "__main__":
    report(verbose="-v" in sys.argv)
    speed()
