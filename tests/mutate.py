"""A small mutation run over the steps that guard every input, load and check: does the suite notice a change?

    python tests/mutate.py                 # 20 mutants drawn with the fixed seed, about 4 minutes on 2 cores
    python tests/mutate.py --sample 60 --seed 7

Each mutant changes one thing in one module of handouts/load/ or handouts/check/ (a comparison's operator,
`and` for `or`, a whole number one larger, a `not` dropped), in a copy of this checkout, and runs the tests of
those steps (and the batch's, which name a roster's columns) against it. A mutant is killed when they fail
or time out; the ones that survive are printed with their place, so a test can be written for each.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = sorted((ROOT / "handouts" / "load").glob("*.py")) + sorted((ROOT / "handouts" / "check").glob("*.py"))
TESTS = ["tests/load", "tests/check", "tests/test_check_agrees.py", "tests/test_batch.py"]
COPIED = ["handouts", "tests", "library", "layouts", "images", "fonts", "schemas", "pdfkit_plans", "docs", "pyproject.toml",
          "README.md"]
SWAPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
         ast.In: ast.NotIn, ast.NotIn: ast.In, ast.And: ast.Or, ast.Or: ast.And}


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of constants that are docstrings: changing them changes nothing that runs."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            found.add(id(body[0].value))
    return found


def mutation_points(tree: ast.AST) -> list[tuple[int, str]]:
    """(the index of a node in ast.walk order, what changing it means), for every node a mutant can change."""
    skip = _docstrings(tree)
    points = []
    for index, node in enumerate(ast.walk(tree)):
        if isinstance(node, ast.Compare) and type(node.ops[0]) in SWAPS:
            points.append((index, f"{type(node.ops[0]).__name__} -> {SWAPS[type(node.ops[0])].__name__}"))
        elif isinstance(node, ast.BoolOp):
            points.append((index, f"{type(node.op).__name__} -> {SWAPS[type(node.op)].__name__}"))
        elif (isinstance(node, ast.Constant) and type(node.value) is int and id(node) not in skip):
            points.append((index, f"{node.value} -> {node.value + 1}"))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            points.append((index, "not dropped"))
    return points


def mutant_source(source: str, target: int) -> tuple[str, int]:
    """The module with the `target`-th node (ast.walk order) changed, and the line of the change."""
    tree = ast.parse(source)
    for index, node in enumerate(ast.walk(tree)):
        if index != target:
            continue
        if isinstance(node, ast.Compare):
            node.ops[0] = SWAPS[type(node.ops[0])]()
        elif isinstance(node, ast.BoolOp):
            node.op = SWAPS[type(node.op)]()
        elif isinstance(node, ast.Constant):
            node.value += 1
        elif isinstance(node, ast.UnaryOp):
            node.op = ast.UAdd()  # `+x` of a bool is its int: truthiness as if the `not` were gone
        return ast.unparse(tree), node.lineno
    raise ValueError(f"no node {target}")


def run_tests(copy: Path, timeout: float) -> bool:
    """True when the tests pass against the copy (the mutant survived)."""
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS],
                              cwd=copy, env=env, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=20, help="how many mutants to try")
    parser.add_argument("--seed", type=int, default=2026, help="which mutants: the same seed, the same mutants")
    parser.add_argument("--timeout", type=float, default=180, help="seconds one mutant's tests may take")
    args = parser.parse_args()
    every = [(path, index, what) for path in TARGETS
             for index, what in mutation_points(ast.parse(path.read_text(encoding="utf-8")))]
    chosen = random.Random(args.seed).sample(every, min(args.sample, len(every)))
    with tempfile.TemporaryDirectory(prefix="handouts-mutants-") as folder:
        copy = Path(folder)
        for name in COPIED:
            source = ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, copy / name)
        if not run_tests(copy, args.timeout):
            raise SystemExit("the tests fail without any mutant: fix them first")
        survivors = []
        for number, (path, index, what) in enumerate(chosen, 1):
            relative = path.relative_to(ROOT)
            original = (copy / relative).read_text(encoding="utf-8")
            mutated, line = mutant_source(original, index)
            (copy / relative).write_text(mutated, encoding="utf-8")
            survived = run_tests(copy, args.timeout)
            (copy / relative).write_text(original, encoding="utf-8")
            print(f"{number:3d}/{len(chosen)} {'SURVIVED' if survived else 'killed  '} {relative}:{line}: {what}",
                  flush=True)
            if survived:
                survivors.append(f"{relative}:{line}: {what}")
    killed = len(chosen) - len(survivors)
    print(f"killed {killed} of {len(chosen)} mutants ({killed / len(chosen):.0%}) of {len(every)} possible")


if __name__ == "__main__":
    main()
