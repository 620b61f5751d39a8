"""`railyard plan` against `terraform plan` on the same rendered workspace (target: 1.10x).

Both run in the sandbox on the same workspace, already initialised: railyard's extra work is
its start-up, re-rendering the workspace and summarising the -json event stream (no second
terraform call). Usage: bench/plan_overhead.py [CLUSTER_FILE] (default examples/aws).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from timing import median_seconds, run_quietly

from railyard.sandbox import prepare as prepare_sandbox

REPO = Path(__file__).resolve().parent.parent
RUNS = 5


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
        cluster = str(cluster_dir / source.name)
        railyard_plan = [railyard, "plan", "-c", cluster, "--workdir", str(workdir)]
        run_quietly(railyard_plan, env)  # renders and initialises once
        terraform_env = {**env, **prepare_sandbox(workdir / ".sandbox")}
        terraform_plan = [terraform, f"-chdir={workdir}", "plan", "-input=false", "-out=tf.plan"]
        baseline = median_seconds(lambda: run_quietly(terraform_plan, terraform_env), RUNS)
        measured = median_seconds(lambda: run_quietly(railyard_plan, env), RUNS)
    ratio = measured / baseline
    print(f"workspace: {source}")
    print(f"terraform plan: {baseline:6.2f} s (median of {RUNS})")
    print(f"railyard plan:  {measured:6.2f} s (median of {RUNS})")
    print(f"ratio:          {ratio:6.2f}x (target <= 1.10x) {'OK' if ratio <= 1.10 else 'OVER'}")


if __name__ == "__main__":
    main()
