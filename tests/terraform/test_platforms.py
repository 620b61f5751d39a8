"""Every registered platform (railyard/platforms/) is whole, and what a new user starts from
works: its starter (`railyard init`) and its example render against the real HCL modules
under terraform/ and pass `terraform validate`, providers served by the sandbox's mirror."""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest

from railyard.commands.pipeline import load_snippets
from railyard.config.load import load_cluster
from railyard.config.model import ClusterBase
from railyard.platforms import PLATFORMS
from railyard.sandbox import prepare, schema
from railyard.workspace.render import TEMPLATES, render
from tests.conftest import REPO, scratch_env
from tests.terraform.test_modules import DOCUMENTED, HCL

README = (REPO / "README.md").read_text()


@pytest.mark.parametrize("name", sorted(PLATFORMS))
def test_registered_platform_is_whole(name: str) -> None:
    entry = PLATFORMS[name]
    model = entry.load_model()
    assert issubclass(model, ClusterBase) and entry.section in model.model_fields
    assert (TEMPLATES / entry.template).is_file(), "no workspace template"
    assert resources.files("railyard").joinpath("starters", entry.starter).is_file(), "no starter"
    assert (REPO / "examples" / entry.example).is_file(), "no example"
    for module in (entry.module, f"{entry.module}/workers"):
        assert (HCL / module / "variables.tf").is_file(), f"no module {module}"
        assert module in DOCUMENTED, f"{module}: no README inputs/outputs table"
    for provider in entry.providers.values():
        assert schema.schema_file(provider.source).is_file(), f"no sandbox schema: {provider}"
    assert f"### `platform: {name}`" in README, "no cluster-file reference in README"


@pytest.mark.parametrize(
    "name", sorted(name for name, entry in PLATFORMS.items() if entry.controller_machine)
)
def test_replace_controller_names_a_counted_controller_resource(name: str) -> None:
    """`railyard replace-controller` replaces the resource the registry names: it must be a
    counted resource of the platform's root module (module.cluster.TYPE.NAME[index])."""
    address = PLATFORMS[name].controller_machine.format(index=0)
    prefix, _, resource = address.partition(".cluster.")
    assert prefix == "module" and resource.endswith("[0]"), address
    kind, _, local_name = resource.removesuffix("[0]").partition(".")
    module = HCL / PLATFORMS[name].module
    declared = "".join(path.read_text() for path in sorted(module.glob("*.tf")))
    block = declared.split(f'resource "{kind}" "{local_name}" {{\n', 1)
    assert len(block) == 2, f"{address}: no such resource in {module}"
    count = block[1].lstrip().split("\n", 1)[0]
    assert count.startswith("count =") and "var.controller_count" in count, address
    assert f"**{name}**" in README.split("\n## ", 1)[0], "not in the README's platforms list"


@pytest.mark.slow
@pytest.mark.parametrize("source", ["starter", "example"])
@pytest.mark.parametrize("name", sorted(PLATFORMS))
def test_starter_and_example_validate_against_the_real_modules(
    name: str, source: str, terraform_bin: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RAILYARD_HCL_DIR", raising=False)
    entry = PLATFORMS[name]
    cluster_dir = tmp_path / "cluster"
    if source == "starter":
        cluster_dir.mkdir()
        starter = resources.files("railyard").joinpath("starters", entry.starter).read_text()
        (cluster_dir / "cluster.yaml").write_text(starter)
    else:
        shutil.copytree((REPO / "examples" / entry.example).parent, cluster_dir)
    loaded = load_cluster(cluster_dir / "cluster.yaml")
    workdir = render(loaded, tmp_path / "workspace", load_snippets(loaded), sandbox=True).path
    env = scratch_env(tmp_path / "home", **prepare(workdir / ".sandbox"))
    init = subprocess.run(
        [terraform_bin, f"-chdir={workdir}", "init", "-backend=false", "-input=false"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert init.returncode == 0, init.stdout + init.stderr
    done = subprocess.run(
        [terraform_bin, f"-chdir={workdir}", "validate", "-json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    report = json.loads(done.stdout)
    assert report["valid"] and report["warning_count"] == 0, report["diagnostics"]
