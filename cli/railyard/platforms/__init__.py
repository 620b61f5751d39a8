"""The platform registry: every platform railyard builds clusters on, one module each.

Each module declares a `Platform` (railyard/platforms/platform.py): its name, cluster-file
model, providers, workspace template, starter, example, HCL module, notices and sandbox
rules. Everything else (the CLI's choices, the cluster file loader, the workspace, the
sandbox, the README's reference) reads `PLATFORMS`. Adding a platform: README.md, "Adding a
platform". Import-light: the CLI imports this at start-up.
"""

from __future__ import annotations

from railyard.errors import RailyardError
from railyard.platforms import aws, azure, bare_metal, gcp, packet
from railyard.platforms.platform import Platform, Provider

PLATFORMS: dict[str, Platform] = {
    platform.name: platform
    for platform in (
        aws.PLATFORM,
        azure.PLATFORM,
        bare_metal.PLATFORM,
        gcp.PLATFORM,
        packet.PLATFORM,
    )
}
NAMES = tuple(PLATFORMS)


def platform(name: str) -> Platform:
    found = PLATFORMS.get(name)
    if found is None:
        raise RailyardError(f"unknown platform {name!r}", hint=f"choose one of: {', '.join(NAMES)}")
    return found


def sandbox_providers() -> dict[str, str]:
    """Every provider any platform uses -> the version the sandbox's stand-in serves."""
    found = {
        provider.source: provider.sandbox_version
        for entry in PLATFORMS.values()
        for provider in entry.providers.values()
    }
    return dict(sorted(found.items()))


__all__ = ["NAMES", "PLATFORMS", "Platform", "Provider", "platform", "sandbox_providers"]
