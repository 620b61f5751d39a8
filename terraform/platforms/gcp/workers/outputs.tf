output "nodes" {
  description = "Always empty: a managed instance group's instances are not in terraform's state."
  value       = []
}

output "worker_count" {
  description = "The pool's target size."
  value       = google_compute_region_instance_group_manager.worker.target_size
}

output "instance_group" {
  description = "URL of the pool's regional instance group (for extra load balancer backends)."
  value       = google_compute_region_instance_group_manager.worker.instance_group
}

output "ignition" {
  description = "The pool's Ignition JSON (its instance template's user-data, uncompressed)."
  value       = module.ignition.ignition
  sensitive   = true
}
