"""``python -m sim.play``: play Japan (or the US) round by round against a preset strategy.

    python -m sim.play [--side japan|us|both] [--rounds N] [--opponent NAME] [--seed S]
                       [--noise P] [--scenario NAME|PATH] [--japan NAME] [--us NAME]
                       [--name STUDENT] [--log FILE | --log-dir DIR]
    python -m sim.play --game threat [--rounds N] [--seed S] ...
    python -m sim.play class LOGDIR [--out FILE]

The stage game is :func:`sim.model.payoffs.stage_game` of the scenario and presets; the
computer plays a strategy of :data:`sim.data.strategies.REGISTRY` (default: its preset's
``repeated_strategy``). ``--side both`` (or ``--players 2``) lets two students play each
other. ``--game threat`` is the threat game with hidden US resolve. Moves are read line by
line from piped input. Each game ends with a debrief and may write a JSON log; ``class``
builds the class table from a folder of logs. Mistakes: one line ``error: ...``, exit 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from sim.data.vocabulary import JAPAN_ACTIONS
from sim.play import text
from sim.cli.arguments import ArgumentParser, number_argument, run_cli, whole_argument
from sim.base.errors import UserError
from sim.model.payoffs import stage_game
from sim.play.game import (
    RepeatedGame,
    classic_benchmarks,
    benchmark,
    equilibrium_strategy,
    mutual_benchmark,
    play_round,
    stage_equilibrium_cell,
    start,
)
from sim.play.console import MoveReader, prompt_text
from sim.play.log import LOG_FORMAT, LOG_VERSION, class_table, class_table_csv, class_table_text, log_path_in, write_log
from sim.play.threat import draw_types, play_episode, threat_debrief, threat_game
from sim.data.presets import JapanPreset, USPreset, load_preset, preset_names
from sim.io.safe_files import write_atomic
from sim.io.safe_files import check_target
from sim.data.scenario import load_scenario, resolve_scenario_path
from sim.data.strategies import REGISTRY, get_strategy

MAX_ROUNDS = 10_000


def arguments() -> argparse.ArgumentParser:
    parser = ArgumentParser(prog="python -m sim.play", description=__doc__.split("\n")[0])
    add = parser.add_argument
    add(
        "--game",
        choices=("repeated", "threat"),
        default="repeated",
        help="the repeated concede/resist game (default) or the threat game",
    )
    add(
        "--side",
        choices=("japan", "us", "both"),
        default="japan",
        help="the side you play; 'both' for two students (default japan)",
    )
    add("--players", type=int, choices=(1, 2), default=1, help="2: same as --side both")
    add("--scenario", default="ishiba_white_house_2025", help="scenario name or .yaml path")
    add("--japan", default=None, help="Japan preset (default: the scenario's leader; ishiba for a neutral one)")
    add("--us", default="trump_2025", help="US preset (default trump_2025)")
    add("--opponent", help="the computer's strategy (default: its preset's)")
    add("--rounds", type=whole_argument(MAX_ROUNDS), default=10, help="rounds or threats (default 10)")
    add("--seed", type=whole_argument(), default=0, help="random seed (default 0)")
    add(
        "--noise",
        type=number_argument(0, 1, "a probability in [0, 1]"),
        default=0.0,
        help="chance that an action is flipped (default 0)",
    )
    add("--name", action="append", default=[], help="student name for the log (twice with two students: US first)")
    logs = parser.add_mutually_exclusive_group()
    logs.add_argument("--log", type=Path, help="write the play log to this JSON file")
    logs.add_argument("--log-dir", type=Path, help="write the play log into this folder")
    add("--class-table", type=Path, metavar="LOGDIR", help="build the class table instead")
    add("--out", type=Path, help="with the class table: also write it as CSV here")
    add("--debug", action="store_true", help="show tracebacks of user errors")
    return parser


def main(argv: list[str]) -> int:
    if argv[:1] == ["class"]:
        argv = ["--class-table", *argv[1:2], *argv[2:]] if len(argv) > 1 else ["--class-table"]
    options = arguments().parse_args(argv)
    if options.class_table is not None:
        return print_class_table(options.class_table, options.out)
    if options.players == 2:
        options.side = "both"
    if options.game == "threat" and options.side != "japan":
        raise UserError("--side", None, "japan in the threat game", options.side)
    if options.log is not None:
        check_target(options.log)  # before the game, not after it
    reader = MoveReader(sys.stdin, sys.stdout, sys.stdin.isatty())
    record = play_threat(options, reader) if options.game == "threat" else play_repeated(options, reader)
    path = options.log or (
        options.log_dir
        and log_path_in(options.log_dir, record["players"][0]["name"], options.game, options.side, options.seed)
    )
    if path:
        write_log(path, record)
        print(f"Log written: {path}")
    return 0


def say(lines) -> None:
    print("\n".join([lines] if isinstance(lines, str) else lines), flush=True)


def load_setting(options):
    """Scenario, presets, stage game and the situation to show."""
    scenario = load_scenario(resolve_scenario_path(options.scenario))
    if options.japan is None:  # the scenario's paired leader
        options.japan = scenario.leader if scenario.leader in preset_names(JapanPreset) else "ishiba"
    japan, us = load_preset(JapanPreset, options.japan), load_preset(USPreset, options.us)
    stage = stage_game(scenario, japan, us)
    situation = text.Situation(scenario.title, scenario.date, japan.label, us.label, dict(stage.terms))
    return scenario, japan, us, stage, situation


def settings_record(options, scenario, opponent) -> dict:
    return {
        "scenario": scenario.name,
        "japan": options.japan,
        "us": options.us,
        "side": options.side,
        "opponent": opponent,
        "rounds": options.rounds,
        "noise": options.noise,
        "seed": options.seed,
    }


def player_names(options) -> dict[str, str]:
    """Students by side: ``--name`` values (with two students the US player's first)."""
    if options.side == "both":
        names = [*options.name, "US player", "Japan player"][:2] if len(options.name) < 2 else options.name[:2]
        if len(options.name) == 1:
            names = [options.name[0], "Japan player"]
        return {"us": names[0], "japan": names[1]}
    return {options.side: (options.name or ["student"])[0]}


# ---------------------------------------------------------------- repeated game


def play_repeated(options, reader: MoveReader) -> dict:
    scenario, japan, us, stage, situation = load_setting(options)
    two = options.side == "both"
    opponent = (
        None
        if two
        else (options.opponent or (us.repeated_strategy if options.side == "japan" else japan.repeated_strategy))
    )
    if opponent is not None:
        get_strategy(opponent, "--opponent")
    game = RepeatedGame(
        stage.us_payoffs, stage.japan_payoffs, options.side, opponent, options.rounds, options.noise, options.seed
    )
    students = player_names(options)
    shown = (
        {"us": f"{students['us']} (US)", "japan": f"{students['japan']} (Japan)"}
        if two
        else {options.side: "you", game.computer_side: text.SIDE_NAMES[game.computer_side].replace("the US", "US")}
    )
    say(intro(situation, game, students))
    state = rounds_loop(game, situation, reader, shown)
    debrief, lines = repeated_debrief(game, state, students)
    say(lines)
    return {
        "format": LOG_FORMAT,
        "version": LOG_VERSION,
        "game": "repeated",
        "settings": settings_record(options, scenario, opponent),
        "players": [{"name": n, "side": s} for s, n in students.items()],
        "moves": [
            dict(
                round=k,
                us=text.ACTIONS["us"][r.us_action],
                japan=text.ACTIONS["japan"][r.japan_action],
                us_intended=text.ACTIONS["us"][r.us_intended],
                japan_intended=text.ACTIONS["japan"][r.japan_intended],
                us_payoff=r.us_payoff,
                japan_payoff=r.japan_payoff,
            )
            for k, r in enumerate(state.rounds, start=1)
        ],
        "totals": dict(zip(("us", "japan"), state.totals())),
        "debrief": debrief,
    }


def intro(situation, game: RepeatedGame, students) -> list[str]:
    who = {"japan": situation.japan_label, "us": situation.us_label}
    if game.side == "both":
        head = (
            f"Two students: {students['us']} plays the US ({situation.us_label}), "
            f"{students['japan']} plays Japan ({situation.japan_label})."
        )
    else:
        head = (
            f"You play {text.SIDE_NAMES[game.side]} ({who[game.side]}) against "
            f"{text.SIDE_NAMES[game.computer_side]} ({who[game.computer_side]}), "
            "which follows a fixed rule revealed at the end."
        )
    return [
        f"Gaiatsu play: {situation.title} ({situation.date})",
        head,
        f"{game.rounds} rounds; noise {game.noise:g}; seed {game.seed}. What the actions mean:",
        *text.action_meanings(situation),
    ]


def rounds_loop(game: RepeatedGame, situation, reader: MoveReader, shown):
    rng = np.random.default_rng(game.seed)
    state = start(game)
    student = None if game.side == "both" else game.side
    for k in range(1, game.rounds + 1):
        ratchet = (
            [text.ratchet_line(state.computer_state)]
            if game.opponent == "escalating_demand" and game.side == "japan"
            else []
        )
        say(
            [
                "",
                *text.round_header(situation, game, k),
                *text.payoff_table(game.A, game.B, student),
                *text.history_table(state.rounds),
                text.scores_line(state, game, shown),
                *ratchet,
            ]
        )
        moves = ask_moves(game, reader, shown)
        if isinstance(moves, str):
            say(
                f"The game stops after {k - 1} round{'s' * (k != 2)} "
                f"({'you quit' if moves == 'quit' else 'no more input'})."
            )
            break
        state = play_round(game, state, moves, rng)
        say(text.outcome_line(state.rounds[-1], shown))
    return state


def ask_moves(game: RepeatedGame, reader: MoveReader, shown) -> dict[str, int] | str:
    """The students' moves this round, or ``"quit"``/``"end"``."""
    if game.side != "both":
        move = reader.ask(prompt_text(game.side), game.side)
        return move if isinstance(move, str) else {game.side: move}
    moves = {}
    for side in ("us", "japan"):
        if side == "japan":
            say(f"{shown['us']}: look away while {shown['japan']} moves.")
        who = shown[side] + (", typing hidden" if reader.interactive else "")
        move = reader.ask(prompt_text(side, who), side, hidden=True)
        if isinstance(move, str):
            return move
        moves[side] = move
    return moves


def repeated_debrief(game: RepeatedGame, state, students) -> tuple[dict, list[str]]:
    """Debrief numbers by side (for the log) and the debrief text."""
    turns = len(state.rounds)
    totals = dict(zip(("us", "japan"), state.totals()))
    coop = {
        side: (sum(getattr(r, f"{side}_action") == 0 for r in state.rounds) / turns if turns else 0.0)
        for side in ("us", "japan")
    }
    if game.side == "both":
        unique = stage_equilibrium_cell(game.A, game.B)
        cell = unique or (1, 1)
        references = [
            ("stage equilibrium every round", mutual_benchmark(game, *cell, turns)),
            ("(refrain, concede) every round", mutual_benchmark(game, 0, 0, turns)),
        ]
        debrief = {
            side: {
                "opponent": f"student {students[other]}",
                "rounds": turns,
                "total": totals[side],
                "equilibrium_total": references[0][1].total(side),
                "best_classic": "-",
                "best_classic_total": None,
                "cooperative_share": coop[side],
            }
            for side, other in (("us", "japan"), ("japan", "us"))
        }
        return debrief, ["", *text.two_student_debrief(game, state, students, references, unique)]
    strategy, words = equilibrium_strategy(game.A, game.B, game.side)
    equilibrium = benchmark(game, strategy, words, turns)
    classics = classic_benchmarks(game, turns)
    side = game.side
    debrief = {
        side: {
            "opponent": game.opponent,
            "rounds": turns,
            "total": totals[side],
            "opponent_total": totals[game.computer_side],
            "equilibrium_strategy": words,
            "equilibrium_total": equilibrium.total(side),
            "best_classic": classics[0].strategy,
            "best_classic_total": classics[0].total(side),
            "classics": {b.strategy: b.total(side) for b in classics},
            "benchmark_matches": classics[0].matches,
            "cooperative_share": coop[side],
        }
    }
    lines = text.repeated_debrief(game, state, equilibrium, classics, REGISTRY[game.opponent].summary)
    return debrief, ["", *lines]


# ---------------------------------------------------------------- threat game


def play_threat(options, reader: MoveReader) -> dict:
    scenario, japan, us, stage, situation = load_setting(options)
    game = threat_game(stage.us_payoffs, stage.japan_payoffs, stage.terms["tariff_value_to_us"], us.resolve_prior)
    types = draw_types(game.prior, options.rounds, np.random.default_rng(options.seed))
    say(
        [
            f"Gaiatsu threat game: {situation.title} ({situation.date})",
            f"You play Japan ({situation.japan_label}). {options.rounds} threats; each time the "
            f"US ({situation.us_label}) is resolved or bluffing, drawn afresh (seed "
            f"{options.seed}).",
        ]
    )
    episodes = []
    for k, us_type in enumerate(types, start=1):
        say(["", *text.threat_round(game, k, len(types), situation)])
        move = reader.ask(prompt_text("japan"), "japan")
        if isinstance(move, str):
            say(f"The game stops after {k - 1} threat{'s' * (k != 2)}.")
            break
        episodes.append(play_episode(game, us_type, move))
        bluffs = sum(e.us_type == "bluffing" for e in episodes)
        total = sum(e.outcome.japan_payoff for e in episodes)
        say(text.episode_line(episodes[-1], total, bluffs, len(episodes)))
    d = threat_debrief(game, tuple(episodes))
    say(["", *text.threat_debrief_text(game, d)])
    best = max(
        (("always_concede", d.always_concede_total), ("always_resist", d.always_resist_total)), key=lambda pair: pair[1]
    )
    name = (options.name or ["student"])[0]
    return {
        "format": LOG_FORMAT,
        "version": LOG_VERSION,
        "game": "threat",
        "settings": settings_record(options, scenario, "hidden resolve") | {"resolve_prior": game.prior},
        "players": [{"name": name, "side": "japan"}],
        "moves": [
            {
                "round": k,
                "us_type": e.us_type,
                "japan": JAPAN_ACTIONS[e.response],
                "us_reply": e.outcome.us_reply,
                "us_payoff": e.outcome.us_payoff,
                "japan_payoff": e.outcome.japan_payoff,
            }
            for k, e in enumerate(episodes, start=1)
        ],
        "totals": {"us": float(sum(e.outcome.us_payoff for e in episodes)), "japan": d.student_total},
        "debrief": {
            "japan": {
                "opponent": f"hidden resolve (prior {game.prior:g})",
                "rounds": d.episodes,
                "total": d.student_total,
                "equilibrium_total": d.equilibrium_total,
                "equilibrium_strategy": JAPAN_ACTIONS[game.advice],
                "best_classic": best[0],
                "best_classic_total": best[1],
                "always_concede_total": d.always_concede_total,
                "always_resist_total": d.always_resist_total,
                "hindsight_total": d.hindsight_total,
                "bluffs": d.bluffs,
                "threshold_belief": game.threshold,
                "pbe": game.pbe.kind,
                "pbe_concede": game.pbe.concede,
                "cooperative_share": d.concede_share,
            }
        },
    }


# ---------------------------------------------------------------- class table


def print_class_table(folder: Path, out: Path | None) -> int:
    rows = class_table(folder, lambda message: print(f"warning: {message}", file=sys.stderr))
    print(class_table_text(rows))
    if out is not None:
        write_atomic(out, class_table_csv(rows))
        print(f"Class table written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
