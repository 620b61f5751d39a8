"""Writing files atomically (temporary file, then rename) with the right mode."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_if_changed(path: Path, content: bytes, mode: int = 0o644) -> None:
    """Write atomically (temp file + rename) unless the file already holds `content`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if path.read_bytes() == content:
            os.chmod(path, mode)
            return
    except FileNotFoundError:
        pass
    descriptor, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        if error.filename is None:  # a failed write (a full disk) names no file: name it
            raise OSError(error.errno, error.strerror, str(path)) from error
        raise
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
