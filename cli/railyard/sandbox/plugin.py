"""The go-plugin side of a stand-in: gRPC server on a unix socket, TLS, handshake line.

Terraform starts the executable, reads one line from its stdout
(`core-version|protocol-version|network|address|protocol|server-cert`) and connects over
TLS, trusting exactly the certificate in that line.
"""

from __future__ import annotations

import base64
import datetime
import shutil
import signal
import sys
import tempfile
import threading
from concurrent import futures
from pathlib import Path
from typing import Any

from railyard.files import write_if_changed

TLS_DIR = "plugin-tls"


def tls_material(sandbox_dir: Path) -> tuple[bytes, bytes]:
    """The (key PEM, certificate PEM) the stand-ins serve with, made once per sandbox.

    Made at prepare() time so a provider start needs no key generation (start-up speed).
    """
    directory = sandbox_dir / TLS_DIR
    combined = directory / "server.pem"  # key then certificate: one file, replaced at once
    if not combined.is_file():
        key_pem, cert_pem = _make_certificate()
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_if_changed(combined, key_pem + cert_pem, 0o600)
    text = combined.read_bytes()
    split = text.index(b"-----BEGIN CERTIFICATE-----")
    return text[:split], text[split:]


def _make_certificate() -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=True,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)


def _der(cert_pem: bytes) -> bytes:
    """PEM -> DER without importing cryptography (start-up speed)."""
    body = b"".join(
        line for line in cert_pem.splitlines() if line and not line.startswith(b"-----")
    )
    return base64.b64decode(body)


def serve(servicer: Any, sandbox_dir: Path) -> None:
    import grpc
    from tf.gen import grpc_controller_pb2 as controller_pb
    from tf.gen import grpc_controller_pb2_grpc as controller_rpc
    from tf.gen import grpc_stdio_pb2_grpc as stdio_rpc
    from tf.gen import tfplugin_pb2_grpc as rpc

    stopped = threading.Event()

    class Controller(controller_rpc.GRPCControllerServicer):  # type: ignore[misc]
        def Shutdown(self, request: Any, context: Any) -> Any:
            stopped.set()
            return controller_pb.Empty()

    class Stdio(stdio_rpc.GRPCStdioServicer):  # type: ignore[misc]
        def StreamStdio(self, request: Any, context: Any) -> Any:
            return iter(())

    key_pem, cert_pem = tls_material(sandbox_dir)
    # The socket is private to this user (mkdtemp, 0700); terraform checks our certificate,
    # and its own (PLUGIN_CLIENT_CERT) is not requested, as in the `tf` package.
    credentials = grpc.ssl_server_credentials([(key_pem, cert_pem)], require_client_auth=False)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=10))
    rpc.add_ProviderServicer_to_server(servicer, server)
    controller_rpc.add_GRPCControllerServicer_to_server(Controller(), server)
    stdio_rpc.add_GRPCStdioServicer_to_server(Stdio(), server)

    socket_dir = tempfile.mkdtemp(prefix="railyard-plugin-")
    socket_path = f"{socket_dir}/plugin.sock"
    server.add_secure_port(f"unix:{socket_path}", credentials)
    server.start()
    # Like go-plugin servers: Ctrl-C reaches the whole process group, but terraform decides
    # when its providers stop (it finishes or cancels in-flight requests first).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The handler only appends to a list: calling stopped.set() from a signal handler can
    # deadlock on the event's own lock when the signal lands inside stopped.wait().
    terminated: list[int] = []
    signal.signal(signal.SIGTERM, lambda signum, _frame: terminated.append(signum))
    certificate = base64.b64encode(_der(cert_pem)).decode().rstrip("=")
    sys.stdout.write(f"1|6|unix|{socket_path}|grpc|{certificate}\n")
    sys.stdout.flush()
    try:
        while not terminated and not stopped.wait(0.05):
            pass
    finally:
        server.stop(grace=0.2)
        shutil.rmtree(socket_dir, ignore_errors=True)
