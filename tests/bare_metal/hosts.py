"""Real SSH hosts for the bare-metal SSH step: one network namespace per host, reached over a
veth pair, each running Debian's OpenSSH server with a `core` user and a test key.

The namespaces share this machine's filesystem, so each host's sshd runs in its own mount
namespace (what `ip netns exec` gives) with overlays on /etc, /opt and /home: what the step
writes lands in the host's own upper directories, where the test reads it. The `core` user,
its sudo rule and a recording `systemctl` exist only inside those overlays, so nothing of
this machine changes. Everything is removed by the fixture: sshd by its own pid, namespaces
by their own names.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

OVERLAID = ("etc", "opt", "home")
SSHD = Path("/usr/sbin/sshd")
TEST_DIR = "/etc/railyard-test"  # inside a host: its sshd config, keys and recording systemctl
_made = itertools.count()  # hosts made by this process: unique names and addresses

SSHD_CONFIG = """\
ListenAddress {address}:22
HostKey {test_dir}/host_key
AuthorizedKeysFile .ssh/authorized_keys
PidFile none
UsePAM no
StrictModes yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AllowUsers core
LogLevel VERBOSE
"""

# Run by `ip netns exec` (a fresh mount namespace whose mounts do not reach this machine).
START = """\
set -e
for d in {overlaid}; do
  mount -t overlay overlay -o "lowerdir=/$d,upperdir={root}/upper/$d,workdir={root}/work/$d" "/$d"
done
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -m 0755 /run/sshd
mount --bind {test_dir}/systemctl /usr/bin/systemctl
mount -t tmpfs -o mode=1777 tmpfs /tmp
exec {sshd} -D -e -f {test_dir}/sshd_config
"""

# Stands in for Flatcar's systemctl: records what it was asked, as whom.
SYSTEMCTL = """\
#!/bin/sh
echo "$(id -u) $*" >> {test_dir}/systemctl.log
"""


def preflight() -> str | None:
    """Why these hosts cannot run here, or None."""
    if os.geteuid() != 0:
        return "needs root (network namespaces, mounts)"
    if not SSHD.is_file():
        return "needs Debian's openssh-server (apt-get install -y openssh-server sudo)"
    if not shutil.which("sudo"):
        return "needs sudo (apt-get install -y sudo)"
    probe = f"railyard-probe-{os.getpid()}"
    if subprocess.run(["ip", "netns", "add", probe], capture_output=True).returncode != 0:
        return "`ip netns add` is not available"
    subprocess.run(["ip", "netns", "delete", probe], capture_output=True)
    return None


def run(*argv: str) -> None:
    subprocess.run(argv, check=True, capture_output=True, text=True)


@dataclass
class Host:
    """One machine: `name` as the cluster file lists it, reached at `address`."""

    name: str
    namespace: str
    address: str
    link: str  # this machine's end of the veth pair (the host's end is in the namespace)
    root: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def file(self, path: str) -> Path:
        """Where the host's `path` (under an overlaid directory) is, seen from here."""
        top, _, rest = path.lstrip("/").partition("/")
        assert top in OVERLAID, f"{path} is not under an overlaid directory"
        return self.root / "upper" / top / rest

    def systemctl_calls(self) -> list[str]:
        log = self.file(f"{TEST_DIR}/systemctl.log")
        return log.read_text().splitlines() if log.is_file() else []

    def start(self) -> None:
        assert self.process is None
        log = (self.root / "sshd.log").open("ab")
        script = START.format(
            overlaid=" ".join(OVERLAID), root=self.root, test_dir=TEST_DIR, sshd=SSHD
        )
        self.process = subprocess.Popen(
            ["ip", "netns", "exec", self.namespace, "/bin/sh", "-c", script],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while b"Server listening" not in (self.root / "sshd.log").read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"sshd on {self.name} did not start:\n{self.log()}")
            time.sleep(0.05)

    def cut(self) -> None:
        """Kill this host's sshd and its sessions at once: every connection drops mid-way."""
        assert self.process is not None
        pids = [self.process.pid, *_descendants(self.process.pid)]
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.cut()

    def log(self) -> str:
        return (self.root / "sshd.log").read_text(errors="replace")


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return found
    for child in map(int, children):
        found += [child, *_descendants(child)]
    return found


