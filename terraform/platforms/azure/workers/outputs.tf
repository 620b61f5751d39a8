output "nodes" {
  description = "Always empty: a scale set's instances are not in terraform's state."
  value       = []
}

output "worker_count" {
  description = "The pool's size."
  value       = azurerm_orchestrated_virtual_machine_scale_set.worker.instances
}

output "scale_set" {
  description = "Name of the pool's scale set."
  value       = azurerm_orchestrated_virtual_machine_scale_set.worker.name
}

output "ignition" {
  description = "The pool's Ignition JSON (its custom data holds the same config, file contents compressed)."
  value       = module.ignition.ignition
  sensitive   = true
}
