output "nodes" {
  description = "Always empty: an autoscaling group's instances are not in terraform's state."
  value       = []
}

output "worker_count" {
  description = "The pool's desired size."
  value       = aws_autoscaling_group.worker.desired_capacity
}

output "autoscaling_group" {
  description = "Name of the pool's autoscaling group."
  value       = aws_autoscaling_group.worker.name
}

output "ignition" {
  description = "The pool's Ignition JSON (its launch template's user data, uncompressed)."
  value       = module.ignition.ignition
  sensitive   = true
}
