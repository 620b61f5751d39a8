"""Test helpers around the real Ignition tools (Debian's `ignition` package)."""

from __future__ import annotations

import base64
import gzip
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

# Debian installs the ignition binary inside its dracut module, not on PATH.
IGNITION = Path("/usr/lib/dracut/modules.d/30ignition/ignition")


def validate(config: dict[str, Any] | str, tmp_path: Path) -> str:
    """ignition-validate's complaints (errors and warnings); '' when the config is clean."""
    text = config if isinstance(config, str) else json.dumps(config)
    target = tmp_path / "validate.ign"
    target.write_text(text)
    result = subprocess.run(
        ["ignition-validate", str(target)], capture_output=True, text=True, timeout=60
    )
    complaints = (result.stdout + result.stderr).strip()
    if result.returncode != 0 and not complaints:
        complaints = f"ignition-validate exited {result.returncode}"
    return complaints


def read_data_url(resource: dict[str, Any]) -> bytes:
    """The bytes an Ignition resource with a data URL source holds (gunzipped if needed)."""
    source = resource["source"]
    header, _, payload = source.partition(",")
    assert header.startswith("data:"), source
    data = base64.b64decode(payload) if header.endswith(";base64") else unquote_to_bytes(payload)
    if resource.get("compression") == "gzip":
        data = gzip.decompress(data)
    return data


def scratch_root(workdir: Path) -> Path:
    """A root Ignition's files stage can write users into, without touching the host's /.

    useradd --root needs the account databases (copied from the host, plus the `wheel`
    group Flatcar has); Ignition relabels for SELinux, so it needs a config naming a policy
    type and a `setfiles` (a no-op one on PATH: see apply_config).
    """
    root = workdir / "root"
    (root / "etc" / "selinux").mkdir(parents=True)
    for name in ("passwd", "group", "shadow", "gshadow"):
        shutil.copy2(Path("/etc") / name, root / "etc" / name)
    with (root / "etc" / "group").open("a") as group:
        group.write("wheel:x:10:\n")
    with (root / "etc" / "gshadow").open("a") as gshadow:
        gshadow.write("wheel:!::\n")
    (root / "etc" / "selinux" / "config").write_text("SELINUX=disabled\nSELINUXTYPE=targeted\n")
    return root


def apply_config(text: str, workdir: Path) -> Path:
    """Run Ignition's fetch-offline and files stages on `text`; return the scratch root."""
    root = scratch_root(workdir)
    tools = workdir / "bin"
    tools.mkdir()
    setfiles = tools / "setfiles"
    setfiles.write_text("#!/bin/sh\nexit 0\n")
    setfiles.chmod(0o755)
    config = workdir / "config.ign"
    config.write_text(text)
    run = workdir / "run"
    run.mkdir()
    env = {
        "PATH": f"{tools}:/usr/sbin:/usr/bin:/sbin:/bin",
        "IGNITION_CONFIG_FILE": str(config),
        "LANG": "C.UTF-8",
    }
    state = ["-config-cache", str(run / "config.json"), "-state-file", str(run / "state")]
    for stage in ("fetch-offline", "files"):
        argv = [str(IGNITION), "-platform", "file", "-stage", stage, "-root", str(root), *state]
        argv += ["-neednet", str(run / "neednet"), "-log-to-stdout"]
        result = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, f"ignition {stage} failed:\n{result.stdout[-4000:]}"
    return root
