"""The terraform runner: railyard's only door to the terraform (or OpenTofu) binary.

The flow, for a newcomer:

1. `binary.find_terraform()` picks the binary (cluster file setting, `$RAILYARD_TERRAFORM`,
   `terraform`, `tofu` on PATH) and checks `version -json` says >= 1.0.
2. `runner.Terraform(binary, workdir)` runs one terraform command per method, always as an
   argv list with `-chdir=WORKDIR` (never through a shell), in its own process group so
   Ctrl-C reaches railyard first and is forwarded once (terraform then stops cleanly).
3. Commands that speak `-json` (plan, apply, validate) stream events line by line:
   `events.parse_event()` turns each line into a typed event (unknown types are skipped)
   and hands it to the caller's `on_event` callback, e.g. a live progress view.
4. `show -json` output is parsed into `plan.Plan` (a saved plan) or `state.State`.
5. Diagnostics (from `-json` events, or from stderr for commands without `-json`) become
   `diagnostics.TerraformError`, which prints `file:line: summary` and the detail.

Every run leaves its argv, exit code and raw output in `WORKDIR/logs/` (files 0600); the
stdout of commands that print secret values (`show -json`, `output`) is left out, and the
sensitive values in `outputs` events are masked before they are written.

Nothing here imports rich: the views live in `railyard.report`.
"""