def make_host(name: str, root: Path, public_key: str) -> Host:
    """Namespace, veth pair with a /30 of its own, overlay layers with user core; sshd not
    started yet (a host that is still installing)."""
    index = next(_made)
    tag = f"{os.getpid() % 100000}x{index}"
    namespace = f"railyard-bm-{tag}"
    outside, inside = f"rybm{tag}o", f"rybm{tag}i"
    octet = (os.getpid() * 4 + index) % 250
    address = f"10.213.{octet}.2"
    run("ip", "netns", "add", namespace)
    host = Host(name=name, namespace=namespace, address=address, link=outside, root=root)
    try:
        run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside)
        run("ip", "link", "set", inside, "netns", namespace)
        run("ip", "addr", "add", f"10.213.{octet}.1/30", "dev", outside)
        run("ip", "link", "set", outside, "up")
        run("ip", "-n", namespace, "addr", "add", f"{address}/30", "dev", inside)
        run("ip", "-n", namespace, "link", "set", inside, "up")
        run("ip", "-n", namespace, "link", "set", "lo", "up")
        _layers(host, public_key)
    except BaseException:
        remove_host(host)
        raise
    return host


def remove_host(host: Host) -> None:
    """Stop sshd by its pid, delete the veth pair and the namespace by their names."""
    host.stop()
    subprocess.run(["ip", "link", "delete", host.link], capture_output=True)
    subprocess.run(["ip", "netns", "delete", host.namespace], capture_output=True)


def _layers(host: Host, public_key: str) -> None:
    for top in OVERLAID:
        (host.root / "upper" / top).mkdir(parents=True)
        (host.root / "work" / top).mkdir(parents=True)
    etc = host.file("/etc")
    test_dir = host.file(TEST_DIR)
    test_dir.mkdir(mode=0o755)

    # user core, inside this host only
    passwd = Path("/etc/passwd").read_text()
    uids = {int(line.split(":")[2]) for line in passwd.splitlines() if line.count(":") >= 6}
    uid = max([u for u in uids if 1000 <= u < 60000], default=999) + 1
    if not any(line.startswith("core:") for line in passwd.splitlines()):
        (etc / "passwd").write_text(passwd + f"core:x:{uid}:{uid}::/home/core:/bin/bash\n")
        (etc / "group").write_text(Path("/etc/group").read_text() + f"core:x:{uid}:\n")
        shadow = Path("/etc/shadow").read_text() + "core:*:20000:0:99999:7:::\n"
        (etc / "shadow").write_text(shadow)
        for name, mode in (("passwd", 0o644), ("group", 0o644), ("shadow", 0o640)):
            os.chmod(etc / name, mode)
        shutil.copystat("/etc/shadow", etc / "shadow")
        os.chown(etc / "shadow", 0, Path("/etc/shadow").stat().st_gid)
    else:
        uid = int(
            next(line for line in passwd.splitlines() if line.startswith("core:")).split(":")[2]
        )
    (etc / "sudoers.d").mkdir()
    sudoers = etc / "sudoers.d" / "railyard-test"
    sudoers.write_text("core ALL=(ALL) NOPASSWD: ALL\n")
    os.chmod(sudoers, 0o440)

    ssh_dir = host.file("/home/core/.ssh")
    ssh_dir.mkdir(parents=True, mode=0o700)
    (ssh_dir / "authorized_keys").write_text(public_key + "\n")
    for path in (ssh_dir.parent, ssh_dir, ssh_dir / "authorized_keys"):
        os.chown(path, uid, uid)
    os.chmod(ssh_dir.parent, 0o755)
    os.chmod(ssh_dir / "authorized_keys", 0o600)

    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(test_dir / "host_key"))
    (test_dir / "sshd_config").write_text(
        SSHD_CONFIG.format(address=host.address, test_dir=TEST_DIR)
    )
    systemctl = test_dir / "systemctl"
    systemctl.write_text(SYSTEMCTL.format(test_dir=TEST_DIR))
    os.chmod(systemctl, 0o755)
