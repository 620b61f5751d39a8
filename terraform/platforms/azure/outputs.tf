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
  description = "The controllers: a list of {role, name, address (private IPv4), id (virtual machine resource id)}."
  value = [for index, controller in azurerm_linux_virtual_machine.controller : {
    role    = "controller"
    name    = local.controller_names[index]
    address = controller.private_ip_address
    id      = controller.id
  }]
}

output "ignition" {
  description = "Each controller's full Ignition JSON (its custom data holds the same config, file contents compressed), by \"controller-<index>\"."
  value       = { for index, ignition in local.controller_ignition : "controller-${index}" => ignition }
  sensitive   = true
}

output "pending_controller_replacements" {
  description = "Controllers running an older image or Ignition than the configuration's: changes wait for a deliberate replacement (terraform apply -replace)."
  value = [for index, controller in azurerm_linux_virtual_machine.controller : local.controller_names[index]
    # hashes say nothing about the configs: not secrets
    if controller.source_image_reference[0].version != data.azurerm_platform_image.flatcar.version || nonsensitive(sha512(controller.custom_data)) != nonsensitive(sha512(local.controller_custom_data[index]))
  ]
}

output "worker_wiring" {
  description = "Everything a workers module needs from the cluster (pass it whole to workers/)."
  value = {
    location             = azurerm_resource_group.cluster.location
    resource_group_name  = azurerm_resource_group.cluster.name
    subnet_id            = azurerm_subnet.node["worker"].id
    backend_pool_ids     = { for name, pool in azurerm_lb_backend_address_pool.pool : name => pool.id }
    image                = merge(local.image, { version = data.azurerm_platform_image.flatcar.version })
    admin_ssh_key        = local.admin_ssh_key
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
    tags                 = local.tags
  }
}

output "resource_group_name" {
  description = "The cluster's resource group, for extra resources."
  value       = azurerm_resource_group.cluster.name
}

output "subnet_ids" {
  description = "The subnets by role: {controller, worker}."
  value       = { for role, subnet in azurerm_subnet.node : role => subnet.id }
}

output "security_group_names" {
  description = "Network security groups by role: {controller, worker}, for extra rules (priorities below 2000 or from 2100 to 2999)."
  value       = { for role, group in azurerm_network_security_group.node : role => group.name }
}

output "ingress_addresses" {
  description = "Public IPv4 and IPv6 addresses of the load balancer: {ipv4, ipv6} (80/443 to ingress pools)."
  value       = { for family, address in azurerm_public_ip.frontend : family => address.ip_address }
}
