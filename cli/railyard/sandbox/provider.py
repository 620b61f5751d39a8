"""A stand-in provider: terraform plugin protocol 6 over gRPC, driven by a JSON schema.

Run by the launcher scripts in the sandbox mirror as
`python -m railyard.sandbox.provider NAMESPACE/NAME`. Every request is answered from
railyard's schema for that provider and the fake cloud store; a type the schema does not
hold, or a failure inside a request, becomes an error diagnostic, never a crash.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tf.gen import tfplugin_pb2 as pb
from tf.gen import tfplugin_pb2_grpc as rpc

from railyard.sandbox import aws_defaults, cty, generate, lifecycle, schema, store
from railyard.sandbox.lifecycle import Context, Hook

SANDBOX_ENV = "RAILYARD_SANDBOX_DIR"


def _hooks(provider: str) -> dict[str, Hook]:
    """The functional types of a provider (imported only by the provider that needs them)."""
    if provider == "hashicorp/tls":
        from railyard.sandbox import tls

        return tls.HOOKS
    if provider == "hashicorp/random":
        from railyard.sandbox import randomness

        return randomness.HOOKS
    if provider == "hashicorp/aws":
        return aws_defaults.HOOKS
    return {}


def _answers() -> dict[str, Hook]:
    from railyard.sandbox import data

    return data.ANSWERS


class Failure(Exception):
    """A request that cannot be served: becomes an error diagnostic."""


def _diagnose(response: Any) -> Callable[..., Any]:
    """Turn any exception inside a request into an error diagnostic in `response`."""

    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def run(self: Servicer, request: Any, context: Any) -> Any:
            try:
                return method(self, request, context)
            except Failure as failure:
                return response(diagnostics=[_error(str(failure))])
            except Exception as error:
                traceback.print_exc(file=sys.stderr)
                detail = f"{type(error).__name__}: {error}"
                return response(diagnostics=[_error("railyard sandbox provider failed", detail)])

        return run

    return wrap


def _error(summary: str, detail: str = "") -> Any:
    return pb.Diagnostic(severity=pb.Diagnostic.ERROR, summary=summary, detail=detail)


class Servicer(rpc.ProviderServicer):  # type: ignore[misc]
    def __init__(self, provider: str, sandbox_dir: Path):
        self.provider = provider
        self.sandbox_dir = sandbox_dir
        self.schemas = schema.load(provider)
        self.provider_config: dict[str, Any] = {}

    @functools.cached_property
    def hooks(self) -> dict[str, Hook]:
        # loaded at the first apply, not at start-up: tls pulls in `cryptography`
        return _hooks(self.provider)

    @functools.cached_property
    def answers(self) -> dict[str, Hook]:
        return _answers()

    # -- schema lookups --------------------------------------------------------------------

    def _resource(self, type_name: str) -> dict[str, Any]:
        found = self.schemas["resource_schemas"].get(type_name)
        if found is None:
            raise Failure(self._unserved("resource", type_name))
        return found["block"]  # type: ignore[no-any-return]

    def _data_source(self, type_name: str) -> dict[str, Any]:
        found = self.schemas["data_source_schemas"].get(type_name)
        if found is None:
            raise Failure(self._unserved("data source", type_name))
        return found["block"]  # type: ignore[no-any-return]

    def _unserved(self, kind: str, type_name: str) -> str:
        return (
            f"The railyard sandbox does not serve the {kind} type {type_name!r} of "
            f"{self.provider}. It serves: "
            + ", ".join(sorted(self.schemas[f"{kind.replace(' ', '_')}_schemas"]))
        )

    def _context(self, type_name: str) -> Context:
        return Context(self.sandbox_dir, self.provider, type_name, self.provider_config)

    # -- metadata and schema ---------------------------------------------------------------

    def GetMetadata(self, request: Any, context: Any) -> Any:
        return pb.GetMetadata.Response(
            server_capabilities=pb.ServerCapabilities(plan_destroy=True),
            resources=[
                pb.GetMetadata.ResourceMetadata(type_name=n)
                for n in self.schemas["resource_schemas"]
            ],
            data_sources=[
                pb.GetMetadata.DataSourceMetadata(type_name=n)
                for n in self.schemas["data_source_schemas"]
            ],
        )

    def GetProviderSchema(self, request: Any, context: Any) -> Any:
        return pb.GetProviderSchema.Response(
            provider=schema.to_pb(pb, self.schemas["provider"]),
            provider_meta=schema.to_pb(pb, {"block": {}}),
            resource_schemas={
                n: schema.to_pb(pb, s) for n, s in self.schemas["resource_schemas"].items()
            },
            data_source_schemas={
                n: schema.to_pb(pb, s) for n, s in self.schemas["data_source_schemas"].items()
            },
            server_capabilities=pb.ServerCapabilities(plan_destroy=True),
        )

    def GetFunctions(self, request: Any, context: Any) -> Any:
        return pb.GetFunctions.Response()

    # -- validation: terraform itself checks names, types and required arguments -----------

    @_diagnose(pb.ValidateProviderConfig.Response)
    def ValidateProviderConfig(self, request: Any, context: Any) -> Any:
        return pb.ValidateProviderConfig.Response()

    @_diagnose(pb.ValidateResourceConfig.Response)
    def ValidateResourceConfig(self, request: Any, context: Any) -> Any:
        self._resource(request.type_name)
        return pb.ValidateResourceConfig.Response()

    @_diagnose(pb.ValidateDataResourceConfig.Response)
    def ValidateDataResourceConfig(self, request: Any, context: Any) -> Any:
        self._data_source(request.type_name)
        return pb.ValidateDataResourceConfig.Response()

    @_diagnose(pb.ConfigureProvider.Response)
    def ConfigureProvider(self, request: Any, context: Any) -> Any:
        block = self.schemas["provider"].get("block", {})
        self.provider_config = cty.unpack(cty.block_type(block), request.config.msgpack) or {}
        return pb.ConfigureProvider.Response()

    # -- resources ---------------------------------------------------------------------------

    @_diagnose(pb.UpgradeResourceState.Response)
    def UpgradeResourceState(self, request: Any, context: Any) -> Any:
        ty = cty.block_type(self._resource(request.type_name))
        if request.raw_state.json:
            value = cty.normalize(ty, cty.from_state(ty, json.loads(request.raw_state.json)))
        else:
            raise Failure("the railyard sandbox cannot read flatmap (Terraform 0.11) state")
        return pb.UpgradeResourceState.Response(upgraded_state=_dynamic(ty, value))

    @_diagnose(pb.ReadResource.Response)
    def ReadResource(self, request: Any, context: Any) -> Any:
        ty = cty.block_type(self._resource(request.type_name))
        current = cty.unpack(ty, request.current_state.msgpack)
        found = store.get(self.sandbox_dir, request.type_name, _key(request.private, current))
        # What the fake cloud holds now is the truth: a changed object shows as drift,
        # a deleted one as null (terraform then plans to create it again).
        try:
            value = cty.normalize(ty, found) if found is not None else None
        except (AttributeError, TypeError, ValueError) as error:
            raise Failure(
                f"the sandbox's {request.type_name} {_key(request.private, current)!r} holds a "
                f"value that does not fit the schema ({type(error).__name__}: {error})"
            ) from error
        return pb.ReadResource.Response(new_state=_dynamic(ty, value), private=request.private)

    @_diagnose(pb.PlanResourceChange.Response)
    def PlanResourceChange(self, request: Any, context: Any) -> Any:
        block = self._resource(request.type_name)
        ty = cty.block_type(block)
        proposed = cty.unpack(ty, request.proposed_new_state.msgpack)
        if proposed is None:  # destroy: keep the private data, it names the store key
            return pb.PlanResourceChange.Response(
                planned_state=_dynamic(ty, None), planned_private=request.prior_private
            )
        prior = cty.unpack(ty, request.prior_state.msgpack)
        config = cty.unpack(ty, request.config.msgpack) or {}
        planned, replace = lifecycle.plan(
            self._context(request.type_name), block, prior, proposed, config
        )
        return pb.PlanResourceChange.Response(
            planned_state=_dynamic(ty, planned),
            requires_replace=[_path(p) for p in replace],
            planned_private=request.prior_private,
        )

    @_diagnose(pb.ApplyResourceChange.Response)
    def ApplyResourceChange(self, request: Any, context: Any) -> Any:
        type_name = request.type_name
        block = self._resource(type_name)
        ty = cty.block_type(block)
        prior = cty.unpack(ty, request.prior_state.msgpack)
        planned = cty.unpack(ty, request.planned_state.msgpack)
        if planned is None:
            if type_name not in aws_defaults.ADOPTED:  # the cloud's own object stays
                store.remove(self.sandbox_dir, type_name, _key(request.planned_private, prior))
            aws_defaults.deleted(self.sandbox_dir, type_name, prior)
            return pb.ApplyResourceChange.Response(new_state=_dynamic(ty, None))
        ctx = self._context(type_name)
        ctx.serial = store.next_serial(self.sandbox_dir, type_name)
        hook = self.hooks.get(type_name) if prior is None else None
        made = lifecycle.apply(ctx, block, planned, hook, generate.value)
        if not made.get("id"):
            raise Failure(f"the sandbox could not give {type_name} an id")
        if prior is None:
            if type_name in aws_defaults.ADOPTED:  # takes over the cloud's own object
                key = str(made["id"])
                store.put(self.sandbox_dir, type_name, key, made)
            else:
                key = store.add(self.sandbox_dir, type_name, str(made["id"]), made)
            private = store.private_data(key)
            aws_defaults.created(self.sandbox_dir, type_name, made)
        else:
            private = request.planned_private
            store.put(self.sandbox_dir, type_name, _key(private, prior), made)
        return pb.ApplyResourceChange.Response(new_state=_dynamic(ty, made), private=private)

    @_diagnose(pb.ImportResourceState.Response)
    def ImportResourceState(self, request: Any, context: Any) -> Any:
        ty = cty.block_type(self._resource(request.type_name))
        found = store.get(self.sandbox_dir, request.type_name, request.id)
        if found is None:
            raise Failure(f"the sandbox holds no {request.type_name} with id {request.id!r}")
        imported = pb.ImportResourceState.ImportedResource(
            type_name=request.type_name, state=_dynamic(ty, cty.normalize(ty, found))
        )
        return pb.ImportResourceState.Response(imported_resources=[imported])

    @_diagnose(pb.ReadDataSource.Response)
    def ReadDataSource(self, request: Any, context: Any) -> Any:
        type_name = request.type_name
        block = self._data_source(type_name)
        ty = cty.block_type(block)
        config = cty.unpack(ty, request.config.msgpack) or {}
        state = lifecycle.read_data(
            self._context(type_name), block, config, self.answers.get(type_name), generate.value
        )
        return pb.ReadDataSource.Response(state=_dynamic(ty, state))

    def StopProvider(self, request: Any, context: Any) -> Any:
        return pb.StopProvider.Response()


def _key(private: bytes, state: dict[str, Any] | None) -> str:
    """The object's key in the store: kept in the private data, else its id."""
    return store.key_in(private) or str((state or {}).get("id"))


