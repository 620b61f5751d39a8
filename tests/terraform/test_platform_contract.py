"""The HCL contract between platform modules (terraform/platforms/<platform>), which the
workspace templates rely on: a variable two platforms both declare is declared the same way
(type, default, validation, description: the whole block), the settings every cluster has
are variables of every platform, and every platform has the outputs the workspace reads,
with `worker_wiring` typed in its workers module."""

from __future__ import annotations

import re

import pytest

from railyard.platforms import PLATFORMS
from tests.terraform.test_modules import HCL, _blocks

# What every cluster file sets (railyard/workspace/tfvars.py passes them to every platform).
SHARED = (
    "cluster_name",
    "os_channel",
    "os_version",
    "ssh_authorized_keys",
    "controller_count",
    "controller_snippets",
    "networking",
    "pod_cidr",
    "service_cidr",
    "cluster_domain",
    "kubernetes_version",
    "kubelet_version",
    "kubelet_settings",
    "container_runtime",
    "cgroup_driver",
    "kubelet_extra_args",
    "disable_auto_update",
    "reboot_strategy",
)
# The platform whose declarations the others are compared with.
REFERENCE = "aws"
# (platform, variable) -> why it differs from the reference's declaration.
EXCEPTIONS = {
    ("azure", "cluster_name"): (
        "aws allows 22 characters (its target group names); azure's resource names allow the "
        "32 of the cluster file"
    ),
    ("azure", "controller_type"): "an Azure VM size (Standard_D2as_v5), not an EC2 instance type",
    ("azure", "disk_size"): "Azure OS disks: 30 GiB (the Flatcar image) to 4095 GiB",
    ("azure", "disk_type"): "Azure managed disk types (Premium_LRS ...), not EBS volume types",
    ("azure", "dns_zone"): "an Azure DNS zone, not a Route53 zone (the description says so)",
    ("azure", "host_cidr"): "a virtual network halved into two subnets, not a VPC (description)",
    ("azure", "tags"): "Azure resource tags, not AWS tags (the description says so)",
    ("bare-metal", "cluster_name"): (
        "aws allows 22 characters (its load balancer target group names are at most 32); "
        "bare-metal's matchbox names allow the 32 of the cluster file"
    ),
    ("bare-metal", "controller_count"): (
        "bare-metal lists its controller machines: controller_count only checks that list "
        "(null: unchecked)"
    ),
    ("gcp", "region"): "a Google Cloud region (europe-west1), not an AWS one",
    ("gcp", "dns_zone"): "a Cloud DNS domain (the zone is named by dns_zone_name), not Route53",
    ("gcp", "controller_type"): "a Compute Engine machine type (e2-standard-2), not EC2",
    ("gcp", "disk_size"): "persistent disks take 10 to 65536 GB, EBS volumes 8 to 16384 GiB",
    ("gcp", "disk_type"): "persistent disk types (pd-balanced, pd-ssd, pd-standard), not EBS",
    ("gcp", "host_cidr"): "a subnetwork may be /8 to /29, a VPC /16 to /24",
    ("packet", "controller_type"): "a device plan (c3.small.x86), not an EC2 instance type",
    ("packet", "tags"): "Equinix Metal device tags are a list of strings, AWS tags a map",
}
# The same for the workers modules; worker_wiring is each platform's own object.
WORKER_EXCEPTIONS = {
    ("bare-metal", "labels"): "bare-metal's workers are listed machines: labels by machine",
    ("bare-metal", "taints"): "bare-metal's workers are listed machines: taints by machine",
    ("bare-metal", "snippets"): "bare-metal's workers are listed machines: snippets by machine",
    ("packet", "name"): "says what the name names: device hostnames, not an autoscaling group",
    ("gcp", "name"): "says what the name names: an instance group, at most 13 characters",
    ("gcp", "disk_size"): "persistent disks take 10 to 65536 GB, EBS volumes 8 to 16384 GiB",
    ("gcp", "disk_type"): "persistent disk types (pd-balanced, pd-ssd, pd-standard), not EBS",
    ("gcp", "ingress"): "global TCP proxies serve the cluster's ingress from one pool only",
    ("azure", "name"): "says what the name names: a scale set, not an autoscaling group",
    ("azure", "instance_type"): "an Azure VM size (Standard_B2s), not an EC2 instance type",
    ("azure", "spot_price"): "Azure also takes -1: pay up to the on-demand price",
    ("azure", "disk_size"): "Azure OS disks: 30 GiB (the Flatcar image) to 4095 GiB",
    ("azure", "disk_type"): "Azure managed disk types (Premium_LRS ...), not EBS volume types",
    ("azure", "ingress"): "joins the load balancer's backend pools, not target groups",
}
OUTPUTS = {
    "kubeconfig",
    "api_endpoint",
    "nodes",
    "ignition",
    "pending_controller_replacements",
    "worker_wiring",
}
WORKER_OUTPUTS = {"nodes", "worker_count", "ignition"}
OTHERS = sorted(name for name in PLATFORMS if name != REFERENCE)


def _variables(module: str) -> dict[str, str]:
    return dict(_blocks(module, "variable"))


def _outputs(module: str) -> dict[str, str]:
    return dict(_blocks(module, "output"))


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_every_platform_takes_the_shared_settings(platform: str) -> None:
    missing = set(SHARED) - set(_variables(PLATFORMS[platform].module))
    assert not missing, f"{platform} lacks {sorted(missing)}"


@pytest.mark.parametrize("workers", [False, True], ids=["cluster", "workers"])
@pytest.mark.parametrize("platform", OTHERS)
def test_shared_variables_are_declared_alike(platform: str, workers: bool) -> None:
    suffix, exceptions = ("/workers", WORKER_EXCEPTIONS) if workers else ("", EXCEPTIONS)
    reference = _variables(PLATFORMS[REFERENCE].module + suffix)
    own = _variables(PLATFORMS[platform].module + suffix)
    shared = set(reference) & set(own) - {"worker_wiring"}
    differing = {name for name in shared if reference[name] != own[name]}
    excepted = {name for (where, name) in exceptions if where == platform}
    assert differing - excepted == set(), f"declared unlike the reference ({REFERENCE}) module"
    # an exception that no longer applies goes
    assert excepted - differing == set(), "listed as exceptions, but declared alike"


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_every_platform_has_the_outputs_the_workspace_reads(platform: str) -> None:
    module = PLATFORMS[platform].module
    assert set(_outputs(module)) >= OUTPUTS
    assert set(_outputs(f"{module}/workers")) >= WORKER_OUTPUTS


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_worker_wiring_is_a_typed_object_of_what_the_cluster_outputs(platform: str) -> None:
    module = PLATFORMS[platform].module
    output = _outputs(module)["worker_wiring"]
    value = output.split("value = {", 1)[1] if "value = {" in output else ""
    given = set(re.findall(r"^\s{4}(\w+)\s+=", value, re.MULTILINE))
    variable = _variables(f"{module}/workers")["worker_wiring"]
    # The object's own attributes (indented 4), not those of objects nested in it.
    kind = re.search(r"type\s*=\s*object\(\{\n(.*?)\n  \}\)", variable, re.DOTALL)
    assert kind, f"{platform}/workers: worker_wiring is not an object({{...}}) type"
    typed = set(re.findall(r"^ {4}(\w+)\s+=", kind.group(1), re.MULTILINE))
    assert given and typed == given


def test_exceptions_name_registered_platforms() -> None:
    assert {where for where, _ in {**EXCEPTIONS, **WORKER_EXCEPTIONS}} <= set(OTHERS)
    assert (HCL / PLATFORMS[REFERENCE].module).is_dir()
