"""Turn unit names as people write them ("Sở TTTT", "VP UBND tỉnh", "UBND cấp huyện, cấp xã") into codes.

Names are compared folded (no diacritics, lower case), with "&" dropped and other punctuation read
as spaces, so "Sở KH&CN", "Sở KHCN" and "Sở Khoa học và Công nghệ" all meet their alias. A text may
name several units: the longest known alias is taken at each place. Words in parentheses and the
words after "chủ trì" ("Sở Nội vụ chủ trì đối với …") qualify a name and are skipped; any other word
left over is reported, so nothing is silently dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cchc.text import fold
from etl.catalogs import read_csv, required

_PARENTHESES = re.compile(r"\([^)]*\)")
_PUNCTUATION = re.compile(r"[,;.:/\-–\"“”\[\]]")
_FILLER = {"cac", "va", "cung", "voi", "khac", "nhu"}
_QUALIFIER = ("chu", "tri")


def tokens(text: str) -> tuple[str, ...]:
    """The comparison tokens of a name."""
    folded = fold(_PARENTHESES.sub(" ", text)).replace("&", "")
    return tuple(_PUNCTUATION.sub(" ", folded).split())


@dataclass
class Resolution:
    """The codes found in a text, in order, and the fragments that matched nothing."""

    codes: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


class UnitNames:
    """A dictionary of unit and group names, and the matcher over it."""

    def __init__(self, aliases: dict[str, str]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for alias, code in aliases.items():
            key = tokens(alias)
            if key:
                self._by_first.setdefault(key[0], []).append((key, code))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda item: -len(item[0]))

    @classmethod
    def from_catalog(cls, data_dir: Path, units: list[dict], groups: list[dict]) -> UnitNames:
        """Aliases from ``data/units/aliases.csv`` plus every unit's and group's own names."""
        aliases: dict[str, str] = {}
        for unit in units:
            for name in (unit["name"], unit.get("short_name")):
                if isinstance(name, str) and name:
                    aliases[name] = unit["code"]
            if unit["kind"] in ("district", "commune"):
                aliases["UBND " + unit["name"]] = unit["code"]
        for group in groups:
            aliases[group["name"]] = group["code"]
        for row in read_csv(data_dir / "units" / "aliases.csv"):
            aliases[required(row, "alias")] = required(row, "code")
        return cls(aliases)

    def resolve(self, text: str | None) -> Resolution:
        """Codes named in ``text`` (each once, in order) and the words that matched no name."""
        result = Resolution()
        if not text:
            return result
        for segment in re.split(r"[;\n]", text):
            words = tokens(segment)
            position, leftover = 0, []
            while position < len(words):
                match = self._match_at(words, position)
                if match is None:
                    leftover.append(position)
                    position += 1
                    continue
                length, code = match
                if code not in result.codes:
                    result.codes.append(code)
                position += length
            result.unmatched.extend(self._unexplained(words, leftover))
        return result

    def _match_at(self, words: tuple[str, ...], position: int) -> tuple[int, str] | None:
        for key, code in self._by_first.get(words[position], []):
            if words[position:position + len(key)] == key:
                return len(key), code
        return None

    @staticmethod
    def _unexplained(words: tuple[str, ...], leftover: list[int]) -> list[str]:
        """Group unmatched word positions into runs; drop filler and "chủ trì …" qualifiers."""
        runs: list[list[int]] = []
        for position in leftover:
            if runs and runs[-1][-1] == position - 1:
                runs[-1].append(position)
            else:
                runs.append([position])
        fragments = []
        for run in runs:
            run_words = [words[p] for p in run]
            if tuple(run_words[:2]) == _QUALIFIER or all(w in _FILLER for w in run_words):
                continue
            fragments.append(" ".join(run_words))
        return fragments
