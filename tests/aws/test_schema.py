"""Every aws type the platform uses is one railyard's sandbox serves, and every argument
and block the HCL sets exists in the real provider schema (../shared/provider-schemas,
skipped when absent), so plans in the sandbox mean something for real AWS."""

from __future__ import annotations

import re

import pytest

from railyard.sandbox import schema
from tests.provider_schemas import real_schema

from .conftest import MODULE

REAL = real_schema("hashicorp/aws")
_BLOCK_START = re.compile(r'^(resource|data) "(aws_\w+)" "\w+" \{$', re.MULTILINE)


def _used_types() -> dict[tuple[str, str], list[str]]:
    """(resource|data, type) -> the HCL bodies using it, in both modules."""
    used: dict[tuple[str, str], list[str]] = {}
    for path in sorted(MODULE.rglob("*.tf")):
        text = path.read_text()
        for match in _BLOCK_START.finditer(text):
            end = text.index("\n}\n", match.end())
            used.setdefault((match.group(1), match.group(2)), []).append(text[match.end() : end])
    return used


def _arguments(body: str) -> set[str]:
    """Names of the arguments and blocks set at the top level of a resource body."""
    top = [line for line in body.splitlines() if re.match(r"^  \S", line)]
    names = set()
    for line in top:
        found = re.match(r'^  (?:dynamic ")?(\w+)"?\s*(=|\{)', line)
        if found:
            names.add(found.group(1))
    return names - {"count", "for_each", "depends_on", "lifecycle", "provider"}


def _kind(kind: str) -> str:
    return "resource_schemas" if kind == "resource" else "data_source_schemas"


def test_the_module_uses_aws_types() -> None:
    assert ("resource", "aws_instance") in _used_types()  # the parser finds blocks


def test_sandbox_serves_every_type() -> None:
    ours = schema.load("hashicorp/aws")
    missing = [t for kind, t in _used_types() if t not in ours[_kind(kind)]]
    assert missing == []


@pytest.mark.skipif(REAL is None, reason="no real aws schema in ../shared")
def test_every_argument_exists_in_the_real_schema() -> None:
    assert REAL is not None
    problems = []
    for (kind, type_name), bodies in _used_types().items():
        block = REAL[_kind(kind)][type_name]["block"]
        known = set(block.get("attributes", {})) | set(block.get("block_types", {}))
        for body in bodies:
            problems += [f"{type_name}.{name}" for name in sorted(_arguments(body) - known)]
    assert problems == []
