"""The facts of a set of Kubernetes manifests that decide whether an add-on can run: its
objects, the rules of its roles, who its bindings name, and for each workload its service
account, containers, volumes, mounts and environment variable names.

One line per fact, so upstream's and ours compare as sets. Run as a script on an upstream
release manifest to write the facts the inventory tests keep under upstream/:

    python -m tests.bootstrap.inventory manifest.yaml [more.yaml ...]

Template placeholders (`${...}`, `%{...}` lines, `__NAME__`) are tolerated, so templated
upstream manifests read as they are.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

WORKLOADS = ("DaemonSet", "Deployment", "StatefulSet", "Pod")


def _where(document: dict[str, Any]) -> str:
    metadata = document["metadata"]
    return f"{document['kind']} {metadata.get('namespace', '-')}/{metadata['name']}"


def _rules(where: str, rules: list[dict[str, Any]]) -> Iterator[str]:
    for rule in rules:
        names = rule.get("resourceNames") or [""]
        for group in rule.get("apiGroups", [""]):
            for resource in rule.get("resources", []):
                for verb in rule.get("verbs", []):
                    for name in names:
                        suffix = f" [{name}]" if name else ""
                        yield f"rule {where}: {group or 'core'} {resource} {verb}{suffix}"


def _volume(volume: dict[str, Any]) -> str:
    if "hostPath" in volume:
        return f"hostPath {volume['hostPath']['path'].rstrip('/') or '/'}"
    if "configMap" in volume:
        return f"configMap {volume['configMap']['name']}"
    if "secret" in volume:
        return f"secret {volume['secret']['secretName']}"
    kinds = sorted(set(volume) - {"name"})
    return " ".join(kinds)


def _pod(where: str, spec: dict[str, Any]) -> Iterator[str]:
    yield f"serviceAccount {where}: {spec.get('serviceAccountName', 'default')}"
    yield f"hostNetwork {where}: {str(bool(spec.get('hostNetwork'))).lower()}"
    for volume in spec.get("volumes", []):
        yield f"volume {where}: {volume['name']} {_volume(volume)}"
    for role in ("initContainers", "containers"):
        for container in spec.get(role, []):
            name = container["name"]
            yield f"{role[:-1]} {where}: {name}"
            for mount in container.get("volumeMounts", []):
                path = mount["mountPath"].rstrip("/") or "/"
                yield f"mount {where} {name}: {mount['name']} {path}"
            for env in container.get("env", []):
                yield f"env {where} {name}: {env['name']}"


def facts(documents: Iterable[dict[str, Any]]) -> set[str]:
    """Every fact of these manifest documents."""
    found: set[str] = set()
    for document in documents:
        where = _where(document)
        found.add(f"object {where}")
        kind = document["kind"]
        if kind in ("ClusterRole", "Role"):
            found.update(_rules(where, document.get("rules", [])))
        elif kind in ("ClusterRoleBinding", "RoleBinding"):
            ref = document["roleRef"]
            found.add(f"roleRef {where}: {ref['kind']} {ref['name']}")
            namespace = document["metadata"].get("namespace", "-")
            for subject in document.get("subjects", []):
                scope = subject.get(
                    "namespace", namespace if subject["kind"] == "ServiceAccount" else "-"
                )
                found.add(f"subject {where}: {subject['kind']} {scope}/{subject['name']}")
        elif kind in WORKLOADS:
            spec = document["spec"] if kind == "Pod" else document["spec"]["template"]["spec"]
            found.update(_pod(where, spec))
    return found


def load(text: str) -> list[dict[str, Any]]:
    """The documents of a (possibly templated) manifest."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("%{")]
    plain = re.sub(r"\$\{[^}]*\}", "PLACEHOLDER", "\n".join(lines))
    plain = re.sub(r"__[A-Z_]+__", "0", plain)
    return [doc for doc in yaml.safe_load_all(plain) if doc]


def read(path: Path) -> tuple[list[str], set[str]]:
    """An upstream facts file: its header comments (where the facts come from) and facts."""
    header, found = [], set()
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            header.append(line[1:].strip())
        elif line.strip():
            found.add(line)
    return header, found


def main(paths: list[str]) -> None:
    documents = [doc for path in paths for doc in load(Path(path).read_text())]
    sys.stdout.write("".join(f"{fact}\n" for fact in sorted(facts(documents))))


if __name__ == "__main__":
    main(sys.argv[1:])
