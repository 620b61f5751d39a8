"""Start-up time of the sandbox's stand-in providers (terraform starts them several times a
command): from exec of the mirror's launcher to the go-plugin handshake line, and to the
first GetProviderSchema answer. Target: median under 0.3 s. Prints the figures.

    python bench/sandbox_startup.py [RUNS]
"""

from __future__ import annotations

import base64
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import grpc
from tf.gen import tfplugin_pb2 as pb
from tf.gen import tfplugin_pb2_grpc as rpc

from railyard.sandbox import PROVIDER_VERSIONS, prepare

TARGET = 0.3


def _pem(der_b64: str) -> bytes:
    der = base64.b64decode(der_b64 + "=" * (-len(der_b64) % 4))
    body = base64.encodebytes(der).decode()
    return f"-----BEGIN CERTIFICATE-----\n{body}-----END CERTIFICATE-----\n".encode()


def one_start(launcher: Path, env: dict[str, str]) -> tuple[float, float]:
    """(seconds to handshake, seconds to the schema answer) for one provider start."""
    start = time.perf_counter()
    process = subprocess.Popen([str(launcher)], stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        handshake = time.perf_counter() - start
        _core, _proto, network, address, _kind, cert = line.split("|")
        credentials = grpc.ssl_channel_credentials(root_certificates=_pem(cert))
        with grpc.secure_channel(
            f"{network}:{address}",
            credentials,
            options=[("grpc.ssl_target_name_override", "localhost")],
        ) as channel:
            rpc.ProviderStub(channel).GetProviderSchema(pb.GetProviderSchema.Request())
        schema = time.perf_counter() - start
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    return handshake, schema


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as scratch:
        sandbox = Path(scratch) / ".sandbox"
        env = {**os.environ, **prepare(sandbox), "PLUGIN_PROTOCOL_VERSIONS": "6"}
        print(f"stand-in provider start-up, {runs} runs each (target median < {TARGET} s)")
        for address, version in PROVIDER_VERSIONS.items():
            name = address.split("/")[1]
            launcher = (
                sandbox
                / "mirror/registry.terraform.io"
                / address
                / version
                / "linux_amd64"
                / f"terraform-provider-{name}_v{version}"
            )
            if not launcher.is_file():  # the real null binary is installed instead
                continue
            one_start(launcher, env)  # warm the page cache and bytecode
            times = [one_start(launcher, env) for _ in range(runs)]
            handshake = statistics.median(t[0] for t in times)
            schema = statistics.median(t[1] for t in times)
            verdict = "ok" if schema < TARGET else "OVER TARGET"
            print(
                f"  {address:20} handshake {handshake:.3f} s   schema answered {schema:.3f} s"
                f"   ({schema / TARGET:.2f} x target, {verdict})"
            )


if __name__ == "__main__":
    main()
