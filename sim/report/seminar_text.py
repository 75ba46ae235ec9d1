"""The fixed text of the seminar report: its style sheet (screen, projector and print) and
the model explanations with their sources."""

from __future__ import annotations

from sim.report.document import Paragraph, Section

CSS = """
:root { --ink: #1b1b1b; --muted: #5b5b5b; --line: #d9d9d9; --accent: #0072B2;
        --reported: #009E73; --derived: #56B4E9; --assumed: #E69F00; --conflict: #D55E00; }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.5 "Segoe UI", "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); background: #fafafa; }
header { background: #14213d; color: #fff; padding: 1.2rem 2rem 0.6rem; position: sticky;
         top: 0; z-index: 2; }
header h1 { margin: 0; font-size: 1.6rem; }
header .subtitle { margin: 0.2rem 0 0.5rem; color: #dfe6f3; }
nav a { color: #fff; margin-right: 1.1rem; font-size: 0.95rem; text-decoration: none;
        border-bottom: 2px solid transparent; }
nav a:hover { border-bottom-color: var(--assumed); }
main { padding: 1rem 2rem 3rem; max-width: 1500px; margin: auto; }
section { margin-top: 2rem; scroll-margin-top: 7rem; }
section > h2 { border-bottom: 3px solid var(--accent); padding-bottom: 0.2rem; }
h3 { margin: 0.6rem 0 0.4rem; font-size: 1.12rem; }
a { color: var(--accent); text-decoration: none; border-bottom: 1px dotted var(--accent); }
a:hover { background: #e8f1f8; }
:target { outline: 3px solid var(--assumed); scroll-margin-top: 7rem; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr));
           gap: 1.5rem; }
.column > h3 { font-size: 1.3rem; color: #14213d; border-left: 6px solid var(--accent);
               padding-left: 0.5rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px;
        padding: 0.4rem 1rem 0.6rem; margin-bottom: 1rem; }
table { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.92rem; width: 100%; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left;
         vertical-align: top; }
th { background: #eef2f7; }
table.matrix td, table.matrix th { text-align: center; font-size: 1.02rem; }
table.provenance { font-size: 0.85rem; }
tr.kind-reported td:nth-child(3) { color: var(--reported); font-weight: 600; }
tr.kind-derived td:nth-child(3) { color: #1f78a8; font-weight: 600; }
tr.kind-assumed td:nth-child(3) { color: #9a6a00; font-weight: 600; }
tr.conflict td { background: #fdf0e9; }
p.conflict { color: var(--conflict); font-weight: 600; }
details { background: #fff; border: 1px solid var(--line); border-radius: 8px;
          padding: 0.4rem 0.8rem; margin: 0.4rem 0; }
summary { cursor: pointer; font-weight: 600; }
figure { margin: 1rem 0; background: #fff; border: 1px solid var(--line); border-radius: 8px;
         padding: 0.5rem; }
figure img { max-width: 100%; height: auto; display: block; margin: auto; }
figcaption { color: var(--muted); font-size: 0.9rem; }
.cite { color: var(--muted); font-size: 0.92rem; }
.question { font-weight: 600; margin-top: 1.2rem; }
.blank { border-bottom: 1px solid #999; height: 1.6rem; margin: 0.3rem 0; }
p.broken { background: var(--conflict); color: #fff; padding: 0.5rem 1rem; margin: 0; }
table.compact { font-size: 0.9rem; width: auto; min-width: 60%; }
table.compact td:last-child, table.compact th:last-child { text-align: right; }
table.answers td, table.answers th { font-size: 0.88rem; }
p.answer { font-size: 1.15rem; font-weight: 600; color: #14213d; }
.table-wrap { overflow-x: auto; }
.whatif-grid { display: flex; gap: 1.5rem; align-items: flex-start; flex-wrap: wrap; }
.whatif label { display: block; margin: 0.6rem 0; }
.whatif input[type=range] { width: 22rem; max-width: 80vw; }
.whatif canvas { border: 1px solid var(--line); }
table.provenance td:nth-child(4) { min-width: 18rem; }
table { table-layout: auto; overflow-wrap: anywhere; }
@media print {
  @page { size: A4; margin: 10mm; }
  body { background: #fff; font-size: 9pt; line-height: 1.25; }
  header { position: static; background: #fff; color: #000; padding: 0; }
  header h1 { font-size: 14pt; }
  header .subtitle { color: #333; margin: 0 0 2mm; }
  nav { display: none; }
  main { padding: 0; max-width: none; }
  section { margin-top: 3mm; }
  section > h2 { font-size: 12.5pt; margin: 2mm 0 1mm; }
  section.page { break-before: page; }
  section.page:first-of-type { break-before: auto; }
  h3 { font-size: 10.5pt; margin: 1mm 0; }
  p { margin: 1mm 0; }
  ul { margin: 1mm 0; padding-left: 5mm; }
  .card { padding: 1mm 2mm; margin-bottom: 2mm; border-radius: 0; }
  figure, table.matrix, table.compact { break-inside: avoid; }
  a { color: inherit; border-bottom: none; }
  .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
  .column > h3 { font-size: 11pt; }
  table { font-size: 8pt; margin: 1mm 0; }
  th, td { padding: 0.5mm 1.5mm; }
  table.matrix td, table.matrix th { font-size: 9pt; }
  table.provenance { font-size: 6pt; table-layout: fixed; line-height: 1.1; }
  table.history { font-size: 6.5pt; line-height: 1.1; }
  table.history td, table.history th { padding: 0.2mm 1mm; }
  table.provenance td, table.provenance th { padding: 0.2mm 1mm; }
  table { line-height: 1.2; }
  table.provenance td:nth-child(4) { min-width: 0; }
  table.provenance th:nth-child(1) { width: 19%; }
  table.provenance th:nth-child(2) { width: 11%; }
  table.provenance th:nth-child(3) { width: 7%; }
  p.answer { font-size: 10pt; }
  .screen-only, #whatif { display: none; }
  #models { column-count: 2; column-gap: 5mm; font-size: 8pt; }
  #models > h2 { column-span: all; }
  #models .model { break-inside: avoid; }
  #models h3 { font-size: 9pt; }
  .card ul, .card p { font-size: 8pt; }
  figure { padding: 1mm; margin: 2mm 0; border: none; }
  figure img { max-height: 66mm; width: auto; max-width: 100%; }
  figure.wide img { max-height: 120mm; }
  figcaption { font-size: 8pt; }
  .blank { height: 7mm; }
  details { border: none; padding: 0; }
  details > summary { list-style: none; }
}
"""


