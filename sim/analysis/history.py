"""Where the article scenarios sit next to the historical cases, under the forecast's fit.

The main job places each scenario it ran beside the US–Japan cases of the library
(``scenarios/cases``), all under the era-aware forecast fitted on the library
(:mod:`sim.analysis.forecast_run`, ``sim/analysis/forecast_fit.json``), so that their positions compare:
the combined forecast's most probable class, Japan's margin between resisting and
conceding under tariffs in the era-aware game, and the bargained concession.

A case's forecast is its **leave-one-out** forecast, made by a fit on the other cases of
the library and stored in the fit file by ``python -m sim.backtest --refit`` (this module
computes no fit); a case the stored fit does not hold (added since the last refit) is
forecast by the fit on all cases and marked ``out_of_sample=False``. Article scenarios,
which are not cases, are forecast by the fit on all cases, as the run's headline is. The
margin and the bargained concession are those of the fit on all cases, under each case's
own era preset; leader presets play no part here.

The cases' points do not depend on the run, so a process computes them once for each
state of the case files, the US presets and the fit (:func:`case_points`): the jobs of a
multirun (one after another in one process, or in a worker process the joblib launcher
reuses) share them, and a store given to it (the main job's,
:mod:`sim.io.case_point_store`) keeps them for the processes that follow.
"""

from __future__ import annotations

import hashlib
import re
import sys
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from sim.base.errors import UserError
from sim.base.paths import CONF_DIR
from sim.base.reading import file_digest
from sim.base.store import source_digest
from sim.data.cases import CASES_DIR, Case, by_start, case_paths, load_case, load_cases
from sim.data.datafile import read_text
from sim.data.presets import GROUP_OF, USPreset
from sim.analysis.forecast import CLASSES, calibrated_inputs, era_game, model_forecasts
from sim.analysis.forecast_fit import FittedForecast, combined
from sim.analysis.forecast_run import load_fitted
from sim.data.scenario import Scenario


@dataclass(frozen=True)
class HistoryPoint:
    """One case or article scenario under the forecast's fit.

    ``actual_class`` and ``actual_concession`` are the coded outcome (empty and None for
    an article scenario); ``year`` is None where the source gives no date;
    ``predicted_probability`` is the combined forecast's probability of
    ``predicted_class``, its most probable class.
    """

    name: str
    title: str
    date: str
    year: int | None
    kind: str  # "case" or "article"
    us_preset: str
    predicted_class: str
    predicted_probability: float
    actual_class: str
    out_of_sample: bool
    margin_under_tariffs: float
    predicted_concession: float
    actual_concession: float | None


def history_points(
    scenarios: Sequence[Scenario],
    cases_dir: Path | str = CASES_DIR,
    fitted: FittedForecast | None = None,
    store: PointStore | None = None,
) -> tuple[HistoryPoint, ...]:
    """The cases (leave-one-out where stored) and ``scenarios``, oldest first; ``store``
    keeps the cases' points between processes (:func:`case_points`)."""
    fitted = fitted or load_fitted()
    points = [*case_points(cases_dir, fitted, store), *(_point(scenario, fitted, None) for scenario in scenarios)]
    return tuple(sorted(points, key=lambda p: (p.year is None, p.year or 0, p.kind, p.name)))


class PointStore(Protocol):
    """Where :func:`case_points` keeps the cases' points between processes, by key
    (:class:`sim.io.case_point_store.CasePointStore`)."""

    def load(self, key: str) -> tuple[HistoryPoint, ...] | None: ...

    def save(self, key: str, points: tuple[HistoryPoint, ...]) -> None: ...


#: How many states of (case files, US presets, fit) :func:`case_points` remembers.
CASE_POINTS_MEMO_SIZE = 4
_case_points_memo: OrderedDict[Hashable, tuple[HistoryPoint, ...]] = OrderedDict()
_case_points_lock = threading.Lock()  # jobs run in threads (a thread-based launcher) share it too


