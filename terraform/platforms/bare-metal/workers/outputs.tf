output "nodes" {
  description = "Every worker: role, name, address (its domain) and id (its MAC)."
  value       = [for machine in var.machines : { role = "worker", name = machine.name, address = machine.domain, id = machine.mac }]
}

output "worker_count" {
  description = "Number of worker machines."
  value       = length(var.machines)
}
