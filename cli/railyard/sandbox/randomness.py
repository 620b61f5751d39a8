"""The functional hashicorp/random stand-in: real random values from `secrets`."""

from __future__ import annotations

import base64
import secrets
import string
from typing import Any

from railyard.sandbox.lifecycle import Context, Hook

_DEFAULT_SPECIAL = "!@#$%&*()-_=+[]{}<>:?"


def random_id(ctx: Context, obj: dict[str, Any]) -> dict[str, Any]:
    raw = secrets.token_bytes(int(obj["byte_length"]))
    prefix = obj.get("prefix") or ""
    b64_url = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return {
        "id": b64_url,
        "b64_url": prefix + b64_url,
        "b64_std": prefix + base64.b64encode(raw).decode(),
        "hex": prefix + raw.hex(),
        "dec": prefix + str(int.from_bytes(raw, "big")),
    }


def random_string(ctx: Context, obj: dict[str, Any]) -> dict[str, Any]:
    result = _text(obj)
    return {"result": result, "id": result}


def random_password(ctx: Context, obj: dict[str, Any]) -> dict[str, Any]:
    import bcrypt  # only passwords need it

    result = _text(obj)
    # bcrypt reads 72 bytes at most (and bcrypt>=5 refuses more)
    hashed = bcrypt.hashpw(result.encode()[:72], bcrypt.gensalt()).decode()
    return {"result": result, "id": "none", "bcrypt_hash": hashed}


def _text(obj: dict[str, Any]) -> str:
    """A random string honouring length, the character classes and their minimums."""
    classes = {
        "lower": (obj.get("lower"), string.ascii_lowercase, obj.get("min_lower")),
        "upper": (obj.get("upper"), string.ascii_uppercase, obj.get("min_upper")),
        "numeric": (
            obj.get("numeric") and obj.get("number", True),
            string.digits,
            obj.get("min_numeric"),
        ),
        "special": (
            obj.get("special"),
            obj.get("override_special") or _DEFAULT_SPECIAL,
            obj.get("min_special"),
        ),
    }
    length = int(obj["length"])
    chars: list[str] = []
    pool = ""
    for enabled, alphabet, minimum in classes.values():
        if enabled:
            pool += alphabet
        chars += [secrets.choice(alphabet) for _ in range(int(minimum or 0))]
    if not pool:
        raise ValueError("every character class is disabled")
    chars += [secrets.choice(pool) for _ in range(max(length - len(chars), 0))]
    # Shuffle so the guaranteed minimums are not always first.
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


HOOKS: dict[str, Hook] = {
    "random_id": random_id,
    "random_password": random_password,
    "random_string": random_string,
}