def case_points(
    cases_dir: Path | str = CASES_DIR, fitted: FittedForecast | None = None, store: PointStore | None = None
) -> tuple[HistoryPoint, ...]:
    """The point of every case in ``cases_dir`` under ``fitted``, by start of the episode.

    A pure function of its inputs, remembered per process: the jobs of a multirun that
    run in one process (Hydra's basic launcher, a reused joblib worker) compute the
    cases' points once. The memo's key is everything a case point depends on:

    * the case folder's resolved path and, for each ``*.yaml`` file in it, its name and
      the SHA-256 of the text read; the cases are then parsed from that same text, so an
      entry can never hold points of other contents than its key names;
    * the SHA-256 of every built-in US preset file (``conf/us/*.yaml``), which give each
      case its era's administration (:mod:`sim.data.eras`, which reads each once a
      process; in the key so that the memo would follow if it read them again);
    * the values of every field of ``fitted`` (parameters, weights, rates, leave-one-out
      forecasts, training cases, warnings), not its identity.

    Anything else a point reads is code or a constant. A changed, added or removed file
    gives a new key and the points are computed again; the
    :data:`CASE_POINTS_MEMO_SIZE` most recently used keys are kept.

    ``store`` keeps the points between processes, under the SHA-256 of the memo's key, of
    every file of the ``sim`` package (:func:`sim.base.store.source_digest`: the code,
    the fit file among them) and of the versions of Python and numpy
    (:func:`stored_key`): a run reads the points a run before it computed, and computes
    (and stores) them where none are stored under that key. The points are
    frozen dataclasses of numbers and text in a tuple, so a caller cannot alter what
    another receives. A folder (or preset file) that cannot be read is reported as a plain
    read reports it (:func:`load_cases`), and nothing is remembered.

    Examples
    --------
    >>> from sim.analysis.forecast_run import load_fitted
    >>> case_points(fitted=load_fitted()) is case_points(fitted=load_fitted())
    True

    """
    fitted = fitted or load_fitted()
    folder = Path(cases_dir)
    try:
        paths = case_paths(folder)
        texts = [read_text(path) for path in paths]
        presets = _us_presets_key()
    except UserError:  # reported as a plain read reports it (the first bad file), nothing kept
        return tuple(_point(case.scenario, fitted, case) for case in load_cases(folder))
    key = (
        str(folder.resolve()),
        tuple((path.name, hashlib.sha256(text.encode("utf-8")).hexdigest()) for path, text in zip(paths, texts)),
        presets,
        _fitted_key(fitted),
    )
    with _case_points_lock:
        if key in _case_points_memo:
            _case_points_memo.move_to_end(key)
            return _case_points_memo[key]
    stored = "" if store is None else stored_key(key)
    points = None if store is None else store.load(stored)
    if points is None:
        cases = by_start([load_case(path, text) for path, text in zip(paths, texts)])
        points = tuple(_point(case.scenario, fitted, case) for case in cases)
        if store is not None:
            store.save(stored, points)
    with _case_points_lock:
        _case_points_memo[key] = points
        while len(_case_points_memo) > CASE_POINTS_MEMO_SIZE:
            _case_points_memo.popitem(last=False)
    return points


def forget_case_points() -> None:
    """Empty this process's memo of the cases' points (the next call computes or reads
    them as a new process would)."""
    with _case_points_lock:
        _case_points_memo.clear()


def stored_key(memo_key: Hashable) -> str:
    """The key (SHA-256, hex) of the cases' points in a store: the memo's key, the
    package's code and the versions of Python and numpy."""
    versions = (sys.version, np.__version__)
    return hashlib.sha256(repr((memo_key, versions)).encode() + source_digest()).hexdigest()


def _us_presets_key() -> tuple[tuple[str, str], ...]:
    """(name, SHA-256) of every built-in US preset file."""
    folder = CONF_DIR / GROUP_OF[USPreset]
    return tuple((path.name, file_digest(path)[0]) for path in sorted(folder.glob("*.yaml")))


def _fitted_key(fitted: FittedForecast) -> tuple:
    """The values of every field of ``fitted``, as nested tuples (hashable, exact)."""

    def plain(value: object) -> Hashable:
        if isinstance(value, Mapping):
            return tuple(sorted((str(k), plain(v)) for k, v in value.items()))
        if isinstance(value, np.ndarray):
            return (value.dtype.str, value.shape, value.tobytes())
        if isinstance(value, (tuple, list)):
            return tuple(plain(v) for v in value)
        return value

    return tuple((name, plain(getattr(fitted, name))) for name in fitted.__dataclass_fields__)


def _point(scenario: Scenario, fitted: FittedForecast, case: Case | None) -> HistoryPoint:
    forecasts = model_forecasts(scenario, fitted.parameters)
    held_out: Mapping[str, float] | None = fitted.leave_one_out.get(case.name) if case is not None else None
    probabilities = np.array([held_out[c] for c in CLASSES]) if held_out is not None else combined(fitted, forecasts)
    best = int(np.argmax(probabilities))
    played, japan, us = calibrated_inputs(scenario, fitted.parameters)
    _, B, _ = era_game(played, japan, us)
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", scenario.date)
    return HistoryPoint(
        name=scenario.name,
        title=scenario.title,
        date=scenario.date,
        year=int(year.group(1)) if year else None,
        kind="case" if case else "article",
        us_preset=forecasts.us_preset,
        predicted_class=CLASSES[best],
        predicted_probability=float(probabilities[best]),
        actual_class=case.outcome.outcome_class if case else "",
        out_of_sample=held_out is not None,
        margin_under_tariffs=float(B[1, 1] - B[1, 0]),
        predicted_concession=forecasts.bargain_concession,
        actual_concession=case.outcome.concession_size.value if case else None,
    )
