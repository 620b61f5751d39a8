"""Render a cluster into a Terraform workspace.

The workspace holds readable .tf files from jinja2 templates (structure only), every value in
terraform.tfvars.json (0600), backend settings in backend.hcl (0600), a snapshot of the HCL
modules it uses under hcl/, and .railyard.json (railyard version and a hash of the inputs).
Rendering is deterministic and never touches terraform's own files (state, .terraform/,
the lock file, logs, plans).
"""

from __future__ import annotations

import hashlib
import json
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from railyard import __version__
from railyard.config.load import LoadedCluster
from railyard.config.model import SnippetPath
from railyard.errors import RailyardError
from railyard.files import write_if_changed
from railyard.paths import hcl_root
from railyard.platforms import Platform, platform
from railyard.workspace.backend import backend_hcl
from railyard.workspace.layout import Workspace
from railyard.workspace.metadata import (
    METADATA_FILE,
    WORKSPACE_FORMAT,
    check_metadata,
    check_workdir,
)
from railyard.workspace.tfvars import POOL_VARIABLES, cluster_tfvars

TEMPLATES = Path(__file__).parent / "templates"
SECRET_MODE = 0o600
SNAPSHOT_DIR = "hcl"
_SKIPPED_IN_SNAPSHOT = {".terraform", "__pycache__", ".terraform.lock.hcl"}


def default_workdir(loaded: LoadedCluster) -> Path:
    return loaded.base_dir / ".railyard" / loaded.cluster.name


def render(
    loaded: LoadedCluster,
    workdir: Path,
    snippets: Mapping[SnippetPath, str],
    *,
    sandbox: bool = False,
) -> Workspace:
    """Write the workspace for `loaded` into `workdir`; return where things are."""
    cluster = loaded.cluster
    check_workdir(workdir)
    check_metadata(workdir)

    entry = platform(cluster.platform)
    tfvars = cluster_tfvars(loaded, snippets, entry, sandbox=sandbox)
    cluster_variables = sorted(name for name in tfvars if name != "worker_pools")
    # The workers module's own arguments, beyond name (each.key) and worker_count (count).
    pool_model = typing.get_args(type(cluster).model_fields["worker_pools"].annotation)[0]
    pool_variables = [
        POOL_VARIABLES.get(name, name)
        for name in pool_model.model_fields
        if name not in ("name", "count")
    ]
    context: dict[str, Any] = {
        "railyard_version": __version__,
        "providers": entry.providers,
        "backend_type": cluster.terraform.backend.type,
        "variables": sorted(tfvars),
        "cluster_variables": cluster_variables,
        "module": entry.module,
        "pool_variables": pool_variables,
        "pool_width": max(len(name) for name in ["worker_count", *pool_variables]),
    }
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # HCL, not HTML; templates hold no user values
    )
    templates = {
        "main.tf": entry.template,
        "versions.tf": "versions.tf.j2",
        "backend.tf": "backend.tf.j2",
        "variables.tf": "variables.tf.j2",
    }
    files = {
        name: environment.get_template(template).render(context).encode()
        for name, template in templates.items()
    }
    secrets = {
        "terraform.tfvars.json": (json.dumps(tfvars, indent=2, sort_keys=True) + "\n").encode(),
        "backend.hcl": backend_hcl(
            cluster.terraform.backend, loaded.base_dir, loaded.where(("terraform", "backend"))
        ).encode(),
    }
    snapshot = _snapshot_files(entry)
    digest = hashlib.sha256()
    for name, content in sorted({**files, **secrets, **snapshot}.items()):
        digest.update(name.encode() + b"\0" + content + b"\0")
    metadata = {
        "railyard_version": __version__,
        "workspace_format": WORKSPACE_FORMAT,
        "cluster_name": cluster.name,
        "platform": cluster.platform,
        "inputs_sha256": digest.hexdigest(),
    }

    workdir.mkdir(parents=True, exist_ok=True, mode=0o700)
    # the marker first: a render cut short still leaves a directory railyard may write again
    write_if_changed(workdir / METADATA_FILE, (json.dumps(metadata, indent=2) + "\n").encode())
    for name, content in files.items():
        write_if_changed(workdir / name, content)
    for name, content in secrets.items():
        write_if_changed(workdir / name, content, SECRET_MODE)
    _write_snapshot(workdir / SNAPSHOT_DIR, snapshot)
    return Workspace(path=workdir, platform=cluster.platform, backend_type=context["backend_type"])


def _snapshot_files(entry: Platform) -> dict[str, bytes]:
    """The shared modules and this platform's module, keyed by path under hcl/."""
    root = hcl_root()
    sources = [root / "modules", root / entry.module]
    if not sources[1].is_dir():
        raise RailyardError(
            f"platform module {entry.name!r} not found: no {root / entry.module}",
            hint="point RAILYARD_HCL_DIR at a terraform/ tree that has it, or unset it",
        )
    found: dict[str, bytes] = {}
    for source in sources:
        if not source.is_dir():
            continue
        for path in sorted(source.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not _SKIPPED_IN_SNAPSHOT.intersection(relative.parts):
                found[relative.as_posix()] = path.read_bytes()
    return found


def _write_snapshot(target: Path, files: dict[str, bytes]) -> None:
    """Make `target` hold exactly `files`: stale files from an older render are removed."""
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            relative = path.relative_to(target).as_posix()
            if path.is_file() and relative not in files:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    for relative, content in files.items():
        write_if_changed(target / relative, content)
