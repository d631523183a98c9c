"""Digits five rows tall, readable from a mat two metres away."""

from __future__ import annotations

FONT = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": ("...", ".#.", "...", ".#.", "..."),
}


def big(text: str) -> list[str]:
    """Five lines drawing `text` (digits and colons) in block characters."""
    rows = []
    for row in range(5):
        cells = [FONT[c][row] for c in text if c in FONT]
        rows.append("  ".join(cell.replace("#", "██").replace(".", "  ") for cell in cells))
    return rows
