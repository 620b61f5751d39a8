"""Property-based tests (hypothesis) of everything that reads what a user wrote: cluster
files as text, bytes and YAML trees built from a valid one, and snippets. Loading and
rendering either work or raise RailyardError (the CLI's exit 1 with a message), quickly,
and write nothing outside the workdir; the real CLI exits 0 or 1 without a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from railyard import snippets
from railyard.commands.pipeline import load_snippets
from railyard.config.load import load_cluster
from railyard.errors import RailyardError
from railyard.workspace.render import render
from tests.conftest import scratch_env
from tests.hostile.corpus import BASE
from tests.hostile.test_corpus import files_under, run_railyard

FAST = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])

# Text that tends to matter to YAML, HCL, systemd and shells, plus any character at all.
TRICKY = st.sampled_from(
    [
        "\n",
        "\r",
        "\0",
        "\t",
        "${",
        "%{",
        "%h",
        "$(",
        "`",
        "'",
        '"',
        "\\",
        ": ",
        "- ",
        "&a",
        "*a",
        "!!",
        "<<",
        "? ",
        "#",
        "|",
        ">",
        "{",
        "}",
        "[",
        "]",
        ",",
        "=",
        "/",
        "..",
        "~",
    ]
)
TEXT = st.lists(st.one_of(TRICKY, st.text(max_size=8)), max_size=12).map("".join)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=12,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = _replace(copy[path[0]], path[1:], value)
    return copy


def _check(cluster_text: str | bytes) -> None:
    """Load, load snippets, render: RailyardError or success; nothing written outside."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        cluster = root / "cluster.yaml"
        if isinstance(cluster_text, bytes):
            cluster.write_bytes(cluster_text)
        else:
            cluster.write_text(cluster_text, encoding="utf-8", errors="surrogatepass")
        workdir = root / "work"
        before = files_under(root, {workdir})
        try:
            loaded = load_cluster(cluster)
            render(loaded, workdir, load_snippets(loaded))
        except RailyardError as error:
            assert str(error).strip()
        assert files_under(root, {workdir}) == before


@FAST
@given(st.text(max_size=400))
def test_any_text_as_a_cluster_file(text: str) -> None:
    _check(text.encode("utf-8", errors="surrogatepass"))


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_as_a_cluster_file(data: bytes) -> None:
    _check(data)


@FAST
@given(st.data())
def test_a_valid_cluster_file_with_one_value_changed(data: st.DataObject) -> None:
    base = yaml.safe_load(BASE)
    path = data.draw(st.sampled_from(_paths(base)[1:]), label="path")
    value = data.draw(VALUES, label="value")
    _check(yaml.safe_dump(_replace(base, path, value), allow_unicode=True))


@FAST
@given(st.data())
def test_a_valid_cluster_file_with_a_field_added(data: st.DataObject) -> None:
    base = yaml.safe_load(BASE)
    containers = [p for p in _paths(base) if isinstance(_get(base, p), dict)]
    path = data.draw(st.sampled_from(containers), label="where")
    key = data.draw(st.one_of(TEXT, st.sampled_from(["labels", "taints", "snippets", "tags"])))
    value = data.draw(VALUES, label="value")
    target = dict(_get(base, path))
    target[key] = value
    _check(yaml.safe_dump(_replace(base, path, target), allow_unicode=True))


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@FAST
@given(st.one_of(st.text(max_size=400), VALUES.map(lambda v: yaml.safe_dump(v))))
def test_any_snippet(text: str) -> None:
    try:
        fragment = snippets.to_ignition(text, "snippet.yaml")
    except RailyardError as error:
        assert "snippet.yaml" in str(error) or str(error).strip()
        return
    assert fragment["ignition"]["version"] == "3.3.0"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_cli_exits_0_or_1_without_a_traceback(data: st.DataObject) -> None:
    base = yaml.safe_load(BASE)
    path = data.draw(st.sampled_from(_paths(base)[1:]), label="path")
    value = data.draw(VALUES, label="value")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "cluster.yaml").write_text(yaml.safe_dump(_replace(base, path, value)))
        done = run_railyard(("render", "--workdir", "work"), root, scratch_env(root / "home"))
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    if done.returncode == 1:
        assert done.stderr.startswith("error: ")

