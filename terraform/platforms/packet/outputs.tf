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
  description = "The controllers: a list of {role, name, address (public IPv4, where SSH reaches it), id (device UUID)}."
  value = [for index, controller in equinix_metal_device.controller : {
    role    = "controller"
    name    = local.controller_names[index]
    address = controller.access_public_ipv4
    id      = controller.id
  }]
}

output "ignition" {
  description = "Each controller's Ignition JSON (its user data), by \"controller-<index>\": the PKI and kubeconfigs are left out, they are copied over SSH."
  value       = { for index, ignition in local.controller_ignition : "controller-${index}" => ignition }
  sensitive   = true
}

output "pending_controller_replacements" {
  description = "Controllers running an older operating system or Ignition than the configuration's: changes wait for a deliberate replacement (terraform apply -replace)."
  value = [for index, controller in equinix_metal_device.controller : local.controller_names[index]
    if controller.operating_system != local.operating_system || nonsensitive(controller.user_data != local.controller_ignition[index])
  ]
}

output "worker_wiring" {
  description = "Everything a workers module needs from the cluster (pass it whole to workers/)."
  value = {
    project_id             = var.project_id
    metro                  = var.metro
    arch                   = var.arch
    os_channel             = var.os_channel
    tags                   = local.tags
    kubeconfig_placeholder = local.kubeconfig_placeholder
    bootstrap_kubeconfig   = module.bootstrap.kubeconfig_kubelet
    cluster_dns_ip         = module.bootstrap.cluster_dns_ip
    cluster_domain         = var.cluster_domain
    container_runtime      = var.container_runtime
    cgroup_driver          = var.cgroup_driver
    kubelet_extra_args     = var.kubelet_extra_args
    kubelet_image          = module.bootstrap.kubelet_image
    kubelet_settings       = var.kubelet_settings
    disable_auto_update    = var.disable_auto_update
    reboot_strategy        = var.reboot_strategy
    ssh_authorized_keys    = var.ssh_authorized_keys
    copy_assets            = var.copy_assets
    ssh_private_key_file   = var.ssh_private_key_file
    ssh_timeout            = var.ssh_timeout
  }
}
