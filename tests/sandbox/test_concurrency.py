"""Two terraform applies at once on one sandbox: on the same state one waits or fails with
terraform's lock message; on different states both write the same fake cloud, which must
end up whole (every object of both, valid JSON) whatever the interleaving."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from railyard.sandbox import store

from .conftest import Sandboxed, make_sandboxed

pytestmark = pytest.mark.slow


def _managed_types(box: Sandboxed, workdir: Path) -> Counter[str]:
    shown = subprocess.run(
        [box.terraform, f"-chdir={workdir}", "show", "-json"],
        capture_output=True,
        text=True,
        env=box.env,
        check=True,
    )
    resources = json.loads(shown.stdout)["values"]["root_module"]["resources"]
    return Counter(r["type"] for r in resources if r["mode"] == "managed")


def test_concurrent_applies_keep_the_fake_cloud_whole(terraform_bin: str, tmp_path: Path) -> None:
    box = make_sandboxed(terraform_bin, "pki", tmp_path)
    other = tmp_path / "other"
    shutil.copytree(box.workdir, other, ignore=shutil.ignore_patterns(".sandbox"))
    for workdir in (box.workdir, other):
        subprocess.run(
            [terraform_bin, f"-chdir={workdir}", "init", "-input=false"],
            env=box.env,
            check=True,
            capture_output=True,
        )

    apply = ["apply", "-auto-approve", "-input=false", "-lock-timeout=0s", "-no-color"]
    runs = [
        subprocess.Popen(
            [terraform_bin, f"-chdir={workdir}", *apply],
            env=box.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for workdir in (box.workdir, box.workdir, other)
    ]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]

    same_state = results[:2]
    assert any(code == 0 for code, _, _ in same_state)
    for code, _, stderr in same_state:
        assert code == 0 or "Error acquiring the state lock" in stderr, stderr
    assert results[2][0] == 0, results[2][2]

    cloud = json.loads(store.store_path(box.sandbox_dir).read_text())  # still valid JSON
    expected = _managed_types(box, box.workdir) + _managed_types(box, other)
    assert store.summary(box.sandbox_dir) == dict(expected)
    assert len(cloud["objects"]["tls_private_key"]) == 4

    for workdir in (box.workdir, other):
        subprocess.run(
            [terraform_bin, f"-chdir={workdir}", "destroy", "-auto-approve", "-input=false"],
            env=box.env,
            check=True,
            capture_output=True,
        )
    assert store.summary(box.sandbox_dir) == {}
