"""The PKI chains to the right CAs with the right names, key usages and validity."""

from __future__ import annotations

import datetime
import ipaddress
from typing import Any

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from .conftest import NAMES, inputs
from .helpers import PKI, certificate, controller_file, private_key, public_der

pytestmark = pytest.mark.slow

SERVER = {ExtendedKeyUsageOID.SERVER_AUTH}
CLIENT = {ExtendedKeyUsageOID.CLIENT_AUTH}
BOTH = SERVER | CLIENT

# Certificate -> (its CA, its key, extended key usages) among the shared assets.
SHARED_CERTS = {
    f"{PKI}/apiserver.crt": (f"{PKI}/ca.crt", f"{PKI}/apiserver.key", SERVER),
    f"{PKI}/apiserver-kubelet-client.crt": (
        f"{PKI}/ca.crt",
        f"{PKI}/apiserver-kubelet-client.key",
        CLIENT,
    ),
    f"{PKI}/etcd/client.crt": (f"{PKI}/etcd/ca.crt", f"{PKI}/etcd/client.key", CLIENT),
}
AGGREGATION_CERTS = {
    f"{PKI}/front-proxy-client.crt": (
        f"{PKI}/front-proxy-ca.crt",
        f"{PKI}/front-proxy-client.key",
        CLIENT,
    ),
}


def _check_leaf(cert: x509.Certificate, ca: x509.Certificate, uses: set[Any]) -> None:
    cert.verify_directly_issued_by(ca)
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and not usage.key_cert_sign
    assert set(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value) == uses


def _check_validity(cert: x509.Certificate, hours: int) -> None:
    now = datetime.datetime.now(datetime.UTC)
    assert cert.not_valid_before_utc <= now < cert.not_valid_after_utc
    assert cert.not_valid_after_utc - cert.not_valid_before_utc == datetime.timedelta(hours=hours)


@pytest.mark.parametrize("name", NAMES)
def test_cas_are_distinct_self_signed_cas(cluster: dict[str, Any], name: str) -> None:
    assets = cluster[name]["assets"]
    aggregation = inputs(name)["enable_aggregation"]
    paths = [f"{PKI}/ca.crt", f"{PKI}/etcd/ca.crt"]
    paths += [f"{PKI}/front-proxy-ca.crt"] if aggregation else []
    cas = [certificate(assets[path]) for path in paths]
    assert len({ca.subject for ca in cas}) == len(cas)
    for ca in cas:
        ca.verify_directly_issued_by(ca)
        assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
        _check_validity(ca, inputs(name)["certificate_validity_hours"])
    ca_key = private_key(assets[f"{PKI}/ca.key"])
    assert public_der(ca_key.public_key()) == public_der(cas[0].public_key())


@pytest.mark.parametrize("name", NAMES)
def test_shared_certificates_chain_to_their_ca(cluster: dict[str, Any], name: str) -> None:
    assets = cluster[name]["assets"]
    certs = dict(SHARED_CERTS)
    if inputs(name)["enable_aggregation"]:
        certs.update(AGGREGATION_CERTS)
    for path, (ca_path, key_path, uses) in certs.items():
        cert = certificate(assets[path])
        _check_leaf(cert, certificate(assets[ca_path]), uses)
        _check_validity(cert, inputs(name)["certificate_validity_hours"])
        key = private_key(assets[key_path])
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        assert public_der(key.public_key()) == public_der(cert.public_key())
    # The wrong CA does not verify: the chain check above is not vacuous.
    with pytest.raises((ValueError, InvalidSignature)):
        certificate(assets[f"{PKI}/etcd/client.crt"]).verify_directly_issued_by(
            certificate(assets[f"{PKI}/ca.crt"])
        )


@pytest.mark.parametrize("name", NAMES)
def test_apiserver_certificate_names(cluster: dict[str, Any], name: str) -> None:
    given = inputs(name)
    cert = certificate(cluster[name]["assets"][f"{PKI}/apiserver.crt"])
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    dns = set(sans.get_values_for_type(x509.DNSName))
    domain = given["cluster_domain"]
    assert dns >= {
        *given["api_servers"],
        "kubernetes",
        "kubernetes.default",
        "kubernetes.default.svc",
        f"kubernetes.default.svc.{domain}",
    }
    first_service_ip = ipaddress.ip_network(given["service_cidr"])[1]
    assert first_service_ip in sans.get_values_for_type(x509.IPAddress)


def test_aggregation_off_leaves_front_proxy_out(cluster: dict[str, Any]) -> None:
    assert not [path for path in cluster["calico"]["assets"] if "front-proxy" in path]
    assert f"{PKI}/front-proxy-client.crt" in cluster["flannel"]["assets"]


@pytest.mark.parametrize("name", NAMES)
def test_etcd_member_certificates(cluster: dict[str, Any], name: str) -> None:
    outputs = cluster[name]
    etcd_ca = certificate(outputs["assets"][f"{PKI}/etcd/ca.crt"])
    hosts = inputs(name)["etcd_servers"]
    assert len(outputs["controller_files"]) == len(hosts)
    for index, host in enumerate(hosts):

        def read(path: str, index: int = index) -> str:
            return str(controller_file(outputs, index, path)["contents"])

        assert certificate(read("/etc/ssl/etcd/ca.crt")) == etcd_ca
        for kind in ("server", "peer"):
            cert = certificate(read(f"/etc/ssl/etcd/{kind}.crt"))
            _check_leaf(cert, etcd_ca, BOTH)
            _check_validity(cert, inputs(name)["certificate_validity_hours"])
            sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            assert host in sans.get_values_for_type(x509.DNSName)
            key = private_key(read(f"/etc/ssl/etcd/{kind}.key"))
            assert public_der(key.public_key()) == public_der(cert.public_key())


@pytest.mark.parametrize("name", NAMES)
def test_service_account_key_pair(cluster: dict[str, Any], name: str) -> None:
    assets = cluster[name]["assets"]
    key = private_key(assets[f"{PKI}/sa.key"])
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    assert assets[f"{PKI}/sa.pub"].startswith("-----BEGIN PUBLIC KEY-----")
    public = serialization.load_pem_public_key(assets[f"{PKI}/sa.pub"].encode())
    assert public_der(public) == public_der(key.public_key())


@pytest.mark.parametrize("name", NAMES)
def test_kubelet_client_identity(cluster: dict[str, Any], name: str) -> None:
    """The API server's client identity towards kubelets, which RBAC binds by name."""
    assets = cluster[name]["assets"]
    cert = certificate(assets[f"{PKI}/apiserver-kubelet-client.crt"])
    cn = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert cn == "kube-apiserver-kubelet-client"
