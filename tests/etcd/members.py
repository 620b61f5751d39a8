"""Real etcd members built from a controller's files, on a private network.

Each member runs in its own network namespace, joined to the others by a bridge in a fourth
namespace (the "switch"), so every member listens on 0.0.0.0:2379/2380 as etcd.env says.
Each process also gets its own mount namespace (what `ip netns exec` gives) with overlays
on /etc, /opt and /var/lib: the member sees its controller's files at their Flatcar paths
(/etc/etcd/etcd.env, /etc/ssl/etcd, /etc/kubernetes/pki/etcd, /opt/etcd/rejoin,
/var/lib/etcd) and its own /etc/hosts naming every member, and nothing of this machine
changes. Processes are stopped by their own pid, namespaces removed by their own names.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ETCD = Path("/usr/bin/etcd")
ETCDCTL = Path("/usr/bin/etcdctl")
OVERLAID = ("etc", "opt", "var/lib")
SUBNET = "10.251.0"

# Run by `ip netns exec` (a fresh mount namespace whose mounts do not reach this machine).
# Mounting an overlay right after the previous command's namespace went away failed now and
# then under load ("special device overlay does not exist"): retry briefly.
ENTER = """\
set -e
for d in {overlaid}; do
  tries=0
  until mount -t overlay overlay \\
      -o "lowerdir=/$d,upperdir={root}/upper/$d,workdir={root}/work/$d" "/$d" 2>/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -lt 100 ] || {{ echo "cannot overlay /$d" >&2; exit 1; }}
    sleep 0.1
  done
done
exec "$@"
"""


def preflight() -> str | None:
    """Why members cannot run here, or None."""
    if os.geteuid() != 0:
        return "needs root (network namespaces, mounts)"
    if not (ETCD.is_file() and ETCDCTL.is_file()):
        return "needs Debian's etcd-server and etcd-client (scripts/bootstrap.sh installs them)"
    probe = f"railyard-etcd-probe-{os.getpid()}"
    if subprocess.run(["ip", "netns", "add", probe], capture_output=True).returncode != 0:
        return "`ip netns add` is not available"
    subprocess.run(["ip", "netns", "delete", probe], capture_output=True)
    return None


def _run(*argv: str) -> None:
    subprocess.run(argv, check=True, capture_output=True, text=True)


def env_file(text: str) -> dict[str, str]:
    """KEY=value lines, as docker's --env-file reads them."""
    return dict(
        line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#")
    )


@dataclass
class Member:
    """One controller: `host` is its etcd DNS name, reached at `address`."""

    host: str
    namespace: str
    address: str
    root: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def file(self, path: str) -> Path:
        """Where the member's `path` (under an overlaid directory) is, seen from here."""
        relative = path.lstrip("/")
        assert any(relative.startswith(top + "/") for top in OVERLAID), path
        return self.root / "upper" / relative

    def command(self, *argv: str) -> list[str]:
        """argv run inside this member's namespaces."""
        script = ENTER.format(overlaid=" ".join(OVERLAID), root=self.root)
        return ["ip", "netns", "exec", self.namespace, "/bin/sh", "-c", script, "sh", *argv]

    def run(
        self, *argv: str, env: Mapping[str, str] | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(*argv),
            capture_output=True,
            text=True,
            env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", **(env or {})},
            timeout=timeout,
        )

    def start(self) -> None:
        """etcd with the environment etcd.env holds now (as docker --env-file passes it)."""
        assert self.process is None
        environment = env_file(self.file("/etc/etcd/etcd.env").read_text())
        with (self.root / "etcd.log").open("ab") as log:
            self.process = subprocess.Popen(
                self.command(str(ETCD)),
                stdout=log,
                stderr=subprocess.STDOUT,
                env={"PATH": "/usr/bin:/bin", **environment},
            )

    def kill(self) -> None:
        """SIGKILL, as a crashed machine."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def exited(self, timeout: float) -> int | None:
        """etcd's exit code when it stops within `timeout`, else None (still running)."""
        assert self.process is not None
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        self.process = None
        return code

    def log(self) -> str:
        path = self.root / "etcd.log"
        return path.read_text(errors="replace") if path.is_file() else ""


class Network:
    """The switch namespace and one namespace per member; removes them by name."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.switch = f"railyard-etcd-{tag}-sw"
        self.namespaces: list[str] = []
        _run("ip", "netns", "add", self.switch)
        self.namespaces.append(self.switch)
        _run("ip", "-n", self.switch, "link", "add", "br0", "type", "bridge")
        _run("ip", "-n", self.switch, "link", "set", "br0", "up")

    def member(self, index: int, host: str, root: Path) -> Member:
        namespace = f"railyard-etcd-{self.tag}-{index}"
        address = f"{SUBNET}.{index + 1}"
        _run("ip", "netns", "add", namespace)
        self.namespaces.append(namespace)
        port = f"ryetcd{index}"
        _run("ip", "-n", namespace, "link", "add", "eth0", "type", "veth", "peer", "name", port)
        _run("ip", "-n", namespace, "link", "set", port, "netns", self.switch)
        _run("ip", "-n", self.switch, "link", "set", port, "master", "br0", "up")
        _run("ip", "-n", namespace, "addr", "add", f"{address}/24", "dev", "eth0")
        _run("ip", "-n", namespace, "link", "set", "eth0", "up")
        _run("ip", "-n", namespace, "link", "set", "lo", "up")
        for top in OVERLAID:
            (root / "upper" / top).mkdir(parents=True)
            (root / "work" / top).mkdir(parents=True)
        return Member(host=host, namespace=namespace, address=address, root=root)

    def remove(self) -> None:
        for namespace in reversed(self.namespaces):
            subprocess.run(["ip", "netns", "delete", namespace], capture_output=True)


@contextlib.contextmanager
def members(
    hosts: list[str], files: list[dict[str, tuple[int, bytes]]], workdir: Path
) -> Iterator[list[Member]]:
    """One member per controller, each holding that controller's `files` (path -> mode and
    contents) and a hosts file resolving every member's name; etcd not started yet."""
    network = Network(f"{os.getpid() % 100000}")
    made: list[Member] = []
    try:
        for index, host in enumerate(hosts):
            made.append(network.member(index, host, workdir / f"member{index}"))
        hosts_file = "127.0.0.1 localhost\n" + "".join(f"{m.address} {m.host}\n" for m in made)
        for member, controller_files in zip(made, files, strict=True):
            member.file("/etc/hosts").write_text(hosts_file)
            for path, (mode, contents) in controller_files.items():
                target = member.file(path)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(contents)
                target.chmod(mode)
            member.file("/var/lib/etcd").mkdir(mode=0o700)
        yield made
    finally:
        for member in made:
            member.kill()
        network.remove()


def wait_until(check: Callable[[], bool], timeout: float, explain: Callable[[], str]) -> None:
    """Until `check()` holds; else fail with `explain()` (what was waited for, and logs)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s: {explain()}")
        time.sleep(1)
