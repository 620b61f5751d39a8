"""What each platform's root workspace needs: providers, and which values are secret."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provider:
    source: str
    version: str


# Constraints match the stand-ins the sandbox serves (railyard.sandbox.PROVIDER_VERSIONS).
_TLS = Provider("hashicorp/tls", ">= 4.0, < 5.0")
_RANDOM = Provider("hashicorp/random", ">= 3.5, < 4.0")
_NULL = Provider("hashicorp/null", ">= 2.1, < 4.0")
_AWS = Provider("hashicorp/aws", ">= 5.0, < 7.0")

PROVIDERS: dict[str, dict[str, Provider]] = {
    "aws": {"aws": _AWS, "null": _NULL, "random": _RANDOM, "tls": _TLS},
    "bare-metal": {
        "matchbox": Provider("poseidon/matchbox", ">= 0.5, < 1.0"),
        "null": _NULL,
        "random": _RANDOM,
        "tls": _TLS,
    },
    "packet": {
        "aws": _AWS,
        "equinix": Provider("equinix/equinix", ">= 1.39, < 2.0"),
        "null": _NULL,
        "random": _RANDOM,
        "tls": _TLS,
    },
}
