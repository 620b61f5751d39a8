"""The stand-in's request handlers, called directly (no gRPC): diagnostics, never crashes."""

from __future__ import annotations

import json
from pathlib import Path

from tf.gen import tfplugin_pb2 as pb

from railyard.sandbox import cty, schema
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
