"""The historical cases' points kept in the store between runs.

Every run places its scenarios beside the cases of the library
(:func:`sim.analysis.history.case_points`), and the cases' points depend on nothing the
run chooses: only on the case files, the US presets, the fit and the code. Computing them
is about a tenth of a second, so a run reads them from the store (:mod:`sim.base.store`)
when a run before it computed them from the same inputs.

An entry is ``<store>/case_points/<key>.json``: ``{"key": KEY, "points": [...]}``, each
point the fields of a :class:`sim.analysis.history.HistoryPoint` (JSON writes a float as
the shortest text that reads back as the same float, so the points read back are equal
to the points written). ``KEY`` is the SHA-256 that ``case_points`` gives (its inputs'
contents, the package's code, the versions of Python and numpy). An entry is written
atomically; one that does not read back as points of its own key is removed and the
points computed again. At most :data:`MAX_ENTRIES` entries are kept, those written
longest ago removed first. A store that cannot be read or written means computing the
points, never a failed run.
"""

from __future__ import annotations

import json
import logging
import types
import typing
from dataclasses import asdict, dataclass
from pathlib import Path

from sim.analysis.history import HistoryPoint
from sim.base.errors import UserError
from sim.io.safe_files import write_atomic

#: The entries kept (one for each state of the cases, presets, fit and code).
MAX_ENTRIES = 16
FOLDER = "case_points"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CasePointStore:
    """The cases' points kept in the store ``folder`` (entries in ``folder/case_points``)."""

    folder: Path

    @property
    def entries(self) -> Path:
        return Path(self.folder) / FOLDER

    def load(self, key: str) -> tuple[HistoryPoint, ...] | None:
        """The points stored under ``key``; None when there are none (or none whole)."""
        path = self.entries / f"{key}.json"
        try:
            data = path.read_bytes()
        except OSError:  # not stored yet (or unreadable: computed as without the store)
            return None
        try:
            entry = json.loads(data.decode("utf-8"))
            if not isinstance(entry, dict) or entry.get("key") != key or not isinstance(entry.get("points"), list):
                raise ValueError("not an entry of its own key")
            return tuple(_point(item) for item in entry["points"])
        except (ValueError, TypeError) as error:  # (UnicodeDecodeError and JSON's errors among them)
            log.warning("case point store: entry %s is damaged (%s); computing the points again", path.name, error)
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
            return None

    def save(self, key: str, points: tuple[HistoryPoint, ...]) -> None:
        """Keep ``points`` under ``key`` (atomically), then the newest entries only."""
        entry = {"key": key, "points": [asdict(point) for point in points]}
        try:
            self.entries.mkdir(parents=True, exist_ok=True)
            write_atomic(self.entries / f"{key}.json", json.dumps(entry, sort_keys=True))
        except (OSError, UserError) as error:
            log.warning("case point store %s not writable (%s): the points are computed every run", self.entries, error)
            return
        _keep_newest(self.entries, MAX_ENTRIES)


def _allowed_types(hint: type | types.UnionType) -> tuple[type, ...]:
    """The types a field declared ``hint`` accepts (``int | None``: int and NoneType)."""
    return typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)


#: Each field of a :class:`HistoryPoint` and the types its stored value may have.
FIELD_TYPES = {name: _allowed_types(hint) for name, hint in typing.get_type_hints(HistoryPoint).items()}


def _point(item: object) -> HistoryPoint:
    """A :class:`HistoryPoint` from its stored fields, each of its declared type."""
    if not isinstance(item, dict) or set(item) != set(FIELD_TYPES):
        raise ValueError("a point without exactly the fields of a HistoryPoint")
    for name, value in item.items():
        allowed = FIELD_TYPES[name]
        if isinstance(value, bool) != (bool in allowed) or not isinstance(value, allowed):
            raise ValueError(f"{name}: {value!r} is not of type {' | '.join(t.__name__ for t in allowed)}")
    return HistoryPoint(**item)


def _keep_newest(folder: Path, count: int) -> None:
    """Remove all but the ``count`` entries of ``folder`` written last."""
    try:
        entries = sorted(folder.glob("*.json"), key=lambda path: path.stat().st_mtime_ns)
        for stale in entries[:-count]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass
