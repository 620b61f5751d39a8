"""A real etcd cluster (Debian's etcd 3.4) from what railyard renders for the aws example.

One sandbox apply of examples/aws (the functional tls stand-in makes real certificates);
each controller's Ignition gives its etcd.env, certificates, keys and the rejoin script.
Three members then run on a private network (tests/etcd/members.py) and must: form the
cluster over peer TLS; answer `endpoint health --cluster` for the API server's etcd client
certificate and refuse a certificate from the Kubernetes CA; let a killed member catch up;
and take back a member whose data dir was wiped, through the rejoin script as the
controller would run it (its etcdctl container replaced by the local etcdctl).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.aws.conftest import make_cli
from tests.conftest import TERRAFORMS
from tests.node.ignition_tools import read_data_url

from .members import ETCDCTL, Member, env_file, members, preflight, wait_until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(preflight() is not None, reason=str(preflight())),
]

PKI = "/etc/kubernetes/pki"
REJOIN = "/opt/etcd/rejoin"
# What a controller's etcd member and its rejoin script read.
ETCD_FILES = re.compile(r"^(/etc/etcd/|/etc/ssl/etcd/|/etc/kubernetes/pki/etcd/|/opt/etcd/)")
# The one line of the script that runs a container: etcdctl from the pinned etcd image.
ETCDCTL_CONTAINER = re.compile(r"/usr/bin/docker run .* /usr/local/bin/etcdctl")


def _files(ignition: dict[str, Any]) -> dict[str, tuple[int, bytes]]:
    return {
        entry["path"]: (entry["mode"], read_data_url(entry["contents"]))
        for entry in ignition["storage"]["files"]
    }


@pytest.fixture(scope="module")
def controllers(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, tuple[int, bytes]]]:
    """Each controller's files (path -> mode, contents) from one sandbox apply."""
    if not TERRAFORMS:
        pytest.skip("no terraform binary")
    terraform = TERRAFORMS[sorted(TERRAFORMS)[-1]]
    cli = make_cli(tmp_path_factory.mktemp("etcd-aws"), terraform)
    cli.ok("apply", "--auto-approve")
    count = 3
    return [
        _files(json.loads(cli.ok("ignition", "--role", "controller", "--index", str(i)).stdout))
        for i in range(count)
    ]


@pytest.fixture
def cluster(
    controllers: list[dict[str, tuple[int, bytes]]], tmp_path: Path
) -> Iterator[list[Member]]:
    files = []
    for controller in controllers:
        chosen = {path: file for path, file in controller.items() if ETCD_FILES.match(path)}
        mode, script = chosen[REJOIN]
        local, substituted = ETCDCTL_CONTAINER.subn(str(ETCDCTL), script.decode())
        assert substituted == 1, "the rejoin script runs etcdctl in exactly one place"
        chosen[REJOIN] = (mode, local.encode())
        files.append(chosen)
    hosts = [
        re.sub(
            r"^https://|:2379$",
            "",
            env_file(f["/etc/etcd/etcd.env"][1].decode())["ETCD_ADVERTISE_CLIENT_URLS"],
        )
        for f in files
    ]
    with members(hosts, files, tmp_path) as made:
        yield made


def etcdctl(
    member: Member, *args: str, endpoints: str | None = None, client: str = "etcd/client"
) -> Any:
    """etcdctl from inside `member`, with the client certificate at PKI/<client>.crt."""
    return member.run(
        str(ETCDCTL),
        f"--endpoints={endpoints or f'https://{member.host}:2379'}",
        f"--cacert={PKI}/etcd/ca.crt",
        f"--cert={PKI}/{client}.crt",
        f"--key={PKI}/{client}.key",
        "--dial-timeout=3s",
        "--command-timeout=10s",
        *args,
    )


def healthy(member: Member, count: int) -> bool:
    done = etcdctl(member, "endpoint", "health", "--cluster")
    # etcdctl 3.4 reports health on stderr, 3.5 on stdout.
    return done.returncode == 0 and (done.stdout + done.stderr).count("is healthy") == count


def started(member: Member) -> list[str]:
    """Members that ran (they published client URLs); none while there is no quorum."""
    done = etcdctl(member, "member", "list")
    return [line for line in done.stdout.splitlines() if line.split(", ")[4]]


def wipe(directory: Path) -> None:
    for entry in directory.iterdir():
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def status(member: Member) -> str:
    health = etcdctl(member, "endpoint", "health", "--cluster")
    members = etcdctl(member, "member", "list")
    return (
        f"endpoint health: {health.returncode}\n{health.stdout}{health.stderr}\n"
        f"member list: {members.returncode}\n{members.stdout}{members.stderr}\n"
    )


def logs(cluster: list[Member]) -> str:
    return "\n".join(f"--- {m.host}\n{m.log()[-3000:]}" for m in cluster)


def test_etcd_cluster_from_the_rendered_files(
    cluster: list[Member], controllers: list[dict[str, tuple[int, bytes]]]
) -> None:
    first, second, third = cluster

    # The cluster's first boot: no member answers yet, so the rejoin script keeps "new".
    done = first.run(REJOIN)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "starting as a new cluster" in done.stdout
    assert "ETCD_INITIAL_CLUSTER_STATE=new" in first.file("/etc/etcd/etcd.env").read_text()

    # The cluster forms over peer TLS, here from two members whose controllers booted first.
    first.start()
    second.start()
    wait_until(
        lambda: len(started(first)) == 2,
        90,
        lambda: "two started members\n" + status(first) + logs(cluster),
    )
    # The third controller's rejoin runs late: it finds its member listed but never started,
    # and joins as "existing" without removing or adding anything.
    done = third.run(REJOIN)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "joining the running etcd cluster" in done.stdout
    assert "removing" not in done.stdout and "adding" not in done.stdout
    assert (
        env_file(third.file("/etc/etcd/etcd.env").read_text())["ETCD_INITIAL_CLUSTER_STATE"]
        == "existing"
    )
    third.start()
    # ... and the cluster answers the API server's etcd client certificate.
    wait_until(
        lambda: healthy(first, 3),
        90,
        lambda: "three healthy members\n" + status(first) + logs(cluster),
    )
    assert len(started(first)) == 3
    peers = etcdctl(first, "member", "list").stdout
    assert peers.count("https://") == 6 and "http://" not in peers

    # A client certificate from the Kubernetes CA is refused.
    for member in cluster:
        for name in ("apiserver-kubelet-client.crt", "apiserver-kubelet-client.key"):
            _mode, contents = controllers[0][f"{PKI}/{name}"]
            member.file(f"{PKI}/{name}").write_bytes(contents)
    refused = etcdctl(first, "endpoint", "health", client="apiserver-kubelet-client")
    assert refused.returncode != 0
    assert "is healthy" not in refused.stdout + refused.stderr
    assert "certificate signed by unknown authority" in first.log()

    # A member killed and restarted catches up on what it missed.
    third.kill()
    # (retried as a client would: losing the leader means an election first)
    wait_until(
        lambda: etcdctl(first, "put", "railyard/written-while-down", "yes").returncode == 0,
        60,
        lambda: "a write with the third member down\n" + status(first) + logs(cluster),
    )
    third.start()
    wait_until(
        lambda: healthy(first, 3),
        60,
        lambda: "the restarted member\n" + status(first) + logs(cluster),
    )
    local = etcdctl(third, "get", "railyard/written-while-down", "--consistency=s")
    assert local.stdout.splitlines() == ["railyard/written-while-down", "yes"]

    # A replaced controller: same files, empty data dir. As "new", etcd refuses to start.
    second.kill()
    data = second.file("/var/lib/etcd")
    wipe(data)
    # (retried as a client would: losing the leader means an election first)
    wait_until(
        lambda: etcdctl(first, "put", "railyard/written-while-replaced", "yes").returncode == 0,
        60,
        lambda: "a write with the second member down\n" + status(first) + logs(cluster),
    )
    second.start()
    code = second.exited(timeout=60)
    assert code not in (None, 0), f"etcd started as new into a running cluster\n{second.log()}"
    assert "has already been bootstrapped" in second.log()
    wipe(data)

    # The rejoin script takes it back: stale member removed, added again, "existing".
    done = second.run(REJOIN)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "removing this controller's stale etcd member" in done.stdout
    environment = env_file(second.file("/etc/etcd/etcd.env").read_text())
    assert environment["ETCD_INITIAL_CLUSTER_STATE"] == "existing"
    second.start()
    wait_until(
        lambda: healthy(first, 3),
        90,
        lambda: "the rejoined member\n" + status(first) + logs(cluster),
    )
    assert len(started(first)) == 3
    local = etcdctl(second, "get", "railyard/written-while-replaced", "--consistency=s")
    assert local.stdout.splitlines() == ["railyard/written-while-replaced", "yes"]

    # With data in place the script leaves etcd alone.
    done = second.run(REJOIN)
    assert done.returncode == 0 and "nothing to do" in done.stdout
