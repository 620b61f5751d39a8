"""The functional tls and random stand-ins make a PKI that verifies with `cryptography`."""

from __future__ import annotations

import datetime
import ipaddress
import json
import re
from collections.abc import Callable

import bcrypt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

from railyard.sandbox import store

from .conftest import Sandboxed

pytestmark = pytest.mark.slow


def test_pki_apply_verifies_and_is_stable(sandboxed: Callable[[str], Sandboxed]) -> None:
    box = sandboxed("pki")
    box.run("init", "-input=false")
    box.run("apply", "-auto-approve", "-input=false")
    # the lock file records the mirror's stand-ins, and a second init accepts it
    lock = (box.workdir / ".terraform.lock.hcl").read_text()
    assert 'provider "registry.terraform.io/hashicorp/tls"' in lock and "h1:" in lock
    box.run("init", "-input=false")
    outputs = json.loads(box.run("output", "-json").stdout)

    ca = x509.load_pem_x509_certificate(outputs["ca_cert"]["value"].encode())
    server = x509.load_pem_x509_certificate(outputs["server_cert"]["value"].encode())
    suffix = outputs["suffix"]["value"]

    # chain: the CA signed itself and the server certificate
    ca_key = ca.public_key()
    assert isinstance(ca_key, rsa.RSAPublicKey)
    for cert in (ca, server):
        assert cert.signature_hash_algorithm is not None
        ca_key.verify(
            cert.signature,
            cert.tbs_certificate_bytes,
            padding.PKCS1v15(),
            cert.signature_hash_algorithm,
        )
    server.verify_directly_issued_by(ca)
    assert server.issuer == ca.subject
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert not server.extensions.get_extension_for_class(x509.BasicConstraints).value.ca

    # the server key is the ECDSA key terraform made, and SANs are the requested ones
    public = serialization.load_pem_public_key(outputs["server_public_key"]["value"].encode())
    assert isinstance(public, ec.EllipticCurvePublicKey) and public == server.public_key()
    sans = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sorted(sans.get_values_for_type(x509.DNSName)) == sorted(
        ["kubernetes", "kubernetes.default.svc", f"api.{suffix}.example.com"]
    )
    assert sans.get_values_for_type(x509.IPAddress) == [
        ipaddress.ip_address("10.3.0.1"),
        ipaddress.ip_address("127.0.0.1"),
    ]

    # key usage
    ca_usage = ca.extensions.get_extension_for_class(x509.KeyUsage).value
    assert ca_usage.key_cert_sign and ca_usage.digital_signature
    usage = server.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_encipherment and not usage.key_cert_sign
    extended = server.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert set(extended) == {ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH}

    # validity
    now = datetime.datetime.now(datetime.UTC)
    assert ca.not_valid_before_utc <= now < ca.not_valid_after_utc
    assert server.not_valid_after_utc - server.not_valid_before_utc == datetime.timedelta(hours=720)
    assert ca.not_valid_after_utc - ca.not_valid_before_utc == datetime.timedelta(hours=8760)

    # random values honour their arguments
    assert re.fullmatch(r"[a-z0-9]{6}", suffix)
    token = outputs["token"]["value"]
    assert re.fullmatch(r"[A-Za-z0-9]{32}", token) and sum(c.isdigit() for c in token) >= 4
    assert bcrypt.checkpw(token.encode(), outputs["token_bcrypt"]["value"].encode())

    # a second plan is empty, and destroy empties the fake cloud
    assert box.run("plan", "-detailed-exitcode", "-input=false").returncode == 0
    assert store.summary(box.sandbox_dir)["tls_private_key"] == 2
    box.run("destroy", "-auto-approve", "-input=false")
    assert store.summary(box.sandbox_dir) == {}
