output "kubeconfig" {
  description = "Admin kubeconfig (system:masters) for the API endpoint."
  value       = module.bootstrap.kubeconfig_admin
  sensitive   = true
}

output "api_endpoint" {
  description = "URL of the Kubernetes API: https://cluster_name.dns_zone:6443."
  value       = module.bootstrap.api_endpoint
}

output "nodes" {
  description = "The controllers: a list of {role, name, address (internal IPv4), id (instance id)}."
  value = [for index, controller in google_compute_instance.controller : {
    role    = "controller"
    name    = local.controller_names[index]
    address = controller.network_interface[0].network_ip
    id      = controller.instance_id
  }]
}

output "ignition" {
  description = "Each controller's full Ignition JSON (what its bucket object holds), by \"controller-<index>\"."
  value       = { for index, ignition in local.controller_ignition : "controller-${index}" => ignition }
  sensitive   = true
}

output "pending_controller_replacements" {
  description = "Controllers running an older image or Ignition than the configuration's: changes wait for a deliberate replacement (terraform apply -replace)."
  value = [for index, controller in google_compute_instance.controller : local.controller_names[index]
    if local.controller_images[index] != data.google_compute_image.flatcar.name || controller.metadata["user-data"] != local.controller_user_data[index]
  ]
}

output "worker_wiring" {
  description = "Everything a workers module needs from the cluster (pass it whole to workers/)."
  value = {
    region               = var.region
    zones                = local.zones
    image                = data.google_compute_image.flatcar.self_link
    subnetwork           = google_compute_subnetwork.nodes.id
    network_tag          = local.tags.worker
    ingress_addresses    = { for version, address in google_compute_global_address.ingress : lower(version) => address.address }
    ingress_health_check = google_compute_health_check.ingress.self_link
    bootstrap_kubeconfig = module.bootstrap.kubeconfig_kubelet
    cluster_dns_ip       = module.bootstrap.cluster_dns_ip
    cluster_domain       = var.cluster_domain
    container_runtime    = var.container_runtime
    cgroup_driver        = var.cgroup_driver
    kubelet_extra_args   = var.kubelet_extra_args
    kubelet_image        = module.bootstrap.kubelet_image
    kubelet_settings     = var.kubelet_settings
    os_channel           = var.os_channel
    disable_auto_update  = var.disable_auto_update
    reboot_strategy      = var.reboot_strategy
    ssh_authorized_keys  = var.ssh_authorized_keys
    labels               = local.labels
  }
}

output "network" {
  description = "The cluster's network (id), for extra resources and firewall rules."
  value       = google_compute_network.network.id
}

output "subnetwork" {
  description = "The nodes' dual-stack subnetwork (id)."
  value       = google_compute_subnetwork.nodes.id
}

output "network_tags" {
  description = "Network tags by role: {controller, worker}, for extra firewall rules."
  value       = local.tags
}

output "apiserver_addresses" {
  description = "The API load balancer's global addresses: {ipv4, ipv6}."
  value       = { for version, address in google_compute_global_address.apiserver : lower(version) => address.address }
}

output "ingress_addresses" {
  description = "The ingress load balancer's global addresses: {ipv4, ipv6} (80 and 443 reach the pool with ingress = true)."
  value       = { for version, address in google_compute_global_address.ingress : lower(version) => address.address }
}

output "assets_bucket" {
  description = "The private bucket holding the controllers' Ignition."
  value       = google_storage_bucket.assets.name
}
