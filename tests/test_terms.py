"""The named payoff terms are declared once, as data, and everything else derives from them."""

from __future__ import annotations

import ast
import re

import numpy as np
import pytest

from conftest import REPO_ROOT
from sim.model.payoffs import CELL_FORMULAS, model_parameters, payoff_matrices
from sim.model.terms import TERM_FORMULAS, TERM_INPUTS, TERM_LABELS, TERMS, recorded_inputs


@pytest.mark.parametrize("name", list(TERMS))
def test_declared_inputs_are_exactly_what_the_function_reads(name):
    term = TERMS[name]
    assert term.name == name
    assert term.inputs == recorded_inputs(term.compute)


def test_the_input_check_can_fail():
    assert recorded_inputs(lambda p: p["a"] * p["b"]) == ("a", "b")
    assert recorded_inputs(lambda p: p["a"]) != ("a", "b")


def test_records_are_complete_and_derived_tables_match():
    symbols = [t.symbol for t in TERMS.values() if t.symbol]
    assert len(symbols) == len(set(symbols))
    for name, term in TERMS.items():
        assert term.label and term.source and term.formula
        if term.symbol:
            assert term.formula.startswith(f"{term.symbol} = ")
        assert TERM_LABELS[name] == term.title and TERM_FORMULAS[name] == term.formula
        assert TERM_INPUTS[name] == term.inputs


def _cell_value(formula: str, values: dict) -> float:
    """Evaluate a cell formula such as ``V+G-(1-r)H``: a symbol after ``)`` multiplies."""
    python = re.sub(r"\)(?=[A-Za-z(])", ")*", formula)
    return float(eval(python, {"loss": lambda x: max(0.0, x - values["O"])}, dict(values)))


def test_cell_formulas_are_what_the_payoff_matrices_compute(example_scenario, ishiba, trump):
    params = model_parameters(example_scenario, ishiba, trump)
    rng = np.random.default_rng(3)
    for _ in range(20):
        point = {k: v * rng.uniform(0.5, 1.5) for k, v in params.items()}
        point.update(
            deal_tariff_relief=rng.uniform(0, 1),
            policy_tariff_share=rng.uniform(0, 1),
            retaliation_cost_to_us=rng.uniform(0, 20),
        )
        values = {t.symbol: float(t.compute(point)) for t in TERMS.values() if t.symbol}
        A, B = payoff_matrices(point)
        for (i, j), (us, japan) in CELL_FORMULAS.items():
            assert _cell_value(us, values) == pytest.approx(A[i, j], abs=1e-9), us
            assert _cell_value(japan, values) == pytest.approx(B[i, j], abs=1e-9), japan


def test_a_wrong_cell_formula_is_caught():
    values = {"G": 5.0, "H": 2.0, "R": 1.0, "O": 0.0}
    assert _cell_value("G-H", values) != _cell_value("G-H-R", values)


SYMBOLS = "|".join(t.symbol for t in TERMS.values() if t.symbol)
#: A hand-written term label: words and a term's symbol in brackets, e.g. "audience cost (D)".
HAND_LABEL = re.compile(rf"^[A-Za-z' -]+ \(({SYMBOLS})(, share)?\)$")
PARAMETERS = {name for term in TERMS.values() for name in term.inputs}
DECLARED = {*TERM_LABELS.values(), *TERM_FORMULAS.values(), *(t.label for t in TERMS.values())}


def redeclared(path) -> list[str]:
    """The string constants of a module that declare a term's label or formula again."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    texts = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    return sorted(t for t in texts if t in DECLARED or HAND_LABEL.match(t))


#: Modules that still name terms by hand: the incentives figure labels its bars itself.
STILL_HAND_LABELLED: set[str] = set()


def _modules():
    for path in sorted((REPO_ROOT / "sim").rglob("*.py")):
        name = path.relative_to(REPO_ROOT).as_posix()
        if name == "sim/model/terms.py":
            continue
        marks = (
            [pytest.mark.xfail(strict=True, reason="labels its terms by hand")] if name in STILL_HAND_LABELLED else []
        )
        yield pytest.param(path, id=name, marks=marks)


@pytest.mark.parametrize("path", list(_modules()))
def test_no_other_module_declares_a_label_or_formula(path):
    """A term's label or formula belongs to its record in sim/model/terms.py alone."""
    assert redeclared(path) == []


def test_the_redeclaration_check_can_fail(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        'LABELS = {"audience_cost": "domestic audience cost (D)", "x": "cost (K)",'
        ' "y": "T = auto_tariff_rate / auto_tariff_reference_rate * '
        "auto_tariff_cost_at_reference + steel_aluminium_tariff_rate * "
        'steel_aluminium_exports", "z": "a share (r, share)", "ok": "(K)"}\n'
    )
    assert len(redeclared(module)) == 4


def test_model_doc_holds_the_written_tables():
    from sim.report.model_tables import model_tables

    text = (REPO_ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    assert model_tables() in text, "run python -m sim.report.model_tables and paste its output"


def stated_formulas(text: str) -> list[str]:
    """Formulas of named terms a page states in code spans: ```X = ...``` with X a term's
    symbol and one of the terms' parameters on the right."""
    spans = re.findall(rf"`(({SYMBOLS}) = [^`]*)`", text, flags=re.S)
    return [" ".join(span.split()) for span, _ in spans if set(re.findall(r"[a-z_]+", span)) & PARAMETERS]


def test_the_docs_state_each_term_formula_as_recorded():
    """A page may state a term's formula only as its record does (or link to model.md)."""
    recorded = set(TERM_FORMULAS.values())
    pages = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
    stated = {(page.name, formula) for page in pages for formula in stated_formulas(page.read_text(encoding="utf-8"))}
    assert {(page, formula) for page, formula in stated if formula not in recorded} == set()
    assert ("model.md", TERMS["audience_cost"].formula) in stated


def test_the_formula_check_can_fail():
    assert stated_formulas("`L = security_dependence * defence_budget` and `O = 0.02 x`, `P = u_f`") == [
        "L = security_dependence * defence_budget"
    ]


def test_terms_doctest():
    import doctest

    import sim.model.terms

    result = doctest.testmod(sim.model.terms)
    assert result.attempted > 0 and result.failed == 0
