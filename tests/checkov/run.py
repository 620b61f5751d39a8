"""checkov as an oracle: run it offline on a directory or a plan JSON, and compare what it
finds with the accepted findings in baseline.yaml (each with its reason).

checkov comes from PyPI, pinned, in its own virtualenv (.venv-checkov, made by
scripts/bootstrap.sh) because its pins clash with the project's; RAILYARD_CHECKOV names
another binary.
"""

from __future__ import annotations

import fnmatch
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, scratch_env

BASELINE = Path(__file__).resolve().parent / "baseline.yaml"


@dataclass(frozen=True)
class Finding:
    framework: str
    check: str
    resource: str

    def __str__(self) -> str:
        return f"{self.framework} {self.check} {self.resource}"


def binary() -> str:
    found = os.environ.get("RAILYARD_CHECKOV") or str(REPO / ".venv-checkov" / "bin" / "checkov")
    if not Path(found).is_file():
        pytest.fail(f"checkov not found at {found}: run scripts/bootstrap.sh")
    return found


def findings(framework: str, target: Path, home: Path) -> set[Finding]:
    """Every failed check checkov reports for `target` (a directory, or a plan JSON file)."""
    where = ["-f", str(target)] if target.is_file() else ["-d", str(target)]
    done = subprocess.run(
        [
            binary(),
            "--framework",
            framework,
            *where,
            "--output",
            "json",
            "--quiet",
            "--skip-download",
            "--compact",
        ],
        env=scratch_env(
            home, BC_SKIP_MAPPING="TRUE", CHECKOV_EXPERIMENTAL_IMAGE_REFERENCING="False"
        ),
        capture_output=True,
        text=True,
        timeout=600,
    )
    # 0: no failed checks, 1: some failed; anything else is checkov failing.
    assert done.returncode in (0, 1), f"checkov: {done.stderr[-2000:]}"
    reports = json.loads(done.stdout or "[]")
    reports = reports if isinstance(reports, list) else [reports]
    found = set()
    for report in reports:
        if not isinstance(report, dict) or "results" not in report:
            continue
        assert report["summary"]["parsing_errors"] == 0, report["summary"]
        for failed in report["results"]["failed_checks"]:
            found.add(Finding(framework, failed["check_id"], failed["resource"]))
    return found


def baseline() -> list[dict[str, Any]]:
    """The accepted findings: framework, check, resources (globs) and reason."""
    entries = yaml.safe_load(BASELINE.read_text())
    assert isinstance(entries, list)
    for entry in entries:
        assert set(entry) == {"framework", "check", "resources", "reason"}, entry
        assert entry["reason"].strip(), entry
    return list(entries)


def _accepts(entry: dict[str, Any], finding: Finding) -> bool:
    return (
        entry["framework"] == finding.framework
        and entry["check"] == finding.check
        and any(fnmatch.fnmatchcase(finding.resource, glob) for glob in entry["resources"])
    )


def check_against_baseline(framework: str, found: set[Finding]) -> None:
    """Every finding is accepted by the baseline, and every baseline entry of this framework
    still matches a finding (so the baseline never outlives what it excuses)."""
    entries = [e for e in baseline() if e["framework"] == framework]
    new = sorted(str(f) for f in found if not any(_accepts(e, f) for e in entries))
    stale = [
        f"{e['check']} {glob}"
        for e in entries
        for glob in e["resources"]
        if not any(_accepts({**e, "resources": [glob]}, f) for f in found)
    ]
    assert not new, (
        "new checkov findings (fix them or add them to the baseline with a reason):\n"
        + "\n".join(new)
    )
    assert not stale, f"baseline entries ({framework}) checkov no longer reports:\n" + "\n".join(
        stale
    )
