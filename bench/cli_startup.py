"""`railyard --help` cold start against `python -c "import typer"` (target: within 2x)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from timing import median_seconds, run_quietly

RUNS = 15


def main() -> None:
    railyard = shutil.which("railyard") or str(Path(sys.executable).parent / "railyard")
    baseline = median_seconds(lambda: run_quietly([sys.executable, "-c", "import typer"]), RUNS)
    measured = median_seconds(lambda: run_quietly([railyard, "--help"]), RUNS)
    ratio = measured / baseline
    print(f"import typer:    {baseline * 1000:7.1f} ms (median of {RUNS})")
    print(f"railyard --help: {measured * 1000:7.1f} ms (median of {RUNS})")
    print(f"ratio:           {ratio:7.2f}x (target <= 2.00x) {'OK' if ratio <= 2 else 'OVER'}")


if __name__ == "__main__":
    main()
