"""Container Linux Config (as Lokomotive users write it) -> Ignition 3.3.0.

Follows Flatcar's ct for the parts railyard supports: files on the root filesystem,
directories, links, systemd and networkd units with drop-ins, users and groups, and the
`update` / `locksmith` sections (written to /etc/flatcar/update.conf).
"""

from __future__ import annotations

from typing import Any

import yaml

from railyard.config.values import single_line_problem
from railyard.snippets import ignition as ign
from railyard.snippets.schema import MODE, Fields, Scalar, Seq, Source, Unsupported, read

UPDATE_CONF = "/etc/flatcar/update.conf"
NETWORKD_DIR = "/etc/systemd/network"


def _check_filesystem(name: str) -> str | None:
    if name != "root":
        return f"filesystem {name!r} is not supported; only 'root' is"
    return None


def _check_strategy(name: str) -> str | None:
    strategies = ("reboot", "etcd-lock", "best-effort", "off")
    return None if name in strategies else f"must be one of {', '.join(strategies)}"


FILESYSTEM = Scalar(str, _check_filesystem)
NO_OTHER_FILESYSTEMS = Unsupported(
    "railyard snippets write to the root filesystem only; partition and format disks "
    "through your platform's configuration instead"
)
_REMOTE = Fields(
    {
        "url": Scalar(str, ign.check_url),
        "compression": Scalar(str, ign.check_compression),
        "verification": Fields(
            {
                "hash": Fields(
                    {"function": Scalar(str), "sum": Scalar(str)},
                    frozenset({"function", "sum"}),
                    check=lambda h: ign.check_hash(f"{h['function']}-{h['sum']}"),
                )
            }
        ),
    },
    frozenset({"url"}),
)
_FILE = Fields(
    {
        "filesystem": FILESYSTEM,
        "path": ign.PATH,
        "contents": Fields(
            {"inline": ign.TEXT, "remote": _REMOTE}, at_most_one=frozenset({"inline", "remote"})
        ),
        "mode": MODE,
        "user": ign.OWNER,
        "group": ign.OWNER,
        "overwrite": ign.FLAG,
        "append": ign.FLAG,
    },
    frozenset({"filesystem", "path"}),
)
_DIRECTORY = Fields(
    {
        "filesystem": FILESYSTEM,
        "path": ign.PATH,
        "mode": MODE,
        "user": ign.OWNER,
        "group": ign.OWNER,
        "overwrite": ign.FLAG,
    },
    frozenset({"filesystem", "path"}),
)
_LINK = Fields(
    {
        "filesystem": FILESYSTEM,
        "path": ign.PATH,
        "target": ign.TEXT,
        "hard": ign.FLAG,
        "user": ign.OWNER,
        "group": ign.OWNER,
        "overwrite": ign.FLAG,
    },
    frozenset({"filesystem", "path", "target"}),
)
_UNIT = Fields(
    {
        "name": Scalar(str, ign.check_unit_name),
        "enable": ign.FLAG,
        "enabled": ign.FLAG,
        "mask": ign.FLAG,
        "contents": ign.UNIT_TEXT,
        "dropins": ign.DROPINS,
    },
    frozenset({"name"}),
    check=ign.check_enabled_unit,
)
_NETWORKD_UNIT = Fields(
    {
        "name": Scalar(str, ign.check_networkd_name),
        "contents": ign.TEXT,
        "dropins": ign.DROPINS,
    },
    frozenset({"name"}),
)
LINE = Scalar(str, single_line_problem)

SCHEMA = Fields(
    {
        "ignition": Unsupported(
            "merge or replace configs through the module's snippets list instead"
        ),
        "storage": Fields(
            {
                "disks": NO_OTHER_FILESYSTEMS,
                "raid": NO_OTHER_FILESYSTEMS,
                "filesystems": NO_OTHER_FILESYSTEMS,
                "files": Seq(_FILE),
                "directories": Seq(_DIRECTORY),
                "links": Seq(_LINK),
            }
        ),
        "systemd": Fields({"units": Seq(_UNIT)}),
        "networkd": Fields({"units": Seq(_NETWORKD_UNIT)}),
        "passwd": Fields(
            {
                "users": Seq(
                    Fields(
                        {
                            **ign.USER_FIELDS,
                            "create": Unsupported("use the user's keys directly (uid, groups...)"),
                        },
                        frozenset({"name"}),
                    )
                ),
                "groups": Seq(Fields(ign.GROUP_FIELDS, frozenset({"name"}))),
            }
        ),
        # each value becomes one KEY=value line of update.conf
        "update": Fields({"group": LINE, "server": LINE}),
        "locksmith": Fields(
            {
                "reboot_strategy": Scalar(str, _check_strategy),
                "window_start": LINE,
                "window_length": LINE,
                "group": LINE,
                "etcd_endpoints": LINE,
                "etcd_cafile": ign.PATH,
                "etcd_certfile": ign.PATH,
                "etcd_keyfile": ign.PATH,
            }
        ),
        "etcd": Unsupported("railyard runs etcd on controllers itself"),
        "flannel": Unsupported("railyard installs the cluster network itself"),
        "docker": Unsupported("set docker flags with a systemd drop-in for docker.service"),
    }
)


