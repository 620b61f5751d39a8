"""The pipeline most commands start with: load the cluster file, load its snippets, render
the workspace, pick the terraform binary (sandboxed or not) and run `terraform init` when the
wiring changed."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rich.markup import escape

from railyard.config.load import LoadedCluster, load_cluster, sandbox_enabled
from railyard.config.model import SnippetPath
from railyard.console import stderr
from railyard.files import write_if_changed
from railyard.platforms import platform
from railyard.terraform.binary import find_terraform
from railyard.terraform.runner import Terraform
from railyard.terraform.state import OutputValue
from railyard.workspace.errored_state import restore_errored_state
from railyard.workspace.layout import Workspace
from railyard.workspace.render import default_workdir, render
from railyard.workspace.repair import check_local_state, init_incomplete

# Files whose change means `terraform init` must run again (providers, backend, module calls).
_INIT_INPUTS = ("main.tf", "versions.tf", "backend.tf", "backend.hcl")
_INIT_MARKER = ".railyard-init"


@dataclass(frozen=True)
class Prepared:
    loaded: LoadedCluster
    workspace: Workspace
    terraform: Terraform
    sandbox: bool


def load_snippets(loaded: LoadedCluster) -> dict[SnippetPath, str]:
    """Each snippet reference in the cluster file, transpiled to Ignition JSON."""
    from railyard import snippets

    found: dict[SnippetPath, str] = {}
    for path, ref in loaded.cluster.snippet_refs():
        # for an inline `|` block, `where` is its indicator's line: the text starts after it
        found[path] = snippets.load(ref, loaded.base_dir, loaded.where(path))
    return found


def render_cluster(
    config: Path, workdir: Path | None, sandbox: bool
) -> tuple[LoadedCluster, Workspace, bool]:
    """Read, check and render; also say whether this run goes to the sandbox."""
    loaded = load_cluster(config)
    notice = platform(loaded.cluster.platform).notice
    if notice:
        _warn_once(notice)
    use_sandbox = sandbox_enabled(loaded.cluster, sandbox)
    workspace = render(
        loaded, workdir or default_workdir(loaded), load_snippets(loaded), sandbox=use_sandbox
    )
    return loaded, workspace, use_sandbox


@functools.cache
def _warn_once(notice: str) -> None:
    """Once per run, even when a command renders twice (`ignition` with a throwaway sandbox)."""
    stderr.print(f"[yellow]warning:[/] {notice}")


def prepare(config: Path, workdir: Path | None, sandbox: bool) -> Prepared:
    """Render, then return a terraform runner for the workspace, initialised."""
    loaded, workspace, use_sandbox = render_cluster(config, workdir, sandbox)
    env: dict[str, str] = {}
    if use_sandbox:
        from railyard import sandbox as sandbox_module

        env = sandbox_module.prepare(workspace.sandbox_dir)
    binary = find_terraform(
        loaded.cluster.terraform.binary, cache=workspace.path / ".railyard-terraform.json"
    )
    # Ctrl-C notices go through rich, so they print cleanly above a live apply view.
    terraform = Terraform(binary=binary, workdir=workspace.path, env=env, notify=stderr.print)
    _init_if_needed(terraform, workspace, use_sandbox)
    local_state = local_state_file(loaded, workspace)
    restore_errored_state(terraform, local_state, lambda text: stderr.print(text, markup=False))
    if local_state is not None:
        _check_state(local_state, workspace, use_sandbox)
    return Prepared(loaded=loaded, workspace=workspace, terraform=terraform, sandbox=use_sandbox)


def _init_if_needed(terraform: Terraform, workspace: Workspace, sandbox: bool) -> None:
    digest = hashlib.sha256(f"{terraform.binary.path}\0sandbox={sandbox}\0".encode())
    for name in _INIT_INPUTS:
        digest.update((workspace.path / name).read_bytes() + b"\0")
    marker = workspace.path / _INIT_MARKER
    wanted = digest.hexdigest().encode()
    if not init_incomplete(workspace.path) and marker.is_file() and marker.read_bytes() == wanted:
        return
    stderr.print("[dim]terraform init ...[/]")
    terraform.init(backend_config=workspace.backend_config)
    write_if_changed(marker, wanted)


def local_state_file(loaded: LoadedCluster, workspace: Workspace) -> Path | None:
    """The state file of a local backend; None for a remote one."""
    backend = loaded.cluster.terraform.backend
    path = backend.config.get("path", "terraform.tfstate")
    if backend.type != "local" or not isinstance(path, str):
        return None
    return workspace.path / path


def _check_state(state_file: Path, workspace: Workspace, sandbox: bool) -> None:
    cloud = None
    if sandbox:
        from railyard.sandbox.store import held_objects

        cloud = held_objects(workspace.sandbox_dir)
    restored = check_local_state(workspace.path, str(state_file), cloud)
    if restored:
        stderr.print(f"[yellow]warning:[/] {escape(restored)}")


PENDING_REPLACEMENTS = "pending_controller_replacements"


def warn_pending_replacements(outputs: Mapping[str, OutputValue]) -> None:
    """Controllers keep their old image and config (etcd lives there): say which ones wait."""
    pending = outputs.get(PENDING_REPLACEMENTS)
    if pending is None or not pending.value:
        return
    names = ", ".join(str(name) for name in pending.value)
    stderr.print(
        f"[yellow]warning:[/] controllers {names} still run an older image or Ignition than "
        "the cluster file asks for: the change waits for a deliberate replacement."
    )
    stderr.print(
        "  Replace them one at a time, letting etcd recover in between: "
        "`railyard replace-controller INDEX` (the number ending the name).",
        markup=False,
    )
