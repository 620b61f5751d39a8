"""The functional hashicorp/tls stand-in: real keys, certificate requests and certificates."""

from __future__ import annotations

import base64
import datetime
import hashlib
import ipaddress
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from railyard.sandbox.lifecycle import Context, Hook

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey

_CURVES: dict[str, type[ec.EllipticCurve]] = {
    "P224": ec.SECP224R1,
    "P256": ec.SECP256R1,
    "P384": ec.SECP384R1,
    "P521": ec.SECP521R1,
}
_SUBJECT_FIELDS = {
    "common_name": NameOID.COMMON_NAME,
    "organization": NameOID.ORGANIZATION_NAME,
    "organizational_unit": NameOID.ORGANIZATIONAL_UNIT_NAME,
    "street_address": NameOID.STREET_ADDRESS,
    "locality": NameOID.LOCALITY_NAME,
    "province": NameOID.STATE_OR_PROVINCE_NAME,
    "country": NameOID.COUNTRY_NAME,
    "postal_code": NameOID.POSTAL_CODE,
    "serial_number": NameOID.SERIAL_NUMBER,
}
_EXTENDED_USES = {
    "server_auth": ExtendedKeyUsageOID.SERVER_AUTH,
    "client_auth": ExtendedKeyUsageOID.CLIENT_AUTH,
    "code_signing": ExtendedKeyUsageOID.CODE_SIGNING,
    "email_protection": ExtendedKeyUsageOID.EMAIL_PROTECTION,
    "timestamping": ExtendedKeyUsageOID.TIME_STAMPING,
    "ocsp_signing": ExtendedKeyUsageOID.OCSP_SIGNING,
    "any_extended": ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE,
}
_KEY_USES = {
    "digital_signature",
    "content_commitment",
    "key_encipherment",
    "data_encipherment",
    "key_agreement",
    "cert_signing",
    "crl_signing",
    "encipher_only",
    "decipher_only",
}


def private_key(ctx: Context, obj: dict[str, Any]) -> dict[str, Any]:
    algorithm = obj["algorithm"]
    key: PrivateKey
    if algorithm == "RSA":
        key = rsa.generate_private_key(public_exponent=65537, key_size=int(obj["rsa_bits"]))
    elif algorithm == "ECDSA":
        key = ec.generate_private_key(_CURVES[obj["ecdsa_curve"]]())
    elif algorithm == "ED25519":
        key = ed25519.Ed25519PrivateKey.generate()
    else:
        raise ValueError(f"algorithm must be RSA, ECDSA or ED25519, not {algorithm!r}")
    public = key.public_key()
    public_der = public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    traditional = serialization.PrivateFormat.TraditionalOpenSSL
    if algorithm == "ED25519":
        traditional = serialization.PrivateFormat.PKCS8
    openssh_public = _text(
        public.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    )
    ssh_blob = base64.b64decode(openssh_public.split()[1])
    return {
        "id": hashlib.sha1(public_der).hexdigest(),
        "private_key_pem": _private_pem(key, traditional),
        "private_key_pem_pkcs8": _private_pem(key, serialization.PrivateFormat.PKCS8),
        "private_key_openssh": _text(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.OpenSSH,
                serialization.NoEncryption(),
            )
        ),
        "public_key_pem": _text(
            public.public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        ),
        "public_key_openssh": openssh_public + "\n",
        "public_key_fingerprint_md5": ":".join(
            f"{b:02x}" for b in hashlib.md5(ssh_blob, usedforsecurity=False).digest()
        ),
        "public_key_fingerprint_sha256": "SHA256:"
        + base64.b64encode(hashlib.sha256(ssh_blob).digest()).decode().rstrip("="),
    }


def cert_request(ctx: Context, obj: dict[str, Any]) -> dict[str, Any]:
    key = _load_key(obj["private_key_pem"])
    builder = x509.CertificateSigningRequestBuilder().subject_name(_subject(obj))
    names = _alt_names(obj)
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    request = builder.sign(key, _digest(key))
    pem = _text(request.public_bytes(serialization.Encoding.PEM))
    return {
        "cert_request_pem": pem,
        "key_algorithm": _algorithm(key),
        "id": hashlib.sha1(pem.encode()).hexdigest(),
    }


def self_signed_cert(ctx: Context, obj: dict[str, Any]) -> dict[str, Any]:
    key = _load_key(obj["private_key_pem"])
    subject = _subject(obj)
    return _certificate(obj, subject, _alt_names(obj), key.public_key(), key, subject, None)


