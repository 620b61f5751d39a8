"""What a platform declares: plain data, no pydantic or jinja2 (the CLI imports it at
start-up)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from railyard.config.model import ClusterBase

# Force-new rules: the arguments whose change replaces an object (from the provider's
# documentation), or EVERY_ARGUMENT when the type has no update at all.
EVERY_ARGUMENT = "*"
ForceNew = Mapping[str, "frozenset[str] | str"]


@dataclass(frozen=True)
class Provider:
    source: str  # registry address, e.g. hashicorp/aws
    version: str  # the constraint rendered workspaces pin
    sandbox_version: str  # the release whose schema the sandbox's stand-in serves


@dataclass(frozen=True)
class Platform:
    name: str  # the cluster file's `platform:` value
    model: str  # "module:Class" of its cluster-file model, imported on demand
    section: str  # the cluster file's key holding the platform's own settings
    providers: Mapping[str, Provider]  # local name in the workspace -> provider
    template: str  # under workspace/templates/: main.tf of its workspaces
    starter: str  # under railyard/starters/: what `railyard init` writes
    example: str  # under the repository's examples/: a complete cluster file
    module: str  # under terraform/: the root module (workers/ beside it adds a pool)
    notice: str = ""  # said once per run (deprecations)
    # Address of controller {index}'s machine, which `railyard replace-controller` replaces;
    # empty where machines are reinstalled by hand (bare-metal).
    controller_machine: str = ""
    # Values that replace the section's in the sandbox (no real machines to reach there).
    sandbox_tfvars: Mapping[str, Any] = field(default_factory=dict)
    # The sandbox's force-new rules for the resource types of this platform's providers.
    sandbox_force_new: ForceNew = field(default_factory=dict)

    def load_model(self) -> type[ClusterBase]:
        module_name, _, class_name = self.model.partition(":")
        found: type[ClusterBase] = getattr(importlib.import_module(module_name), class_name)
        return found
