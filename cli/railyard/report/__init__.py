"""Views of terraform's results, for people (rich) and machines (JSON, Markdown, JUnit).

Each module takes parsed data from `railyard.terraform` and never runs terraform itself:

- `plan_summary`: planned changes grouped by action and by module; controller deletes
  and replaces called out in red.
- `progress`: the live apply view fed by `apply -json` events, then the outputs.
- `status`: nodes, worker pools, resource counts and outputs from the state.
- `drift`: what a refresh-only plan found changed outside terraform.

Sensitive values are never shown: they print as "(sensitive)".
"""
