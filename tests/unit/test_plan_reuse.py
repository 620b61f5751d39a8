"""The plan's fast path (commands/reuse.py): a recorded workspace is reused only while every
input is as it was: files read, directories listed, the environment, the command line,
railyard's version; and a run that printed anything is never recorded."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from railyard.commands import reuse
from railyard.workspace.layout import Workspace

KEY: dict[str, Any] = {"config": "/fleet/prod/cluster.yaml", "workdir": None, "sandbox": True}


@pytest.fixture
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A workspace whose 'render' read a cluster file and a snippet and listed a directory.

    The record is made in the test's own phase (pytest changes PYTEST_CURRENT_TEST between
    set-up and call, and the environment is an input)."""
    monkeypatch.setenv("RAILYARD_TEST_SECRET", "one")
    monkeypatch.setenv("RAILYARD_TEST_NEW", "")  # so that teardown removes it again
    monkeypatch.delenv("RAILYARD_TEST_NEW")
    yield tmp_path


def record(tmp_path: Path) -> Path:
    (tmp_path / "cluster.yaml").write_text("name: prod\n")
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "a.yaml").write_text("storage: {}\n")
    workdir = tmp_path / ".railyard" / "prod"
    (workdir / ".terraform").mkdir(parents=True)
    with reuse.recording() as found:
        (tmp_path / "cluster.yaml").read_text()
        (tmp_path / "snippets" / "a.yaml").read_bytes()
        sorted(os.scandir(tmp_path / "snippets"))
        (workdir / "main.tf").write_text("# rendered\n")  # written: an output, not an input
    assert str(tmp_path / "cluster.yaml") in found.files
    assert str(workdir / "main.tf") not in found.files
    reuse.save(found, KEY, reused(workdir))
    assert (workdir / reuse.RECORD).stat().st_mode & 0o077 == 0
    return tmp_path


def reused(workdir: Path) -> reuse.Reused:
    return reuse.Reused(Workspace(workdir, "aws", "local"), "prod", None, "/bin/terraform", True)


def test_unchanged_inputs_reuse_the_workspace(recorded: Path) -> None:
    record(recorded)
    found = reuse.reuse(KEY, recorded / ".railyard")
    assert found == reused(recorded / ".railyard" / "prod")
    assert reuse.reuse({**KEY, "sandbox": False}, recorded / ".railyard") is None


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "cluster.yaml").write_text("name: prod\nchannel: beta\n"),
        lambda root: (root / "snippets" / "a.yaml").unlink(),
        lambda root: (root / "snippets" / "b.yaml").write_text("{}\n"),  # a new file listed
        lambda root: os.environ.update(RAILYARD_TEST_SECRET="two"),  # a from_env secret
        lambda root: os.environ.update(RAILYARD_TEST_NEW="x"),  # (the fixture restores both)
        lambda root: (root / ".railyard" / "prod" / ".terraform").rmdir(),
    ],
    ids=["cluster-file", "snippet-gone", "new-file", "env-changed", "env-added", "no-init"],
)
def test_any_changed_input_means_the_full_path(recorded: Path, change: Any) -> None:
    record(recorded)
    assert reuse.reuse(KEY, recorded / ".railyard") is not None
    change(recorded)
    assert reuse.reuse(KEY, recorded / ".railyard") is None


def test_another_railyard_means_the_full_path(
    recorded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(recorded)
    monkeypatch.setattr(reuse, "__version__", "99.0.0")
    assert reuse.reuse(KEY, recorded / ".railyard") is None


def test_a_run_that_printed_is_not_recorded(tmp_path: Path) -> None:
    workdir = tmp_path / "ws"
    (workdir / ".terraform").mkdir(parents=True)
    (workdir / reuse.RECORD).write_text("{}")
    with reuse.recording() as found:
        print("warning: something to say every time", file=sys.stderr)
    reuse.save(found, KEY, reused(workdir))
    assert not (workdir / reuse.RECORD).exists()
    assert reuse.reuse(KEY, workdir) is None
