"""The fake cloud store: drift helpers and safety against concurrent writers."""

from __future__ import annotations

import json
import multiprocessing
import stat
from pathlib import Path

import pytest

from railyard.errors import RailyardError
from railyard.sandbox import store


def _seed(sandbox: Path) -> None:
    store.put(
        sandbox,
        "aws_security_group",
        "sg-1",
        {
            "id": "sg-1",
            "tags": {"Name": "web"},
            "ingress": [{"from_port": 22, "to_port": 22, "cidr_blocks": ["10.0.0.0/8"]}],
            "revoke_rules_on_delete": False,
            "description": None,
        },
    )


def test_mutate_follows_dotted_paths_and_keeps_types(tmp_path: Path) -> None:
    _seed(tmp_path)
    store.mutate(
        tmp_path,
        "aws_security_group",
        "sg-1",
        {
            "tags.Name": "changed",
            "ingress.0.from_port": "2222",
            "revoke_rules_on_delete": "true",
            "ingress.0.cidr_blocks": '["0.0.0.0/0"]',
            "description": "by hand",
        },
    )
    found = store.get(tmp_path, "aws_security_group", "sg-1")
    assert found is not None
    assert found["tags"] == {"Name": "changed"}
    assert found["ingress"][0]["from_port"] == 2222
    assert found["ingress"][0]["cidr_blocks"] == ["0.0.0.0/0"]
    assert found["revoke_rules_on_delete"] is True
    assert found["description"] == "by hand"


@pytest.mark.parametrize(
    ("resource_type", "object_id", "changes"),
    [
        ("aws_security_group", "sg-404", {"tags.Name": "x"}),
        ("aws_vpc", "sg-1", {"tags.Name": "x"}),
        ("aws_security_group", "sg-1", {"nonexistent": "x"}),
        ("aws_security_group", "sg-1", {"ingress.5.from_port": "1"}),
        ("aws_security_group", "sg-1", {"ingress.0.from_port": "not-a-number"}),
    ],
)
def test_mutate_refuses_what_is_not_there(
    tmp_path: Path, resource_type: str, object_id: str, changes: dict[str, str]
) -> None:
    _seed(tmp_path)
    before = store.store_path(tmp_path).read_text()
    with pytest.raises(RailyardError):
        store.mutate(tmp_path, resource_type, object_id, changes)
    assert store.store_path(tmp_path).read_text() == before


def test_delete_and_summary(tmp_path: Path) -> None:
    assert store.summary(tmp_path) == {}
    _seed(tmp_path)
    store.put(tmp_path, "aws_vpc", "vpc-1", {"id": "vpc-1"})
    assert store.summary(tmp_path) == {"aws_security_group": 1, "aws_vpc": 1}
    store.delete(tmp_path, "aws_vpc", "vpc-1")
    assert store.summary(tmp_path) == {"aws_security_group": 1}
    with pytest.raises(RailyardError, match="no aws_vpc"):
        store.delete(tmp_path, "aws_vpc", "vpc-1")


def test_ids_that_repeat_get_distinct_keys(tmp_path: Path) -> None:
    first = store.add(tmp_path, "random_password", "none", {"id": "none", "result": "a"})
    second = store.add(tmp_path, "random_password", "none", {"id": "none", "result": "b"})
    assert first == "none" and second != first
    assert store.summary(tmp_path) == {"random_password": 2}


def test_store_file_is_private(tmp_path: Path) -> None:
    _seed(tmp_path)
    assert stat.S_IMODE(store.store_path(tmp_path).stat().st_mode) == 0o600


def _hammer(sandbox: str, worker: int) -> None:
    for n in range(40):
        store.add(Path(sandbox), "aws_vpc", f"vpc-{worker}-{n}", {"id": f"vpc-{worker}-{n}"})
        store.next_serial(Path(sandbox), "aws_vpc")


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_hammer, args=(str(tmp_path), w)) for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    cloud = json.loads(store.store_path(tmp_path).read_text())
    assert len(cloud["objects"]["aws_vpc"]) == 160
    assert cloud["serials"]["aws_vpc"] == 160
