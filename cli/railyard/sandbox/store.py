"""The fake cloud: every sandbox object in one JSON file, locked against concurrent writers.

Each stand-in provider process and railyard itself read and write the file under an
exclusive fcntl lock on a sibling lock file, and replace it atomically, so two terraform
runs at once can never leave it half-written. Objects are keyed by resource type and id.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from railyard.errors import RailyardError

STORE_FILE = "cloud.json"
LOCK_FILE = "cloud.lock"

# {"serials": {type: n}, "objects": {type: {id: attributes}}, "zones": {region: [zone]}}
Cloud = dict[str, Any]


def store_path(sandbox_dir: Path) -> Path:
    return sandbox_dir / STORE_FILE


def init(sandbox_dir: Path) -> None:
    """Create an empty store unless one exists (an existing one, maybe large, is left as is)."""
    if store_path(sandbox_dir).is_file():
        return
    with _locked(sandbox_dir) as cloud:
        cloud.setdefault("objects", {})


@contextlib.contextmanager
def _locked(sandbox_dir: Path, write: bool = True) -> Iterator[Cloud]:
    """The store's content under an exclusive lock; written back on exit when `write`."""
    sandbox_dir.mkdir(parents=True, exist_ok=True)
    lock_fd = os.open(sandbox_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX)
        path = store_path(sandbox_dir)
        try:
            cloud: Cloud = json.loads(path.read_bytes()) if path.exists() else {}
        except ValueError:
            raise RailyardError(
                f"the sandbox's fake cloud {path} is unreadable",
                hint="remove the workdir's .sandbox/ and terraform.tfstate to start over",
            ) from None
        cloud.setdefault("serials", {})
        cloud.setdefault("objects", {})
        yield cloud
        if write:
            _write_atomically(path, cloud)
    finally:
        os.close(lock_fd)  # closing releases the flock


def _write_atomically(path: Path, cloud: Cloud) -> None:
    temporary = path.with_name(path.name + ".tmp")
    # Objects may hold secrets (private keys, passwords): owner-only, like terraform state.
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            json.dump(cloud, handle, indent=1, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)  # never leave a half-written copy behind
        raise


def next_serial(sandbox_dir: Path, resource_type: str) -> int:
    """A per-type counter: the seed of deterministic ids and addresses."""
    with _locked(sandbox_dir) as cloud:
        serial = int(cloud["serials"].get(resource_type, 0)) + 1
        cloud["serials"][resource_type] = serial
        return serial


def get(sandbox_dir: Path, resource_type: str, object_id: str) -> dict[str, Any] | None:
    with _locked(sandbox_dir, write=False) as cloud:
        found = cloud["objects"].get(resource_type, {}).get(object_id)
        return dict(found) if found is not None else None


def add(sandbox_dir: Path, resource_type: str, object_id: str, attributes: dict[str, Any]) -> str:
    """Store a new object; return its key: its id, made unique when the type's ids are not
    (random_password's id is always "none")."""
    with _locked(sandbox_dir) as cloud:
        objects = cloud["objects"].setdefault(resource_type, {})
        key, number = object_id, 1
        while key in objects:
            number += 1
            key = f"{object_id}~{number}"
        objects[key] = attributes
        return key


def put(sandbox_dir: Path, resource_type: str, object_id: str, attributes: dict[str, Any]) -> None:
    with _locked(sandbox_dir) as cloud:
        cloud["objects"].setdefault(resource_type, {})[object_id] = attributes


def remove(sandbox_dir: Path, resource_type: str, object_id: str) -> bool:
    """Forget an object; False when it was not there."""
    with _locked(sandbox_dir) as cloud:
        objects = cloud["objects"].get(resource_type, {})
        found = objects.pop(object_id, None) is not None
        if not objects:
            cloud["objects"].pop(resource_type, None)
        return found


def find(sandbox_dir: Path, resource_type: str) -> dict[str, dict[str, Any]]:
    """Every object of one type, by id."""
    with _locked(sandbox_dir, write=False) as cloud:
        return dict(cloud["objects"].get(resource_type, {}))


def summary(sandbox_dir: Path) -> dict[str, int]:
    """Object count by resource type (for `railyard status`)."""
    if not store_path(sandbox_dir).exists():
        return {}
    with _locked(sandbox_dir, write=False) as cloud:
        return {kind: len(objects) for kind, objects in sorted(cloud["objects"].items()) if objects}


# Objects the cloud makes along with another (a VPC's default security group, which a
# resource may adopt): they go with the object they came with, so no lost state can leave
# one behind, and a state may or may not record them. Comparisons of a state with the
# fake cloud leave them out.
CLOUD_MADE = frozenset({"aws_default_security_group"})


