"""Provenance of every number: where it came from and how sure we are of it.

A number is *reported* (stated in a source: the source and a short verbatim quote are
required), *derived* (computed from reported numbers: ``how`` says how) or *assumed* (a
modelling choice: ``why`` says why; a supporting quote may be given). Sources carry a
reliability note, and identifications the source garbles (names, dates) are recorded as
derived, with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sim import checks
from sim.errors import UserError

KINDS = ("reported", "derived", "assumed")


@dataclass(frozen=True)
class Identification:
    """Something a source states garbled, and what it is taken to mean (always derived)."""

    source_says: str
    means: str
    why: str


@dataclass(frozen=True)
class Source:
    """A source article: its file name, title, date as far as known, and reliability note."""

    file: str
    title: str
    date: str
    reliability: str
    identifications: tuple[Identification, ...] = ()


@dataclass(frozen=True)
class Provenance:
    """Where one number came from (see the module docstring for the three kinds)."""

    kind: str
    source: str | None = None
    quote: str | None = None
    how: str | None = None
    why: str | None = None

    def describe(self) -> str:
        """One line for tables and reports: kind, source, then quote or reason."""
        parts = [self.kind]
        if self.source:
            parts.append(self.source)
        if self.quote:
            parts.append(f'"{self.quote}"')
        if self.how or self.why:
            parts.append(self.how or self.why)
        return " | ".join(parts)


_PROVENANCE_KEYS = ("kind", "source", "quote", "how", "why")


def parse_provenance(data: Mapping, sources: Mapping[str, Source], path: Path | str,
                     where: str) -> Provenance:
    """Read the provenance keys of one quantity; the rules depend on its ``kind``."""
    kind = checks.choice(data, "kind", KINDS, path, where)
    fields = {key: checks.text(data, key, path, where) for key in _PROVENANCE_KEYS[1:]
              if key in data}
    if kind == "reported":
        for key in ("source", "quote"):
            if key not in fields:
                raise UserError(path, f"{where}.{key}",
                                "a source and a verbatim quote for a reported number",
                                "<nothing>")
    required_reason = {"derived": "how", "assumed": "why"}.get(kind)
    if required_reason and required_reason not in fields:
        article = "an" if kind == "assumed" else "a"
        raise UserError(path, f"{where}.{required_reason}",
                        f"a '{required_reason}' text for {article} {kind} number", "<nothing>")
    if "quote" in fields and "source" not in fields:
        raise UserError(path, f"{where}.source", "the source the quote is taken from",
                        "<nothing>")
    if "source" in fields and fields["source"] not in sources:
        raise UserError(path, f"{where}.source", "a source listed under 'sources'",
                        fields["source"], hint="known: " + ", ".join(sources) if sources
                        else "the file lists no sources")
    return Provenance(kind=kind, **fields)


def parse_sources(data: object, path: Path | str) -> dict[str, Source]:
    """Read the ``sources`` mapping: article file name -> title, date, reliability."""
    if not isinstance(data, Mapping) or not data:
        raise UserError(path, "sources", "a mapping of article file names to their notes",
                        data)
    sources = {}
    for name, entry in data.items():
        where = f"sources.{name}"
        checks.check_keys(entry, path, where, ("title", "date", "reliability"),
                          ("identifications",))
        sources[name] = Source(
            file=str(name),
            title=checks.text(entry, "title", path, where),
            date=checks.text(entry, "date", path, where),
            reliability=checks.text(entry, "reliability", path, where),
            identifications=_parse_identifications(entry.get("identifications", []), path,
                                                   f"{where}.identifications"))
    return sources


def _parse_identifications(data: object, path: Path | str,
                           where: str) -> tuple[Identification, ...]:
    if not isinstance(data, list):
        raise UserError(path, where, "a list", data)
    found = []
    for index, entry in enumerate(data):
        item = f"{where}[{index}]"
        checks.check_keys(entry, path, item, ("source_says", "means", "why"))
        found.append(Identification(*(checks.text(entry, key, path, item)
                                      for key in ("source_says", "means", "why"))))
    return tuple(found)


_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise_quote(text: str) -> str:
    """Fold white space and typographic quotes so a hand-typed quote matches its article."""
    return " ".join(text.translate(_TYPOGRAPHIC).split())


def quote_in_article(quote: str, article_text: str) -> bool:
    """True when ``quote`` stands verbatim in the article (white space and quote marks folded)."""
    return normalise_quote(quote) in normalise_quote(article_text)
