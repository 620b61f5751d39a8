"""Per-type behaviour the schema format cannot say: which changes force a new object, and
the defaults a provider plans for optional arguments left out."""

from __future__ import annotations

from typing import Any

from railyard.platforms import PLATFORMS
from railyard.platforms.platform import EVERY_ARGUMENT

# Arguments whose change replaces the object, from the providers' documentation: each
# platform declares its own providers' types; the shared modules' providers are here.
# EVERY_ARGUMENT: the type has no update at all (every argument and block forces new).
FORCE_NEW: dict[str, frozenset[str] | str] = {
    "null_resource": EVERY_ARGUMENT,
    "random_id": EVERY_ARGUMENT,
    "random_password": EVERY_ARGUMENT,
    "random_string": EVERY_ARGUMENT,
    "tls_cert_request": EVERY_ARGUMENT,
    "tls_locally_signed_cert": EVERY_ARGUMENT,
    "tls_private_key": EVERY_ARGUMENT,
    "tls_self_signed_cert": EVERY_ARGUMENT,
}
for _platform in PLATFORMS.values():
    FORCE_NEW.update(_platform.sandbox_force_new)

_RANDOM_TEXT_DEFAULTS: dict[str, Any] = {
    "lower": True,
    "min_lower": 0,
    "min_numeric": 0,
    "min_special": 0,
    "min_upper": 0,
    "number": True,
    "numeric": True,
    "special": True,
    "upper": True,
}
_CERT_DEFAULTS: dict[str, Any] = {
    "early_renewal_hours": 0,
    "is_ca_certificate": False,
    "set_subject_key_id": False,
}

# Defaults planned for optional+computed arguments left out of the configuration.
PLAN_DEFAULTS: dict[str, dict[str, Any]] = {
    "random_password": _RANDOM_TEXT_DEFAULTS,
    "random_string": _RANDOM_TEXT_DEFAULTS,
    "tls_locally_signed_cert": _CERT_DEFAULTS,
    "tls_private_key": {"ecdsa_curve": "P224", "rsa_bits": 2048},
    "tls_self_signed_cert": {**_CERT_DEFAULTS, "set_authority_key_id": False},
}


def force_new(type_name: str, block: dict[str, Any]) -> set[str]:
    """Names of the top-level attributes and blocks whose change replaces the object."""
    listed = FORCE_NEW.get(type_name, frozenset())
    if listed != EVERY_ARGUMENT:
        return set(listed)
    arguments = {
        name
        for name, attr in block.get("attributes", {}).items()
        if attr.get("required") or attr.get("optional")
    }
    return arguments | set(block.get("block_types", {}))


def plan_defaults(type_name: str) -> dict[str, Any]:
    return PLAN_DEFAULTS.get(type_name, {})