def _resource(contents: dict[str, Any]) -> dict[str, Any]:
    if "remote" in contents:
        remote = contents["remote"]
        resource: dict[str, Any] = {"source": remote["url"]}
        if remote.get("compression"):
            resource["compression"] = remote["compression"]
        hashed = remote.get("verification", {}).get("hash")
        if hashed:
            resource["verification"] = {"hash": f"{hashed['function']}-{hashed['sum']}"}
        return resource
    return {"source": ign.data_url(contents.get("inline", ""))}


def _owned(entry: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    for key in ("mode", "user", "group", "overwrite"):
        if key in values:
            entry[key] = values[key]
    return entry


def _file(values: dict[str, Any]) -> dict[str, Any]:
    # Ignition 2 (what CLC targets) replaced existing files; Ignition 3 needs overwrite.
    entry = _owned({"path": values["path"], "overwrite": not values.get("append")}, values)
    if "contents" in values:
        resource = _resource(values["contents"])
        if values.get("append"):
            entry["append"] = [resource]
        else:
            entry["contents"] = resource
    return entry


def _link(values: dict[str, Any]) -> dict[str, Any]:
    entry = _owned({"path": values["path"], "target": values["target"]}, values)
    if "hard" in values:
        entry["hard"] = values["hard"]
    return entry


def _networkd_files(values: dict[str, Any]) -> list[dict[str, Any]]:
    name = values["name"]
    files = []
    if "contents" in values:
        files.append(ign.text_file(f"{NETWORKD_DIR}/{name}", values["contents"]))
    for dropin in values.get("dropins", []):
        path = f"{NETWORKD_DIR}/{name}.d/{dropin['name']}"
        files.append(ign.text_file(path, dropin.get("contents", "")))
    return files


# update.conf variable for each `update` and `locksmith` key (as ct writes them).
UPDATE_KEYS = {"group": "GROUP", "server": "SERVER"}
LOCKSMITH_KEYS = {
    "reboot_strategy": "REBOOT_STRATEGY",
    "window_start": "LOCKSMITHD_REBOOT_WINDOW_START",
    "window_length": "LOCKSMITHD_REBOOT_WINDOW_LENGTH",
    "group": "LOCKSMITHD_GROUP",
    "etcd_endpoints": "LOCKSMITHD_ENDPOINT",
    "etcd_cafile": "LOCKSMITHD_ETCD_CAFILE",
    "etcd_certfile": "LOCKSMITHD_ETCD_CERTFILE",
    "etcd_keyfile": "LOCKSMITHD_ETCD_KEYFILE",
}


def _update_conf(update: dict[str, Any], locksmith: dict[str, Any]) -> str:
    lines = [f"{UPDATE_KEYS[key]}={value}\n" for key, value in update.items()]
    lines += [f"{LOCKSMITH_KEYS[key]}={value}\n" for key, value in locksmith.items()]
    return "".join(lines)


def transpile(node: yaml.Node, source: Source) -> dict[str, Any]:
    values = read(node, SCHEMA, source)
    storage = values.get("storage", {})
    passwd = values.get("passwd", {})
    files = [_file(f) for f in storage.get("files", [])]
    for networkd_unit in values.get("networkd", {}).get("units", []):
        files.extend(_networkd_files(networkd_unit))
    if "update" in values or "locksmith" in values:
        text = _update_conf(values.get("update", {}), values.get("locksmith", {}))
        files.append(ign.text_file(UPDATE_CONF, text))
    units = [
        ign.unit(
            u["name"],
            contents=u.get("contents"),
            enabled=u.get("enabled", u.get("enable")),
            mask=u.get("mask"),
            dropins=u.get("dropins"),
        )
        for u in values.get("systemd", {}).get("units", [])
    ]
    return ign.fragment(
        files=files,
        directories=[_owned({"path": d["path"]}, d) for d in storage.get("directories", [])],
        links=[_link(link) for link in storage.get("links", [])],
        units=units,
        users=[ign.renamed(u, ign.USER_KEYS) for u in passwd.get("users", [])],
        groups=[ign.renamed(g, ign.GROUP_KEYS) for g in passwd.get("groups", [])],
    )
