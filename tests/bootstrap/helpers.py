"""Reading what the bootstrap module made: certificates, kubeconfigs, manifests, files."""

from __future__ import annotations

import base64
from typing import Any

import yaml
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

PKI = "/etc/kubernetes/pki"


def certificate(pem: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem.encode())


def private_key(pem: str) -> PrivateKeyTypes:
    return serialization.load_pem_private_key(pem.encode(), password=None)


def public_der(key: Any) -> bytes:
    return bytes(
        key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )


def kubeconfig_ca(kubeconfig: dict[str, Any]) -> x509.Certificate:
    cluster = kubeconfig["clusters"][0]["cluster"]
    return x509.load_pem_x509_certificate(base64.b64decode(cluster["certificate-authority-data"]))


def controller_file(outputs: dict[str, Any], index: int, path: str) -> dict[str, Any]:
    """The {path, mode, contents} entry for `path` in controller `index`'s files."""
    matches = [f for f in outputs["controller_files"][index] if f["path"] == path]
    assert len(matches) == 1, f"{path}: {len(matches)} entries for controller {index}"
    return dict(matches[0])


MANIFEST_DIRS = ("/etc/kubernetes/manifests/", "/opt/bootstrap/assets/")


def documents(outputs: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Manifest path -> its YAML documents (static pods and add-ons)."""
    return {
        path: [doc for doc in yaml.safe_load_all(text) if doc is not None]
        for path, text in outputs["assets"].items()
        if path.startswith(MANIFEST_DIRS) and path.endswith(".yaml")
    }


def find(outputs: dict[str, Any], kind: str, name: str) -> dict[str, Any]:
    """The one manifest document of this kind and name."""
    found = [
        doc
        for docs in documents(outputs).values()
        for doc in docs
        if doc["kind"] == kind and doc["metadata"]["name"] == name
    ]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} documents"
    return found[0]
