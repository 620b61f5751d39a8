"""What AWS makes by itself: the default security group every VPC comes with.

AWS creates the group with the VPC (all traffic among its members, all egress) and deletes it
with the VPC. `aws_default_security_group` never makes a group: its create adopts the VPC's
own (its id is the VPC's `default_security_group_id`) and revokes every rule the
configuration does not name; its destroy only forgets the group, rules and all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from railyard.sandbox import store
from railyard.sandbox.generate import ACCOUNT_ID
from railyard.sandbox.lifecycle import Context, Hook

DEFAULT_GROUP = "aws_default_security_group"
# Types whose create adopts an object the cloud made and whose destroy only forgets it.
ADOPTED = store.CLOUD_MADE


def created(sandbox_dir: Path, type_name: str, made: dict[str, Any]) -> None:
    """Store what the cloud makes along with a new object of `type_name`."""
    if type_name == "aws_vpc":
        group_id = str(made["default_security_group_id"])
        store.put(sandbox_dir, DEFAULT_GROUP, group_id, _default_group(group_id, made))


def deleted(sandbox_dir: Path, type_name: str, prior: dict[str, Any]) -> None:
    """Remove what the cloud deletes along with an object of `type_name`."""
    if type_name == "aws_vpc":
        store.remove(sandbox_dir, DEFAULT_GROUP, str(prior.get("default_security_group_id")))


def _default_group(group_id: str, vpc: dict[str, Any]) -> dict[str, Any]:
    everywhere = {"cidr_blocks": ["0.0.0.0/0"]}
    if vpc.get("ipv6_cidr_block"):
        everywhere["ipv6_cidr_blocks"] = ["::/0"]
    return {
        "arn": f"arn:aws:ec2:{vpc.get('region')}:{ACCOUNT_ID}:security-group/{group_id}",
        "description": "default VPC security group",
        "egress": [_all_traffic(**everywhere)],
        "id": group_id,
        "ingress": [_all_traffic(self=True)],
        "name": "default",
        "name_prefix": "",
        "owner_id": ACCOUNT_ID,
        "region": vpc.get("region"),
        "tags_all": {},
        "vpc_id": vpc["id"],
    }


def _all_traffic(**peers: Any) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "cidr_blocks": [],
        "description": "",
        "from_port": 0,
        "ipv6_cidr_blocks": [],
        "prefix_list_ids": [],
        "protocol": "-1",
        "security_groups": [],
        "self": False,
        "to_port": 0,
    }
    rule.update(peers)
    return rule


def _adopt(ctx: Context, planned: dict[str, Any]) -> dict[str, Any]:
    """The VPC's group as the resource takes it over, every rule revoked first (the rules
    the configuration names are planned values, which a hook does not replace)."""
    vpc_id = planned.get("vpc_id")
    vpc = store.get(ctx.sandbox_dir, "aws_vpc", str(vpc_id))
    if vpc is None:  # also a null vpc_id: the sandbox has no account-wide default VPC
        raise LookupError(f"the sandbox holds no aws_vpc {vpc_id!r} whose default group to adopt")
    group_id = str(vpc["default_security_group_id"])
    # a VPC stored by an older railyard has no group stored with it
    group = store.get(ctx.sandbox_dir, DEFAULT_GROUP, group_id) or _default_group(group_id, vpc)
    return {**group, "ingress": [], "egress": []}


HOOKS: dict[str, Hook] = {DEFAULT_GROUP: _adopt}
