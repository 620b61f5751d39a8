#!/usr/bin/env bash
# Install (if needed) and run the whole test suite, slow end-to-end tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export CHECKPOINT_DISABLE=1
.venv/bin/ruff check cli tests bench
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
