# Root outputs for the aws workspace, proposed for workspace/templates/platforms/aws.tf.j2
# (the e2e tests' stand-in aws platform would need `ignition` and
# `pending_controller_replacements` outputs first). tests/aws adds this file beside main.tf
# until the template has them.
output "ignition" {
  description = "Full Ignition JSON by node: controller-<index>, and worker-<pool> for each pool"
  value       = merge(module.cluster.ignition, { for name, pool in module.workers : "worker-${name}" => pool.ignition })
  sensitive   = true
}

output "pending_controller_replacements" {
  description = "Controllers whose AMI or Ignition changed: they keep the old until replaced on purpose"
  value       = module.cluster.pending_controller_replacements
}
