output "nodes" {
  description = "The pool's workers: a list of {role, name, address (public IPv4, where SSH reaches it), id (device UUID)}."
  value = [for index, worker in equinix_metal_device.worker : {
    role    = "worker"
    name    = local.names[index]
    address = worker.access_public_ipv4
    id      = worker.id
  }]
}

output "worker_count" {
  description = "Number of workers in the pool."
  value       = length(equinix_metal_device.worker)
}

output "ignition" {
  description = "The pool's Ignition JSON (every device's user data): the kubelet's bootstrap kubeconfig is left out, it is copied over SSH."
  value       = module.ignition.ignition
  sensitive   = true
}