def _model(anchor: str, title: str, text: str, cite: str) -> Section:
    return Section(f"model-{anchor}", title, (Paragraph((text,)), Paragraph((cite,), css="cite")), css="model")


#: How each result is computed, with its sources; every computed number links here.
MODELS = (
    _model(
        "static",
        "Static game (Nash equilibrium)",
        "A 2x2 bimatrix game: the US refrains or imposes tariffs, Japan concedes or "
        "resists. Each payoff is a sum of named terms built from the scenario's facts "
        "and the leaders' presets (see each run's terms). All Nash equilibria are found "
        "by vertex enumeration and checked as mutual best responses; the concession-"
        "levels game refines both sides' choices into steps (the US's tariff from none to "
        "the full threatened rate, Japan's concession from full to none: 'tariff 50%', "
        "'concede 75%') with an audience cost that grows with the concession's square.",
        "Schelling, Arms and Influence (1966); Fearon, Domestic Political Audiences and "
        "the Escalation of International Disputes, APSR 88(3) (1994); Avis and Fukuda, "
        "Adjacent vertex enumeration; checked against Gambit (McKelvey, McLennan and "
        "Turocy).",
    ),
    _model(
        "threat",
        "Threat game (subgame perfection; perfect Bayesian equilibrium)",
        "The US threatens, Japan concedes or resists, the US carries out or backs down. "
        "With complete information the path is found by backward induction. When Japan "
        "does not know whether the US is resolved (it values tariffs for their own sake) "
        "or bluffing, it concedes outright once its belief in resolve reaches the "
        "threshold mu* = (b0 - B00)/(b0 - b1); below it bluffs can pay and Japan mixes.",
        "Selten (1975); Fudenberg and Tirole, Game Theory (1991), ch. 8; Schelling (1966).",
    ),
    _model(
        "two-level",
        "Two-level game (ratification)",
        "The US chooses its demand knowing that Japan's parliament ratifies a concession "
        "c with probability (1 - c)^(support for resisting / approval): a narrow domestic "
        "win-set strengthens the negotiator's hand.",
        "Putnam, Diplomacy and Domestic Politics: the Logic of Two-Level Games, "
        "International Organization 42(3) (1988).",
    ),
    _model(
        "bargaining",
        "Bargaining over a deal (Nash; Rubinstein)",
        "The deal's frontier runs from no concession to the largest Japan's win-set "
        "allows; the disagreement point is the fight. Nash's solution maximises the "
        "product of gains (with equal weights, or weights from patience); Rubinstein's "
        "alternating offers give the proposer (1 - d2)/(1 - d1 d2) of the pie.",
        "Nash, The Bargaining Problem, Econometrica 18 (1950); Rubinstein, Perfect "
        "Equilibrium in a Bargaining Model, Econometrica 50 (1982); Binmore, Rubinstein "
        "and Wolinsky (1986); Binmore, Shaked and Sutton (1989) for outside options.",
    ),
    _model(
        "repeated",
        "Repeated game (strategies, noise, folk theorem)",
        "The stage game is played round after round by strategies written as small "
        "automata (tit-for-tat, grim trigger, generous tit-for-tat, the US's escalating "
        "demand), thousands of matches at once with noise that flips an intended move. "
        "The folk theorem gives the discount factor above which cooperation is "
        "sustainable; the tournament ranks Japan's replies.",
        "Axelrod, The Evolution of Cooperation (1984); Fudenberg and Maskin, Econometrica "
        "54 (1986); strategies as in the Axelrod library (checked against its matches).",
    ),
    _model(
        "record",
        "The sanctions record (crisis game estimated on real data)",
        "The crisis game of Lewis & Schultz (challenge; concede or resist; stand firm or "
        "back down; private normal shocks) estimated by constrained maximum likelihood "
        "on the TIES sanctions record of 1970-2000 (418 dyad-decades; python -m "
        "sim.estimate, docs/estimation.md). Its shipped coefficients are evaluated at "
        "this scenario's covariates: trade dependence scaled from the 1990s US-Japan "
        "row by the scenario's trade deficit and GDP per capita, alliance from its "
        "security dependence, the rest from the 1990s row (assumed). Each equilibrium "
        "gives how often the US challenges and, given a challenge, how often Japan "
        "concedes, sanctions stand or the US backs down.",
        "Lewis, J. B. and K. A. Schultz (2003), Political Analysis 11(4); Crisman-Cox, C. "
        "and M. Gibilisco (2021), Political Science Research and Methods 9(3); TIES: "
        "Morgan, Bapat and Kobayashi (2014).",
    ),
    _model(
        "forecast",
        "The combined forecast (era-aware, fitted on the case library)",
        "Each model gives probabilities over the four outcomes: the static game through "
        "its input ranges and the logit quantal response equilibrium, the threat game "
        "through uncertain resolve and the escalation path (tariffs first, a concession "
        "later, the share of tariffs that stays), bargaining as a distribution of the "
        "concession. They are pooled with the case library's base rates; parameters and "
        "weights are fitted on the historical cases, out of sample, under priors "
        "(docs/cases.md). The interval is the range the pool's parts give.",
        "McKelvey and Palfrey, Games and Economic Behavior 10 (1995); Fearon, JCR 41 "
        "(1997); Gneiting and Raftery, JASA 102 (2007), for log and Brier scores.",
    ),
    _model(
        "history",
        "Forecasts against history",
        "Historical cases (scenarios/cases/, one YAML file each, documented in "
        "docs/cases.md) carry the facts of each episode with their sources and a coded "
        "outcome: what Japan gave, whether US tariffs stood, and the concession's size as "
        "a share of the demand (a coding judgment, marked assumed). Each US–Japan case is "
        "shown with its leave-one-out forecast: the era-aware combined forecast fitted on "
        "the other cases only (stored by python -m sim.backtest --refit). The margin is "
        "Japan's payoff from resisting minus conceding under tariffs in the era-aware "
        "game under the fit on all cases.",
        "Stone, Cross-validatory choice and assessment of statistical predictions, JRSS B "
        "36 (1974), for leave-one-out; case sources are named in each case file.",
    ),
    _model(
        "leaders",
        "Controlled leader comparison",
        "Every built-in scenario is solved under every Japan preset with the same facts "
        "and US preset (static game, threat game at the US prior, Rubinstein deal). Then "
        "the first preset takes, one at a time, each numeric parameter on which the "
        "presets differ; the change in each outcome is that parameter's share of the "
        "leader effect (one factor at a time, so the shares need not add up).",
        "Saltelli et al., Global Sensitivity Analysis: The Primer (2008), ch. 1, on one-at-a-time designs.",
    ),
    _model(
        "tipping",
        "Equilibrium maps and tipping points",
        "The stage game is solved on a grid of two inputs at once (vectorised), and each "
        "input alone is moved until the equilibrium changes (Brent's method on the best-"
        "response differences). Dashed lines on the maps are those tipping points.",
        "Brent, Algorithms for Minimization without Derivatives (1973).",
    ),
)
