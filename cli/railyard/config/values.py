"""Value types for fields whose text ends up somewhere that gives characters a meaning.

A cluster value can land in HCL (backend.hcl), a systemd unit line, a kernel command line,
an iPXE script, a Kubernetes label or an update.conf line. Each type here accepts only what
its destination takes as plain data, so a newline, `${...}` or `%` never reaches it, and the
error names the cluster file's line at load time instead of the rendered file at plan time.
Models annotate fields with these types; nothing else checks destination syntax.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated

from pydantic import AfterValidator, Field

# C0 controls and DEL: a newline or carriage return starts a new line in the destination.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def single_line_problem(text: str) -> str | None:
    """Why `text` cannot be one line of a config file (None when it can)."""
    found = _CONTROL.search(text)
    if found:
        return f"holds a control character (U+{ord(found.group()):04X}): it must be one line"
    return None


def _single_line(text: str) -> str:
    problem = single_line_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def _matching(pattern: str, what: str) -> AfterValidator:
    compiled = re.compile(pattern)

    def check(text: str) -> str:
        _single_line(text)
        if not compiled.fullmatch(text):
            raise ValueError(f"{text!r} is not {what}")
        return text

    return AfterValidator(check)


# One line of plain text (paths, URLs, names that land in a file line or an HCL string).
SingleLine = Annotated[str, Field(max_length=4096), AfterValidator(_single_line)]

LABEL_KEY = r"([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?"
# Kubernetes label keys and values (kubelet --node-labels joins them with = and ,).
LabelKey = Annotated[
    str, _matching(LABEL_KEY, "a Kubernetes label key (prefix/name: letters, digits, . _ -)")
]
LabelValue = Annotated[
    str,
    _matching(
        r"([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?",
        "a Kubernetes label value (at most 63 letters, digits, . _ -)",
    ),
]
Labels = dict[LabelKey, LabelValue]
# key=value:Effect, as kubelet --register-with-taints takes them
Taint = Annotated[
    str,
    _matching(
        r"[A-Za-z0-9./_-]+(=[A-Za-z0-9._-]*)?:(NoSchedule|PreferNoSchedule|NoExecute)",
        "a taint key=value:Effect (Effect: NoSchedule, PreferNoSchedule or NoExecute)",
    ),
]
# One word of a kernel command line (also a word of an iPXE `kernel` line: no ${...}).
KernelArg = Annotated[
    str,
    _matching(
        r"[A-Za-z0-9._,:=/@+-]+",
        "one kernel argument (letters, digits and . _ , : = / @ + -; no spaces or quotes)",
    ),
]
# An OpenSSH public key line: type, base64 key, optional comment; no options, one line.
SshPublicKey = Annotated[
    str,
    _matching(
        r"(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-[a-z0-9@.-]+)"
        r" [A-Za-z0-9+/]+={0,3}( [^\x00-\x1f\x7f]*)?",
        "an OpenSSH public key (ssh-ed25519 AAAA... comment), on one line",
    ),
]
# A key in backend.hcl or one of its maps: an HCL identifier.
HclName = Annotated[
    str, _matching(r"[A-Za-z_][A-Za-z0-9_-]{0,127}", "an HCL name (letters, digits, _ and -)")
]
# AWS tag keys and values (the characters AWS allows on every service).
AwsTagKey = Annotated[
    str, _matching(r"[\w .:/=+@-]{1,128}", "an AWS tag key (1-128 of letters, digits, .:/=+-@_)")
]
AwsTagValue = Annotated[
    str,
    _matching(r"[\w .:/=+@-]{0,256}", "an AWS tag value (up to 256 of letters, digits, .:/=+-@_)"),
]


def _distinct_cidrs(values: list[str]) -> list[str]:
    for value in values:
        try:
            ipaddress.ip_network(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an IPv4 or IPv6 CIDR") from None
    if len(set(values)) != len(values):
        raise ValueError("lists a CIDR twice")
    return values


# Where SSH is open from (a firewall rule's sources): distinct IPv4 or IPv6 CIDRs. Required on
# every cloud: no default opens SSH to the whole internet.
SshCidrs = Annotated[
    list[str],
    AfterValidator(_distinct_cidrs),
    Field(
        description="Where SSH (22) is open from (required; [] closes SSH, 0.0.0.0/0 opens "
        "it to everyone)"
    ),
]
# A DNS domain the API and etcd records go in (each platform says whose zone).
DNS_DOMAIN = r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
