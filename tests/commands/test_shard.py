"""`--shard auto`: the array job's index (from 0) as the shard (from 1), for each scheduler clinics run."""

from __future__ import annotations

import pytest
from write.test_merge import batch  # noqa: F401  (the fixture: a roster of seven rows, one bad, and its template)

from handouts.commands.shard import from_scheduler
from handouts.errors import UserError


@pytest.mark.parametrize("env, shards, expected", [
    ({"JOB_COMPLETION_INDEX": "0", "JOB_COMPLETIONS": "3"}, None, (1, 3)),
    ({"JOB_COMPLETION_INDEX": "2"}, 3, (3, 3)),
    ({"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "4"}, None, (1, 4)),
    ({"SLURM_ARRAY_TASK_ID": "8", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "8"}, None, (8, 8)),
    ({"AWS_BATCH_JOB_ARRAY_INDEX": "4", "AWS_BATCH_JOB_ARRAY_SIZE": "5"}, None, (5, 5)),
    ({"AWS_BATCH_JOB_ARRAY_INDEX": "1", "AWS_BATCH_JOB_ARRAY_SIZE": "5"}, 2, (2, 2)),  # --shards wins
])
def test_each_schedulers_index_from_0_is_the_shard_from_1(env, shards, expected):
    assert from_scheduler(env, shards) == expected


@pytest.mark.parametrize("env, shards, says", [
    ({}, None, "none of JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX is set"),
    ({"JOB_COMPLETION_INDEX": "1"}, None, "add --shards N or set JOB_COMPLETIONS"),
    ({"JOB_COMPLETION_INDEX": "3", "JOB_COMPLETIONS": "3"}, None, "task 3 is not one of 3 counted from 0"),
    ({"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "3"}, None, "are not whole numbers"),
])
def test_an_index_that_names_no_shard_is_one_line(env, shards, says):
    with pytest.raises(UserError, match=says):
        from_scheduler(env, shards)


def test_three_array_tasks_joined_are_the_unsharded_batch(run, tmp_path, batch, monkeypatch):  # noqa: F811
    roster, template = batch
    for key in ("JOB_COMPLETION_INDEX", "JOB_COMPLETIONS", "AWS_BATCH_JOB_ARRAY_INDEX"):
        monkeypatch.delenv(key, raising=False)
    run("batch", roster, "--template", template, "-o", tmp_path / "whole", "--merge", tmp_path / "whole.pdf",
        "--jobs", 1)
    monkeypatch.setenv("SLURM_ARRAY_TASK_COUNT", "3")
    for task in (0, 1, 2):
        monkeypatch.setenv("SLURM_ARRAY_TASK_ID", str(task))
        part = run("batch", roster, "--template", template, "-o", tmp_path / "out", "--merge",
                   tmp_path / f"part{task}.pdf", "--shard", "auto", "--jobs", 1)
        assert part.exit_code == (1 if task == 2 else 0), part.stderr  # the bad row is the third
    joined = run("merge", *(tmp_path / f"part{task}.pdf" for task in (0, 1, 2)), "-o", tmp_path / "joined.pdf")
    assert joined.exit_code == 0, joined.stderr
    assert (tmp_path / "joined.pdf").read_bytes() == (tmp_path / "whole.pdf").read_bytes()


def test_shards_without_auto_is_refused(run, tmp_path, batch):  # noqa: F811
    roster, template = batch
    result = run("batch", roster, "--template", template, "-o", tmp_path / "out", "--shard", "1/2", "--shards", 2)
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("--shards N goes with --shard auto; with --shard K/N the N is already given")


def _recipe_commands(scheduler: str) -> list[str]:
    """The `handouts` command lines of docs/shards.md's section for `scheduler`, and its joining line."""
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "shards.md").read_text(encoding="utf-8")
    section = text.split(f"## {scheduler}")[1].split("\n## ")[0]
    join = text.split("## Joining the parts")[1]
    lines = [line.strip().removeprefix("- ") for line in (section + join).splitlines()]
    return [line for line in lines if line.startswith("handouts ")]


@pytest.mark.parametrize("scheduler, env", [
    ("Kubernetes", lambda k: {"JOB_COMPLETION_INDEX": str(k)}),
    ("Slurm", lambda k: {"SLURM_ARRAY_TASK_ID": str(k), "SLURM_ARRAY_TASK_COUNT": "4"}),
])
def test_the_clusters_recipe_builds_the_batch(run, tmp_path, batch, monkeypatch, scheduler, env):  # noqa: F811
    import glob
    import os
    import shlex

    roster, template = batch
    (tmp_path / "roster.csv").write_text(roster.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "neck.yaml").write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "parts").mkdir()
    monkeypatch.chdir(tmp_path)
    build, join = _recipe_commands(scheduler)
    for task in range(4):
        variables = env(task)
        for key, value in variables.items():
            monkeypatch.setenv(key, value)
        words = [os.path.expandvars(word) for word in shlex.split(build)[1:]]
        assert run(*words).exit_code in (0, 1)  # 1: the shard holding the roster's bad row
    words = shlex.split(join)[1:]
    parts = sorted(glob.glob(words[1]))
    assert len(parts) == 4
    joined = run(words[0], *parts, *words[2:])
    assert joined.exit_code == 0, joined.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "A1_ana-one.pdf", "B2_ben-two.pdf", "C3_cleo-three.pdf", "D4_dev-four.pdf", "E5_eve-five.pdf",
        "F6_finn-six.pdf"]
