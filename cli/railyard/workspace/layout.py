"""Where things are in a rendered workspace (import-light: the fast path of `railyard plan`
uses it without loading the renderer)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Workspace:
    path: Path
    platform: str
    backend_type: str

    @property
    def plan_file(self) -> Path:
        """The plan `railyard plan` saves, for people and CI to keep."""
        return self.path / "railyard.tfplan"

    def private_plan_file(self, purpose: str) -> Path:
        """A plan file only this process uses (apply, destroy, drift), so two runs on one
        workspace never read each other's plan; terraform's state lock does the rest."""
        return self.path / f"railyard-{purpose}-{os.getpid()}.tfplan"

    @property
    def backend_config(self) -> Path:
        return self.path / "backend.hcl"

    @property
    def sandbox_dir(self) -> Path:
        return self.path / ".sandbox"
