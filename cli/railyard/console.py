"""The two rich consoles: results go to stdout, progress and messages to stderr."""

from __future__ import annotations

from rich.console import Console

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)  # long addresses stay whole
