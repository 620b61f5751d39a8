"""Test helpers around the real Ignition tools (Debian's `ignition` package)."""

from __future__ import annotations

import base64
import gzip
import json
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