def locally_signed_cert(ctx: Context, obj: dict[str, Any]) -> dict[str, Any]:
    request = x509.load_pem_x509_csr(obj["cert_request_pem"].encode())
    ca_key = _load_key(obj["ca_private_key_pem"])
    ca_cert = x509.load_pem_x509_certificate(obj["ca_cert_pem"].encode())
    try:
        names = list(request.extensions.get_extension_for_class(x509.SubjectAlternativeName).value)
    except x509.ExtensionNotFound:
        names = []
    public = request.public_key()
    result = _certificate(obj, request.subject, names, public, ca_key, ca_cert.subject, ca_cert)
    result["ca_key_algorithm"] = _algorithm(ca_key)
    del result["key_algorithm"]
    return result


def _certificate(
    obj: dict[str, Any],
    subject: x509.Name,
    names: list[x509.GeneralName],
    public: Any,
    signer: PrivateKey,
    issuer: x509.Name,
    issuer_cert: x509.Certificate | None,
) -> dict[str, Any]:
    start = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    end = start + datetime.timedelta(hours=int(obj["validity_period_hours"]))
    serial = x509.random_serial_number()
    uses = set(obj.get("allowed_uses") or [])
    is_ca = bool(obj.get("is_ca_certificate"))
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public)
        .serial_number(serial)
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
    )
    if uses & _KEY_USES:
        builder = builder.add_extension(_key_usage(uses), critical=True)
    extended = [_EXTENDED_USES[u] for u in sorted(uses) if u in _EXTENDED_USES]
    if extended:
        builder = builder.add_extension(x509.ExtendedKeyUsage(extended), critical=False)
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    if obj.get("set_subject_key_id") or is_ca:
        builder = builder.add_extension(
            x509.SubjectKeyIdentifier.from_public_key(public), critical=False
        )
    if issuer_cert is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_cert.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
    elif obj.get("set_authority_key_id"):
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False
        )
    certificate = builder.sign(signer, _digest(signer))
    return {
        "cert_pem": _text(certificate.public_bytes(serialization.Encoding.PEM)),
        "key_algorithm": _algorithm(signer),
        "validity_start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "validity_end_time": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "ready_for_renewal": False,
        "id": str(serial),
    }


def _key_usage(uses: set[str]) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature="digital_signature" in uses,
        content_commitment="content_commitment" in uses,
        key_encipherment="key_encipherment" in uses,
        data_encipherment="data_encipherment" in uses,
        key_agreement="key_agreement" in uses,
        key_cert_sign="cert_signing" in uses,
        crl_sign="crl_signing" in uses,
        encipher_only="encipher_only" in uses,
        decipher_only="decipher_only" in uses,
    )


def _subject(obj: dict[str, Any]) -> x509.Name:
    blocks = obj.get("subject") or []
    fields = blocks[0] if blocks else {}
    attributes = []
    for name, oid in _SUBJECT_FIELDS.items():
        values = fields.get(name)
        for value in values if isinstance(values, list) else [values]:
            if value:
                attributes.append(x509.NameAttribute(oid, value))
    return x509.Name(attributes)


def _alt_names(obj: dict[str, Any]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = [x509.DNSName(n) for n in obj.get("dns_names") or []]
    names += [x509.IPAddress(ipaddress.ip_address(a)) for a in obj.get("ip_addresses") or []]
    names += [x509.UniformResourceIdentifier(u) for u in obj.get("uris") or []]
    return names


def _load_key(pem: str) -> PrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(
        key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
    ):
        raise ValueError("unsupported private key type")
    return key


def _digest(key: PrivateKey) -> hashes.SHA256 | None:
    return None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()


def _algorithm(key: PrivateKey) -> str:
    if isinstance(key, rsa.RSAPrivateKey):
        return "RSA"
    return "ECDSA" if isinstance(key, ec.EllipticCurvePrivateKey) else "ED25519"


def _private_pem(key: PrivateKey, form: serialization.PrivateFormat) -> str:
    return _text(key.private_bytes(serialization.Encoding.PEM, form, serialization.NoEncryption()))


def _text(data: bytes) -> str:
    return data.decode()


HOOKS: dict[str, Hook] = {
    "tls_cert_request": cert_request,
    "tls_locally_signed_cert": locally_signed_cert,
    "tls_private_key": private_key,
    "tls_self_signed_cert": self_signed_cert,
}
