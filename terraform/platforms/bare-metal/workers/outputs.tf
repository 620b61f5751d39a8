output "nodes" {
  description = "Every worker: role, name, address (its domain) and id (its MAC)."
  value       = [for machine in var.machines : { role = "worker", name = machine.name, address = machine.domain, id = machine.mac }]
}

output "worker_count" {
  description = "Number of worker machines."
  value       = length(var.machines)
}

output "ignition" {
  description = "Each worker's Ignition JSON as matchbox serves it, by \"worker-<name>\": without the kubelet's kubeconfig, which is copied over SSH."
  value       = { for name, node in module.ignition : "worker-${name}" => node.ignition }
  sensitive   = true
}