def _dynamic(ty: Any, value: Any) -> Any:
    return pb.DynamicValue(msgpack=cty.pack(ty, value))


def _path(steps: list[str | int]) -> Any:
    return pb.AttributePath(
        steps=[
            pb.AttributePath.Step(attribute_name=s)
            if isinstance(s, str)
            else pb.AttributePath.Step(element_key_int=s)
            for s in steps
        ]
    )


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not schema.schema_file(argv[0]).is_file():
        print("usage: python -m railyard.sandbox.provider NAMESPACE/NAME", file=sys.stderr)
        return 2
    if "PLUGIN_PROTOCOL_VERSIONS" not in os.environ:
        print(
            "This is a railyard sandbox provider: terraform starts it (see `railyard --sandbox`).",
            file=sys.stderr,
        )
        return 1
    import faulthandler

    from railyard.sandbox import plugin

    sandbox_dir = Path(os.environ.get(SANDBOX_ENV, ".sandbox")).resolve()
    # terraform shows a dead provider only as "unexpected EOF": leave a trace of why.
    with (sandbox_dir / "stand-ins.log").open("a") as crash_log:
        faulthandler.enable(file=crash_log)
        try:
            plugin.serve(Servicer(argv[0], sandbox_dir), sandbox_dir)
        except BaseException as error:
            crash_log.write(f"{argv[0]} pid {os.getpid()}: stopped by {error!r}\n")
            raise
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
