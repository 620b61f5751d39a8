output "kubeconfig" {
  description = "Admin kubeconfig."
  value       = module.bootstrap.kubeconfig_admin
  sensitive   = true
}

output "api_endpoint" {
  description = "URL of the Kubernetes API (k8s_domain_name, port 6443)."
  value       = module.bootstrap.api_endpoint
}

output "nodes" {
  description = "Every controller: role, name, address (its domain) and id (its MAC)."
  value       = [for machine in var.controllers : { role = "controller", name = machine.name, address = machine.domain, id = machine.mac }]
}

output "ignition" {
  description = "Each controller's Ignition JSON as matchbox serves it, by \"controller-<index>\": without the kubelet's kubeconfig and the controller PKI, which are copied over SSH."
  value       = { for name, machine in local.controllers : "controller-${machine.index}" => module.controller_ignition[name].ignition }
  sensitive   = true
}

output "pending_controller_replacements" {
  description = "Always empty: matchbox serves a changed config at once, and a machine runs it when reinstalled (PXE boot); terraform cannot see what an installed machine runs."
  value       = []
}

output "worker_wiring" {
  description = "What ./workers needs from the cluster, secrets aside (see worker_kubeconfig)."
  value = {
    cluster_name           = var.cluster_name
    kubeconfig_placeholder = local.kubeconfig_placeholder
    matchbox_http_endpoint = var.matchbox_http_endpoint
    os_channel             = var.os_channel
    os_version             = var.os_version
    install_disk           = var.install_disk
    cached_install         = var.cached_install
    kernel_args            = var.kernel_args
    oem_type               = var.oem_type
    ssh_authorized_keys    = var.ssh_authorized_keys
    container_runtime      = var.container_runtime
    cgroup_driver          = var.cgroup_driver
    kubelet_extra_args     = var.kubelet_extra_args
    kubelet_image          = module.bootstrap.kubelet_image
    kubelet_settings       = var.kubelet_settings
    cluster_dns_ip         = module.bootstrap.cluster_dns_ip
    cluster_domain         = var.cluster_domain
    disable_auto_update    = var.disable_auto_update
    reboot_strategy        = var.reboot_strategy
    copy_assets            = var.copy_assets
    ssh_private_key_file   = var.ssh_private_key_file
    ssh_timeout            = var.ssh_timeout
  }
}

output "worker_kubeconfig" {
  description = "The kubelets' TLS bootstrap kubeconfig, for ./workers."
  value       = module.bootstrap.kubeconfig_kubelet
  sensitive   = true
}
