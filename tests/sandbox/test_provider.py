"""The stand-in's request handlers, called directly (no gRPC): diagnostics, never crashes."""

from __future__ import annotations

import json
from pathlib import Path

from tf.gen import tfplugin_pb2 as pb

from railyard.sandbox import cty, lifecycle, schema, store
from railyard.sandbox.provider import Servicer


def test_unserved_type_is_an_error_diagnostic(tmp_path: Path) -> None:
    servicer = Servicer("hashicorp/aws", tmp_path)
    response = servicer.ValidateResourceConfig(
        pb.ValidateResourceConfig.Request(type_name="aws_dynamodb_table"), None
    )
    [diagnostic] = response.diagnostics
    assert diagnostic.severity == pb.Diagnostic.ERROR
    assert "does not serve the resource type 'aws_dynamodb_table'" in diagnostic.summary
    read = servicer.ReadDataSource(pb.ReadDataSource.Request(type_name="aws_nothing"), None)
    assert "data source type 'aws_nothing'" in read.diagnostics[0].summary


def test_failure_inside_a_request_is_a_diagnostic(tmp_path: Path) -> None:
    servicer = Servicer("hashicorp/tls", tmp_path)
    block = schema.load("hashicorp/tls")["resource_schemas"]["tls_private_key"]["block"]
    ty = cty.block_type(block)
    planned = cty.normalize(ty, {"algorithm": "DSA", "rsa_bits": 2048, "id": cty.UNKNOWN})
    response = servicer.ApplyResourceChange(
        pb.ApplyResourceChange.Request(
            type_name="tls_private_key",
            prior_state=pb.DynamicValue(msgpack=cty.pack(ty, None)),
            planned_state=pb.DynamicValue(msgpack=cty.pack(ty, planned)),
        ),
        None,
    )
    [diagnostic] = response.diagnostics
    assert diagnostic.severity == pb.Diagnostic.ERROR
    assert "RSA, ECDSA or ED25519" in diagnostic.detail


def test_every_schema_converts_to_protocol_messages() -> None:
    for path in sorted(schema.SCHEMA_DIR.glob("*.json")):
        provider = next(iter(json.loads(path.read_text())["provider_schemas"]))
        loaded = schema.load(provider.removeprefix("registry.terraform.io/"))
        for kind in ("resource_schemas", "data_source_schemas"):
            for name, body in loaded[kind].items():
                message = schema.to_pb(pb, body)
                assert message.block.attributes, name
                cty.block_type(body["block"])  # every type is understood


def _aws_vpc(tmp_path: Path) -> tuple[Servicer, object, dict[str, object]]:
    servicer = Servicer("hashicorp/aws", tmp_path)
    ty = cty.block_type(schema.load("hashicorp/aws")["resource_schemas"]["aws_vpc"]["block"])
    vpc = cty.normalize(ty, {"id": "vpc-1", "cidr_block": "10.0.0.0/16", "tags": {"a": "b"}})
    return servicer, ty, vpc


def test_read_returns_what_the_cloud_holds_now(tmp_path: Path) -> None:
    servicer, ty, vpc = _aws_vpc(tmp_path)
    store.put(tmp_path, "aws_vpc", "vpc-1", {**vpc, "tags": {"a": "changed"}})
    request = pb.ReadResource.Request(
        type_name="aws_vpc", current_state=pb.DynamicValue(msgpack=cty.pack(ty, vpc))
    )
    read = cty.unpack(ty, servicer.ReadResource(request, None).new_state.msgpack)
    assert read["tags"] == {"a": "changed"}

    store.delete(tmp_path, "aws_vpc", "vpc-1")
    assert cty.unpack(ty, servicer.ReadResource(request, None).new_state.msgpack) is None


def test_import_finds_objects_by_id(tmp_path: Path) -> None:
    servicer, ty, vpc = _aws_vpc(tmp_path)
    store.put(tmp_path, "aws_vpc", "vpc-1", vpc)
    response = servicer.ImportResourceState(
        pb.ImportResourceState.Request(type_name="aws_vpc", id="vpc-1"), None
    )
    [imported] = response.imported_resources
    assert cty.unpack(ty, imported.state.msgpack) == vpc
    missing = servicer.ImportResourceState(
        pb.ImportResourceState.Request(type_name="aws_vpc", id="vpc-2"), None
    )
    assert "no aws_vpc with id 'vpc-2'" in missing.diagnostics[0].summary


def test_set_order_does_not_force_replacement(tmp_path: Path) -> None:
    # matchbox_profile has no update: every argument forces a new object
    block = {
        "attributes": {
            "id": {"type": "string", "optional": True, "computed": True},
            "initrd": {"type": ["set", "string"], "optional": True},
        }
    }
    ctx = lifecycle.Context(tmp_path, "poseidon/matchbox", "matchbox_profile")
    prior = {"id": "p", "initrd": ["b", "a"]}
    reordered = {"id": "p", "initrd": ["a", "b"]}
    assert lifecycle.plan(ctx, block, prior, reordered, reordered)[1] == []
    changed = {"id": "p", "initrd": ["a", "c"]}
    assert lifecycle.plan(ctx, block, prior, changed, changed)[1] == [["initrd"]]
