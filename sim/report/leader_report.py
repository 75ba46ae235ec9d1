"""The controlled leader comparison in the report: records of :mod:`sim.analysis.leaders` as tables."""

from __future__ import annotations

from sim.report.document import Paragraph, Ref, Section, Table
from sim.report.summary import model_ref


def _ref(text: str):
    return (model_ref(text, "leaders"),)


def _fmt(value, fmt: str) -> str:
    return "no deal" if value is None else format(value, fmt)


def leader_section(rows, labels: dict[str, str]) -> Section:
    """Both presets on every scenario, then each differing parameter's effect alone."""
    plain = [r for r in rows if not r.changed]
    presets = list(dict.fromkeys(r.japan for r in plain))
    scenarios = list(dict.fromkeys((r.scenario, r.scenario_title) for r in plain))
    by = {(r.scenario, r.japan): r for r in plain}
    header = ["Scenario"]
    for p in presets:
        name = labels.get(p, p).split(":")[0]
        header += [
            f"{name}: equilibrium",
            f"{name}: resist minus concede",
            f"{name}: P(concede to threat)",
            f"{name}: deal",
        ]
    table = []
    for scenario, title in scenarios:
        cells = [(Ref(title, f"facts-{scenario}"),)]
        for p in presets:
            r = by[scenario, p]
            cells += [
                _ref(r.equilibrium),
                _ref(f"{r.margin:+.1f}"),
                _ref(f"{r.concede:.2f}"),
                _ref(_fmt(r.deal, ".0%")),
            ]
        table.append(tuple(cells))
    return Section(
        "leaders",
        "Same scenario, both leaders: what the leader changes",
        (
            Paragraph(
                (
                    "The default runs pair each leader with her or his own scenarios, so their "
                    "difference mixes the leader with the situation. Here every scenario is "
                    "solved under every Japan preset with the same facts and the same US "
                    "preset; below, the first preset takes each differing parameter of the "
                    "other alone.",
                )
            ),
            Table(tuple(header), tuple(table), css="answers"),
            effects_table(rows, presets, labels),
        ),
    )


def effects_table(rows, presets: list[str], labels: dict[str, str]) -> Table:
    """Each swapped parameter: its two values and the change it makes, over the scenarios."""
    base = {r.scenario: r for r in rows if not r.changed and r.japan == presets[0]}
    swapped: dict[str, list] = {}
    for r in rows:
        if r.changed:
            swapped.setdefault(r.changed, []).append(r)
    other = {r.scenario: r for r in rows if not r.changed and r.japan in presets[1:2]}
    groups = [(name.replace("_", " "), items) for name, items in swapped.items()]
    if other:
        groups.append((f"all of {presets[1].capitalize()}'s parameters (the whole preset)", list(other.values())))
    table = []
    for name, items in groups:
        margin = [r.margin - base[r.scenario].margin for r in items]
        concede = [r.concede - base[r.scenario].concede for r in items]
        deal = [(r.deal or 0.0) - (base[r.scenario].deal or 0.0) for r in items]
        flips = sum(r.equilibrium != base[r.scenario].equilibrium for r in items)
        value = items[0].value
        source = f"fact-{presets[1]}.{items[0].changed}" if items[0].changed else ""
        table.append(
            (
                (Ref(name, f"facts-preset-{presets[1]}") if not items[0].changed else name,),
                (Ref(f"{value:g}", source),) if value is not None else ("",),
                _ref(_range(margin, "+.1f")),
                _ref(_range(concede, "+.2f")),
                _ref(_range(deal, "+.0%")),
                (*_ref(str(flips)), " of ", *_ref(str(len(items)))),
            )
        )
    first = labels.get(presets[0], presets[0]).split(":")[0]
    return Table(
        (
            f"Parameter given to {first}",
            "Value taken",
            "Change in resist minus concede (US$ bn a year)",
            "Change in P(concede to threat)",
            "Change in deal share",
            "Scenarios whose equilibrium changes",
        ),
        tuple(table),
        css="answers",
    )


def _range(values: list[float], fmt: str) -> str:
    low, high = min(values), max(values)
    return format(low, fmt) if format(low, fmt) == format(high, fmt) else f"{format(low, fmt)} to {format(high, fmt)}"