def held_objects(sandbox_dir: Path) -> set[tuple[str, str]]:
    """(resource type, key) of every object in the fake cloud but those it made itself."""
    if not store_path(sandbox_dir).exists():
        return set()
    with _locked(sandbox_dir, write=False) as cloud:
        return {
            (kind, key)
            for kind, objects in cloud["objects"].items()
            if kind not in CLOUD_MADE
            for key in objects
        }


def private_data(key: str) -> bytes:
    """What a stand-in keeps in an object's private data: the object's key in the store."""
    return json.dumps({"key": key}).encode()


def key_in(private: bytes) -> str | None:
    """The store key kept in an object's private data, if any."""
    try:
        return str(json.loads(private)["key"])
    except (ValueError, KeyError, TypeError):
        return None


def recorded_objects(state: Mapping[str, Any]) -> set[tuple[str, str]]:
    """(resource type, key) of the fake-cloud objects a terraform state file records: its
    managed instances whose private data (base64 in the file) names a store key (but the
    cloud's own, CLOUD_MADE)."""
    found = set()
    for resource in state.get("resources") or []:
        if resource.get("mode") != "managed" or resource.get("type") in CLOUD_MADE:
            continue
        for instance in resource.get("instances") or []:
            try:
                key = key_in(base64.b64decode(instance.get("private") or "", validate=True))
            except ValueError:
                key = None
            if key is not None:
                found.add((str(resource.get("type")), key))
    return found


def mutate(sandbox_dir: Path, resource_type: str, object_id: str, changes: dict[str, Any]) -> None:
    """Change attributes of an object as if someone had edited the real cloud.

    Keys are dotted paths into nested values ("tags.Name", "ingress.0.from_port"). A string
    value given for a number, bool or collection is converted to the type already there.
    """
    with _locked(sandbox_dir) as cloud:
        attributes = _object(cloud, resource_type, object_id)
        for key, value in changes.items():
            _set_path(attributes, key, value, resource_type, object_id)


def delete(sandbox_dir: Path, resource_type: str, object_id: str) -> None:
    """Remove an object as if someone had deleted it in the real cloud."""
    with _locked(sandbox_dir) as cloud:
        _object(cloud, resource_type, object_id)
        objects = cloud["objects"][resource_type]
        del objects[object_id]
        if not objects:
            del cloud["objects"][resource_type]


def zones(sandbox_dir: Path, region: str, first: list[str]) -> list[str]:
    """The region's zones: `first` unless the cloud opened or closed some since."""
    with _locked(sandbox_dir, write=False) as cloud:
        return list(cloud.get("zones", {}).get(region, first))


def set_zones(sandbox_dir: Path, region: str, names: list[str]) -> None:
    """Open or close zones in a region, as AWS does now and then."""
    with _locked(sandbox_dir) as cloud:
        cloud.setdefault("zones", {})[region] = names


def _object(cloud: Cloud, resource_type: str, object_id: str) -> dict[str, Any]:
    found = cloud["objects"].get(resource_type, {}).get(object_id)
    if found is None:
        raise RailyardError(
            f"the sandbox holds no {resource_type} with id {object_id!r}",
            hint="run `railyard status` to see what the sandbox holds",
        )
    return found  # type: ignore[no-any-return]


def _set_path(
    attributes: dict[str, Any], key: str, value: Any, resource_type: str, object_id: str
) -> None:
    steps = key.split(".")
    container: Any = attributes
    try:
        for step in steps[:-1]:
            container = container[int(step)] if isinstance(container, list) else container[step]
        last = steps[-1]
        if isinstance(container, list):
            index = int(last)
            container[index] = _like(container[index], value)
        elif isinstance(container, dict):
            if container is attributes and last not in container:
                raise KeyError(last)
            container[last] = _like(container.get(last), value)
        else:
            raise TypeError(key)
    except (KeyError, IndexError, ValueError, TypeError) as error:
        raise RailyardError(
            f"{resource_type} {object_id!r} has no attribute path {key!r}",
            hint="paths are dotted: attribute, map key or list index (tags.Name, ingress.0.port)",
        ) from error


def _like(current: Any, value: Any) -> Any:
    """`value` converted to the kind of `current` when it arrives as text (from the CLI)."""
    if not isinstance(value, str) or isinstance(current, str):
        return value
    if isinstance(current, bool):
        if value.lower() not in ("true", "false"):
            raise ValueError(value)
        return value.lower() == "true"
    if isinstance(current, int):
        return int(value)
    if isinstance(current, float):
        return float(value)
    if isinstance(current, list | dict):
        return json.loads(value)
    if current is None:  # unset before: JSON when it parses (a map, a list), else text
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
