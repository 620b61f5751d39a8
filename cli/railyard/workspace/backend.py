"""The backend settings file for `terraform init -backend-config=backend.hcl`.

Backend blocks cannot read variables, so values go in this file (mode 0600) instead of the
.tf files. Secrets are resolved here from {from_env} / {from_file} references; inline
secrets are refused. Keys are HCL names (checked at load, config/values.py) and values are
HCL string literals, so nothing in the cluster file adds a line or an expression here.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from railyard.config.model import Backend, BackendValue, FromEnv, FromFile
from railyard.config.reading import SECRET_FILE_LIMIT, read_text, resolve_inside
from railyard.errors import RailyardError

_SECRET_KEY = re.compile(r"password|secret|token|conn_str|access_key|private", re.IGNORECASE)


def backend_hcl(backend: Backend, base_dir: Path, where: str) -> str:
    config = dict(backend.config)
    if backend.type == "local":
        config.setdefault("path", "terraform.tfstate")
    lines = []
    for key in sorted(config):
        value = config[key]
        if not isinstance(value, FromEnv | FromFile) and _SECRET_KEY.search(key):
            raise RailyardError(
                f"terraform.backend.config.{key} looks like a secret and is written inline",
                where=where,
                hint=f"use `{key}: {{from_env: VARIABLE}}` or `{key}: {{from_file: PATH}}`",
            )
        lines.append(f"{key} = {_hcl(_resolve(key, value, base_dir, where))}")
    return "\n".join(lines) + "\n"


def _resolve(
    key: str, value: BackendValue, base_dir: Path, where: str
) -> str | int | bool | list[str] | dict[str, str]:
    if isinstance(value, FromEnv):
        if value.from_env not in os.environ:
            raise RailyardError(
                f"terraform.backend.config.{key} reads ${value.from_env}, which is not set",
                where=where,
                hint=f"export {value.from_env}=... before running railyard",
            )
        return os.environ[value.from_env]
    if isinstance(value, FromFile):
        what = f"terraform.backend.config.{key} file"
        path = resolve_inside(value.from_file, base_dir, what=what, where=where)
        return read_text(path, limit=SECRET_FILE_LIMIT, what=what, where=where).strip()
    return value


def _hcl(value: str | int | bool | list[str] | dict[str, str]) -> str:
    """An HCL literal: JSON strings are HCL strings once template sequences are escaped."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_hcl(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_hcl(v)}" for k, v in sorted(value.items())) + " }"
    return json.dumps(value).replace("${", "$${").replace("%{", "%%{")
