"""The flatcar-node README's inputs and outputs tables match variables.tf and outputs.tf."""

from __future__ import annotations

import re

from .render import MODULE

_BLOCK = r'^{kind} "(\w+)" \{{\n(.*?)^\}}'
_DESCRIPTION = re.compile(r'^\s*description\s*=\s*"((?:[^"\\]|\\.)*)"', re.MULTILINE)
_TYPE = re.compile(r"^\s*type\s*=\s*(.+)$", re.MULTILINE)
_DEFAULT = re.compile(r"^\s*default\s*=\s*(.+)$", re.MULTILINE)


def _blocks(kind: str, filename: str) -> list[tuple[str, str]]:
    text = (MODULE / filename).read_text()
    return re.findall(_BLOCK.format(kind=kind), text, re.MULTILINE | re.DOTALL)


def _description(body: str) -> str:
    found = _DESCRIPTION.search(body)
    assert found, body
    return found.group(1).replace('\\"', '"')


def _table(heading: str) -> list[list[str]]:
    readme = (MODULE / "README.md").read_text()
    section = readme.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]


def test_inputs_table_matches_variables() -> None:
    expected = []
    for name, body in _blocks("variable", "variables.tf"):
        type_match = _TYPE.search(body)
        assert type_match, f"variable {name} has no type"
        default = _DEFAULT.search(body)
        expected.append(
            [
                f"`{name}`",
                _description(body),
                f"`{type_match.group(1)}`",
                f"`{default.group(1)}`" if default else "—",
                "no" if default else "yes",
            ]
        )
    assert _table("Inputs") == expected


def test_outputs_table_matches_outputs() -> None:
    expected = [[f"`{name}`", _description(body)] for name, body in _blocks("output", "outputs.tf")]
    assert _table("Outputs") == expected
