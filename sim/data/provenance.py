"""Provenance of every number: where it came from and how sure we are of it.

A number is *reported* (stated in a source: the source and a short verbatim quote are
required), *derived* (computed from reported numbers: ``how`` says how) or *assumed* (a
modelling choice: ``why`` says why; a supporting quote may be given). Sources carry a
reliability note, and identifications the source garbles (names, dates) are recorded as
derived, with the reason.

A source is either an **article** (the key is its file name in the article folder, and
every quote from it can be checked verbatim against that file) or a **publication**
outside the article folder (a historical record: the key is a free name, and the entry
names its ``publisher`` and web ``address``). Quotes from publications are kept as read;
only article quotes are checked against files (:func:`is_checkable_quote`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sim.base import checks
from sim.base.errors import UserError

KINDS = ("reported", "derived", "assumed")


@dataclass(frozen=True)
class Identification:
    """Something a source states garbled, and what it is taken to mean (always derived)."""

    source_says: str
    means: str
    why: str


@dataclass(frozen=True)
class Source:
    """A source: its key (an article's file name), title, date as far as known, reliability.

    A publication (not an article file) also has its ``publisher`` and ``address`` (URL).
    """

    file: str
    title: str
    date: str
    reliability: str
    identifications: tuple[Identification, ...] = ()
    publisher: str | None = None
    address: str | None = None

    @property
    def is_article(self) -> bool:
        """True for an article file (its quotes are checked), False for a publication."""
        return self.publisher is None


@dataclass(frozen=True)
class Provenance:
    """Where one number came from (see the module docstring for the three kinds)."""

    kind: str
    source: str | None = None
    quote: str | None = None
    how: str | None = None
    why: str | None = None

    def citation(self) -> tuple[str, str]:
        """``(source, quote)`` of a reported number (:func:`parse_provenance` requires both)."""
        if self.source is None or self.quote is None:
            raise ValueError(f"a {self.kind} provenance without both a source and a quote")
        return self.source, self.quote

    def describe(self) -> str:
        """One line for tables and reports: kind, source, then quote or reason."""
        parts = [self.kind]
        if self.source:
            parts.append(self.source)
        if self.quote:
            parts.append(f'"{self.quote}"')
        reason = self.how or self.why
        if reason:
            parts.append(reason)
        return " | ".join(parts)


_PROVENANCE_KEYS = ("kind", "source", "quote", "how", "why")


def parse_provenance(data: Mapping, sources: Mapping[str, Source], path: Path | str, where: str) -> Provenance:
    """Read the provenance keys of one quantity; the rules depend on its ``kind``."""
    kind = checks.choice(data, "kind", KINDS, path, where)
    fields = {key: checks.text(data, key, path, where) for key in _PROVENANCE_KEYS[1:] if key in data}
    if kind == "reported":
        for key in ("source", "quote"):
            if key not in fields:
                raise UserError(
                    path, f"{where}.{key}", "a source and a verbatim quote for a reported number", "<nothing>"
                )
    required_reason = {"derived": "how", "assumed": "why"}.get(kind)
    if required_reason and required_reason not in fields:
        article = "an" if kind == "assumed" else "a"
        raise UserError(
            path, f"{where}.{required_reason}", f"a '{required_reason}' text for {article} {kind} number", "<nothing>"
        )
    if "quote" in fields and "source" not in fields:
        raise UserError(path, f"{where}.source", "the source the quote is taken from", "<nothing>")
    if "source" in fields and fields["source"] not in sources:
        raise UserError(
            path,
            f"{where}.source",
            "a source listed under 'sources'",
            fields["source"],
            hint="known: " + ", ".join(sources) if sources else "the file lists no sources",
        )
    return Provenance(kind=kind, **fields)


def parse_sources(data: object, path: Path | str) -> dict[str, Source]:
    """Read the ``sources`` mapping: source key -> title, date, reliability (and publisher).

    An entry with a ``publisher`` is a publication and must give its ``address`` (an
    ``http://`` or ``https://`` URL) too; an entry without one is an article file.
    """
    if not isinstance(data, Mapping) or not data:
        raise UserError(path, "sources", "a mapping of article file names to their notes", data)
    sources = {}
    for name, entry in data.items():
        where = f"sources.{name}"
        checks.check_keys(
            entry, path, where, ("title", "date", "reliability"), ("identifications", "publisher", "address")
        )
        sources[name] = Source(
            file=str(name),
            title=checks.text(entry, "title", path, where),
            date=checks.text(entry, "date", path, where),
            reliability=checks.text(entry, "reliability", path, where),
            identifications=_parse_identifications(entry.get("identifications", []), path, f"{where}.identifications"),
            **_publication(entry, path, where),
        )
    return sources


def _publication(entry: Mapping, path: Path | str, where: str) -> dict:
    """``publisher`` and ``address`` of a publication source; nothing for an article."""
    if "publisher" not in entry and "address" not in entry:
        return {}
    if "publisher" not in entry:
        raise UserError(path, f"{where}.publisher", "a publisher for a source that gives an address", "<nothing>")
    publisher = checks.text(entry, "publisher", path, where)
    if "address" not in entry:
        raise UserError(
            path, f"{where}.address", "the web address of a publication (a source with a publisher)", "<nothing>"
        )
    address = checks.text(entry, "address", path, where)
    if not address.startswith(("http://", "https://")) or " " in address.strip():
        raise UserError(path, f"{where}.address", "an http:// or https:// address", address)
    return {"publisher": publisher, "address": address.strip()}


def is_checkable_quote(provenance: Provenance, sources: Mapping[str, Source]) -> bool:
    """True when ``provenance`` quotes an article file, whose text can be checked verbatim."""
    source = sources.get(provenance.source or "")
    return bool(provenance.quote) and source is not None and source.is_article


def _parse_identifications(data: object, path: Path | str, where: str) -> tuple[Identification, ...]:
    if not isinstance(data, list):
        raise UserError(path, where, "a list", data)
    found = []
    for index, entry in enumerate(data):
        item = f"{where}[{index}]"
        checks.check_keys(entry, path, item, ("source_says", "means", "why"))
        found.append(Identification(*(checks.text(entry, key, path, item) for key in ("source_says", "means", "why"))))
    return tuple(found)


_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise_quote(text: str) -> str:
    """Fold white space and typographic quotes so a hand-typed quote matches its article."""
    return " ".join(text.translate(_TYPOGRAPHIC).split())


def quote_in_article(quote: str, article_text: str) -> bool:
    """True when ``quote`` stands verbatim in the article (white space and quote marks folded)."""
    return normalise_quote(quote) in normalise_quote(article_text)
