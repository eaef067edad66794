"""`--shard`: one machine's share of a batch, as K/N (counted from 1) or, with `auto`, from the array job's
index that the scheduler running it sets (each counts from 0)."""

from __future__ import annotations

from collections.abc import Mapping

import click

from handouts.errors import UserError

# (the scheduler, its variable for this task's index, the one for how many tasks there are)
SCHEDULERS = (
    ("a Kubernetes Indexed Job", "JOB_COMPLETION_INDEX", "JOB_COMPLETIONS"),
    ("a Slurm job array", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT"),
    ("an AWS Batch array job", "AWS_BATCH_JOB_ARRAY_INDEX", "AWS_BATCH_JOB_ARRAY_SIZE"),
)


class _Shard(click.ParamType):
    name = "K/N"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple) or value == "auto":
            return value
        part, _, parts = str(value).partition("/")
        if part.isdigit() and parts.isdigit() and 1 <= int(part) <= int(parts):
            return int(part), int(parts)
        self.fail(f"{value!r} is not K/N with 1 <= K <= N, e.g. 2/3 for the second of three machines, or auto",
                  param, ctx)


SHARD = _Shard()


def from_scheduler(env: Mapping[str, str], shards: int | None = None) -> tuple[int, int]:
    """This task's (K, N) from the first scheduler whose index `env` holds; N from `shards` when given (a
    Kubernetes Job does not tell its pods how many completions it has)."""
    for name, index_key, count_key in SCHEDULERS:
        if index_key not in env:
            continue
        # A Slurm array may start above 0 (--array=1-8): its first task is still the first shard.
        first = env.get("SLURM_ARRAY_TASK_MIN", "0") if index_key.startswith("SLURM") else "0"
        count = str(shards) if shards is not None else env.get(count_key)
        if count is None:
            raise UserError(f"--shard auto in {name}: {index_key} is set but not how many tasks there are; "
                            f"add --shards N or set {count_key}")
        numbers = (env[index_key], first, count)
        if not all(n.strip().isdigit() for n in numbers):
            raise UserError(f"--shard auto in {name}: {index_key}={env[index_key]!r:.20}, {count_key}={count!r:.20}"
                            " are not whole numbers; give --shard K/N")
        index, start, parts = (int(n) for n in numbers)
        if not 0 <= index - start < parts:
            raise UserError(f"--shard auto in {name}: task {index} is not one of {parts} counted from {start}; "
                            "check --shards")
        return index - start + 1, parts
    keys = ", ".join(key for _, key, _ in SCHEDULERS)
    raise UserError(f"--shard auto: none of {keys} is set, so this is not an array job; give --shard K/N")
