"""`railyard plan` against `terraform plan` on the same rendered workspace (target: 1.05x).

Both run in the sandbox on the same workspace, already initialised, A/B interleaved so a
change in the machine's load hits both alike. railyard's extra work is its start-up and,
when the cluster file, snippets, secrets, environment and railyard itself are unchanged
since the last plan, a check of that (commands/reuse.py) instead of re-rendering; then
summarising the -json event stream (no second terraform call). A third figure times the
full path (the inputs changed: the cluster file is touched before each run).
Usage: bench/plan_overhead.py [CLUSTER_FILE] (default examples/aws).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from timing import run_quietly

from railyard.sandbox import prepare as prepare_sandbox

REPO = Path(__file__).resolve().parent.parent
RUNS = 7
TARGET = 1.05


def seconds(argv: Sequence[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    run_quietly(argv, env)
    return time.perf_counter() - started


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "examples" / "aws" / "cluster.yaml"
    terraform = os.environ.get("RAILYARD_TERRAFORM") or shutil.which("terraform")
    if not terraform:
        sys.exit("no terraform on PATH (set RAILYARD_TERRAFORM)")
    railyard = str(Path(sys.executable).parent / "railyard")
    with tempfile.TemporaryDirectory(prefix="railyard-bench-") as scratch:
        cluster_dir = Path(scratch) / "cluster"
        shutil.copytree(source.parent, cluster_dir)
        workdir = Path(scratch) / "workspace"
        env = {
            **os.environ,
            "HOME": scratch,
            "CHECKPOINT_DISABLE": "1",
            "RAILYARD_TERRAFORM": terraform,
            "RAILYARD_SANDBOX": "1",
        }
        cluster = cluster_dir / source.name
        railyard_plan = [railyard, "plan", "-c", str(cluster), "--workdir", str(workdir)]
        run_quietly(railyard_plan, env)  # renders and initialises
        run_quietly(railyard_plan, env)  # records the inputs (a run that printed is not)
        terraform_env = {**env, **prepare_sandbox(workdir / ".sandbox")}
        terraform_plan = [terraform, f"-chdir={workdir}", "plan", "-input=false", "-out=tf.plan"]
        baseline, measured, full = [], [], []
        for _ in range(RUNS):
            baseline.append(seconds(terraform_plan, terraform_env))
            measured.append(seconds(railyard_plan, env))
            cluster.write_text(cluster.read_text() + "\n")  # an input changed: full path
            full.append(seconds(railyard_plan, env))
            run_quietly(railyard_plan, env)  # and recorded again
    ratio = statistics.median(measured) / statistics.median(baseline)
    full_ratio = statistics.median(full) / statistics.median(baseline)
    print(f"workspace: {source} ({RUNS} runs each, interleaved; medians)")
    print(f"terraform plan:              {statistics.median(baseline):6.2f} s")
    print(f"railyard plan:               {statistics.median(measured):6.2f} s")
    print(f"railyard plan, inputs changed: {statistics.median(full):4.2f} s")
    verdict = "OK" if ratio <= TARGET else "OVER"
    print(f"ratio:          {ratio:6.2f}x (target <= {TARGET:.2f}x) {verdict}")
    print(f"ratio, inputs changed: {full_ratio:.2f}x")


if __name__ == "__main__":
    main()
