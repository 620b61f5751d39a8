"""The backend settings file for `terraform init -backend-config=backend.hcl`.

Backend blocks cannot read variables, so values go in this file (mode 0600) instead of the
.tf files. Secrets are resolved here from {from_env} / {from_file} references; inline
secrets are refused.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from railyard.config.model import Backend, BackendValue, FromEnv, FromFile
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
        path = base_dir / value.from_file
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise RailyardError(
                f"terraform.backend.config.{key}: cannot read {path}: {error.strerror}",
                where=where,
            ) from None
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
