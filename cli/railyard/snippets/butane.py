"""Butane `variant: flatcar`, `version: 1.0.0` -> Ignition 3.3.0.

Butane's names are Ignition's in snake_case, so this is mostly renaming plus inline
contents turned into data URLs. Keys that need local files or disks are refused.
"""

from __future__ import annotations

from typing import Any

import yaml

from railyard.snippets import ignition as ign
from railyard.snippets.schema import MODE, Fields, Scalar, Seq, Source, Spec, Unsupported, read

NO_LOCAL = Unsupported(
    "snippets cannot read local files; put the contents inline, or use a source URL"
)
NO_DISKS = Unsupported(
    "railyard snippets write to the root filesystem only; partition and format disks "
    "through your platform's configuration instead"
)


def _check_variant(value: str) -> str | None:
    return None if value == "flatcar" else f"variant {value!r} is not supported; use flatcar"


def _check_version(value: str) -> str | None:
    return None if value == "1.0.0" else f"version {value!r} is not supported; use 1.0.0"


_RESOURCE = Fields(
    {
        "source": Scalar(str, ign.check_url),
        "inline": ign.TEXT,
        "local": NO_LOCAL,
        "compression": Scalar(str, ign.check_compression),
        "verification": Fields({"hash": Scalar(str, ign.check_hash)}),
        "http_headers": Seq(Fields({"name": ign.NAME, "value": ign.TEXT}, frozenset({"name"}))),
    },
    at_most_one=frozenset({"source", "inline", "local"}),
)
_OWNED: dict[str, Spec] = {
    "path": ign.PATH,
    "overwrite": ign.FLAG,
    "user": ign.OWNER,
    "group": ign.OWNER,
}
_UNIT = Fields(
    {
        "name": Scalar(str, ign.check_unit_name),
        "enabled": ign.FLAG,
        "mask": ign.FLAG,
        "contents": ign.UNIT_TEXT,
        "contents_local": NO_LOCAL,
        "dropins": Seq(
            Fields(
                {
                    "name": Scalar(str, ign.check_dropin_name),
                    "contents": ign.UNIT_TEXT,
                    "contents_local": NO_LOCAL,
                },
                frozenset({"name"}),
            )
        ),
    },
    frozenset({"name"}),
    check=ign.check_enabled_unit,
)
SCHEMA = Fields(
    {
        "variant": Scalar(str, _check_variant),
        "version": Scalar(str, _check_version),
        "ignition": Unsupported(
            "merge or replace configs through the module's snippets list instead"
        ),
        "storage": Fields(
            {
                "disks": NO_DISKS,
                "raid": NO_DISKS,
                "filesystems": NO_DISKS,
                "luks": NO_DISKS,
                "trees": NO_LOCAL,
                "files": Seq(
                    Fields(
                        {
                            **_OWNED,
                            "contents": _RESOURCE,
                            "append": Seq(_RESOURCE),
                            "mode": MODE,
                        },
                        frozenset({"path"}),
                    )
                ),
                "directories": Seq(Fields({**_OWNED, "mode": MODE}, frozenset({"path"}))),
                "links": Seq(
                    Fields({**_OWNED, "target": ign.TEXT, "hard": ign.FLAG}, frozenset({"path"}))
                ),
            }
        ),
        "systemd": Fields({"units": Seq(_UNIT)}),
        "passwd": Fields(
            {
                "users": Seq(
                    Fields(
                        {
                            **ign.USER_FIELDS,
                            "should_exist": ign.FLAG,
                            "ssh_authorized_keys_local": NO_LOCAL,
                        },
                        frozenset({"name"}),
                    )
                ),
                "groups": Seq(
                    Fields({**ign.GROUP_FIELDS, "should_exist": ign.FLAG}, frozenset({"name"}))
                ),
            }
        ),
    },
    frozenset({"variant", "version"}),
)


def _resource(values: dict[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = {}
    if "inline" in values:
        resource["source"] = ign.data_url(values["inline"])
    elif "source" in values:
        resource["source"] = values["source"]
    for key in ("compression", "verification"):
        if key in values:
            resource[key] = values[key]
    if "http_headers" in values:
        resource["httpHeaders"] = values["http_headers"]
    return resource


def _node(values: dict[str, Any]) -> dict[str, Any]:
    """A file, directory or link: Butane's keys with contents/append turned into resources."""
    entry = dict(values)
    if "contents" in entry:
        entry["contents"] = _resource(entry["contents"])
    if "append" in entry:
        entry["append"] = [_resource(item) for item in entry["append"]]
    return entry


def transpile(node: yaml.Node, source: Source) -> dict[str, Any]:
    values = read(node, SCHEMA, source)
    storage = values.get("storage", {})
    passwd = values.get("passwd", {})
    return ign.fragment(
        files=[_node(f) for f in storage.get("files", [])],
        directories=[_node(d) for d in storage.get("directories", [])],
        links=[_node(link) for link in storage.get("links", [])],
        units=[
            ign.unit(
                u["name"],
                contents=u.get("contents"),
                enabled=u.get("enabled"),
                mask=u.get("mask"),
                dropins=u.get("dropins"),
            )
            for u in values.get("systemd", {}).get("units", [])
        ],
        users=[ign.renamed(u, ign.USER_KEYS) for u in passwd.get("users", [])],
        groups=[ign.renamed(g, ign.GROUP_KEYS) for g in passwd.get("groups", [])],
    )
