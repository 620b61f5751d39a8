"""Pieces of an Ignition 3.3.0 config, and the checks both snippet formats share."""

from __future__ import annotations

import base64
import posixpath
import re
from typing import Any
from urllib.parse import quote

from railyard.config.values import single_line_problem
from railyard.snippets.schema import Fields, Scalar, Seq, Spec

VERSION = "3.3.0"

UNIT_SUFFIXES = (
    ".service", ".socket", ".device", ".mount", ".automount", ".swap",
    ".target", ".path", ".timer", ".slice", ".scope",
)  # fmt: skip
NETWORKD_SUFFIXES = (".network", ".netdev", ".link")
_UNIT_NAME = re.compile(r"[A-Za-z0-9:_.\\@-]+")
_HASH = re.compile(r"sha256-[0-9a-f]{64}|sha512-[0-9a-f]{128}")


def _check_name(name: str, suffixes: tuple[str, ...], what: str) -> str | None:
    if not _UNIT_NAME.fullmatch(name):
        return f"{what} name {name!r} has characters systemd does not allow"
    if not name.endswith(suffixes) or name in suffixes:
        return f"{what} name {name!r} needs a suffix, one of {', '.join(suffixes)}"
    return None


def check_unit_name(name: str) -> str | None:
    return _check_name(name, UNIT_SUFFIXES, "unit")


def check_networkd_name(name: str) -> str | None:
    return _check_name(name, NETWORKD_SUFFIXES, "networkd unit")


def check_dropin_name(name: str) -> str | None:
    return _check_name(name, (".conf",), "drop-in")


def check_unit_text(text: str) -> str | None:
    """The shape systemd (and Ignition) parse: [Section] headers, then Key=Value lines."""
    continued = False
    section = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if continued or not stripped or stripped.startswith(("#", ";")):
            pass
        elif stripped.startswith("["):
            if not stripped.endswith("]"):
                return f"unit text line {number}: a section header needs a closing ]"
            section = True
        elif "=" not in stripped:
            return f"unit text line {number}: expected Key=Value, got {stripped!r}"
        elif not section:
            return f"unit text line {number}: Key=Value before any [Section]"
        continued = stripped.endswith("\\")
    return None


def check_enabled_unit(unit: dict[str, Any]) -> str | None:
    texts = [unit.get("contents", "")] + [d.get("contents", "") for d in unit.get("dropins", [])]
    if unit.get("enabled", unit.get("enable")) and not any("[Install]" in t for t in texts):
        return f"unit {unit['name']!r} is enabled but has no [Install] section to enable it by"
    return None


def check_path(path: str) -> str | None:
    if not path.startswith("/"):
        return f"path {path!r} must be absolute (start with /)"
    if posixpath.normpath(path) != path:
        return f"path {path!r} is not clean; write {posixpath.normpath(path)!r}"
    return single_line_problem(path)


def check_hash(value: str) -> str | None:
    if not _HASH.fullmatch(value):
        return f"hash {value!r} must be sha512-<128 hex digits> or sha256-<64 hex digits>"
    return None


def check_url(url: str) -> str | None:
    if not re.match(r"(https?|s3|tftp|gs|data):", url):
        return f"source {url!r} must be an http(s), s3, gs, tftp or data URL"
    return None


def check_compression(value: str) -> str | None:
    return None if value in ("gzip", "") else f"compression {value!r} must be gzip"


NAME = Scalar(str)
TEXT = Scalar(str)
UNIT_TEXT = Scalar(str, check_unit_text)
FLAG = Scalar(bool)
NUMBER = Scalar(int)
PATH = Scalar(str, check_path)
OWNER = Fields({"id": NUMBER, "name": NAME})
DROPINS = Seq(
    Fields({"name": Scalar(str, check_dropin_name), "contents": UNIT_TEXT}, frozenset({"name"}))
)


def data_url(text: str) -> str:
    """The shorter of a percent-encoded and a base64 data URL for `text`."""
    plain = "data:," + quote(text, safe="")
    encoded = "data:;base64," + base64.b64encode(text.encode()).decode()
    return plain if len(plain) <= len(encoded) else encoded


def unit(
    name: str,
    *,
    contents: str | None = None,
    enabled: bool | None = None,
    mask: bool | None = None,
    dropins: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": name}
    if contents is not None:
        entry["contents"] = contents
    if enabled is not None:
        entry["enabled"] = enabled
    if mask is not None:
        entry["mask"] = mask
    if dropins:
        entry["dropins"] = [
            {"name": d["name"], **({"contents": d["contents"]} if "contents" in d else {})}
            for d in dropins
        ]
    return entry


def text_file(path: str, text: str, mode: int = 0o644) -> dict[str, Any]:
    """A file whose contents we write ourselves (update.conf, networkd units)."""
    return {"path": path, "mode": mode, "overwrite": True, "contents": {"source": data_url(text)}}


def fragment(
    files: list[dict[str, Any]],
    directories: list[dict[str, Any]],
    links: list[dict[str, Any]],
    units: list[dict[str, Any]],
    users: list[dict[str, Any]],
    groups: list[dict[str, Any]],
) -> dict[str, Any]:
    """An Ignition config holding only the sections that have something in them."""
    config: dict[str, Any] = {"ignition": {"version": VERSION}}
    storage = {
        key: value
        for key, value in (("files", files), ("directories", directories), ("links", links))
        if value
    }
    if storage:
        config["storage"] = storage
    if units:
        config["systemd"] = {"units": units}
    passwd = {key: value for key, value in (("users", users), ("groups", groups)) if value}
    if passwd:
        config["passwd"] = passwd
    return config


# passwd.users keys shared by CLC and Butane (same snake_case names) -> Ignition names.
USER_KEYS = {
    "name": "name",
    "password_hash": "passwordHash",
    "ssh_authorized_keys": "sshAuthorizedKeys",
    "uid": "uid",
    "gecos": "gecos",
    "home_dir": "homeDir",
    "no_create_home": "noCreateHome",
    "primary_group": "primaryGroup",
    "groups": "groups",
    "no_user_group": "noUserGroup",
    "no_log_init": "noLogInit",
    "shell": "shell",
    "system": "system",
    "should_exist": "shouldExist",
}
GROUP_KEYS = {
    "name": "name",
    "gid": "gid",
    "password_hash": "passwordHash",
    "system": "system",
    "should_exist": "shouldExist",
}
USER_FIELDS: dict[str, Spec] = {
    "name": NAME,
    "password_hash": TEXT,
    "ssh_authorized_keys": Seq(TEXT),
    "uid": NUMBER,
    "gecos": TEXT,
    "home_dir": PATH,
    "no_create_home": FLAG,
    "primary_group": NAME,
    "groups": Seq(NAME),
    "no_user_group": FLAG,
    "no_log_init": FLAG,
    "shell": TEXT,
    "system": FLAG,
}
GROUP_FIELDS: dict[str, Spec] = {"name": NAME, "gid": NUMBER, "password_hash": TEXT, "system": FLAG}


def renamed(values: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {names[key]: value for key, value in values.items()}
