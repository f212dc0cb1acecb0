"""A1 cell references: zero-based (row, col) to "D14" and back."""
from __future__ import annotations

import re

_REF = re.compile(r"^([A-Z]+)(\d+)$")


def column_letter(col: int) -> str:
    """0 → A, 26 → AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """Zero-based coordinates to an A1 reference: (13, 3) → "D14"."""
    return f"{column_letter(col)}{row + 1}"


def parse_ref(ref: str) -> tuple[int, int]:
    """An A1 reference to zero-based (row, col); ValueError for anything else."""
    match = _REF.match(ref)
    if match is None:
        raise ValueError(f"not an A1 reference: {ref!r}")
    letters, number = match.group(1), int(match.group(2))
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return number - 1, col - 1
