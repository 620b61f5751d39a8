# Controllers: etcd members and the control plane, spread over an availability set, each
# with a public IPv4 and IPv6 address (SSH from ssh_cidrs, and their way out) and their
# full Ignition as custom data (see "Secrets without SSH" in README.md).
locals {
  # Flatcar on the Azure Marketplace (publisher kinvolk): amd64 as generation 2 images of
  # the free offer, which has a plan to accept; arm64 in the corevm offer, without one.
  image = {
    publisher = "kinvolk"
    offer     = var.arch == "arm64" ? "flatcar-container-linux-corevm" : "flatcar-container-linux-free"
    sku       = var.arch == "arm64" ? var.os_channel : "${var.os_channel}-gen2"
    plan      = var.arch != "arm64"
  }
  controller_names = [for index in range(var.controller_count) : "${var.cluster_name}-controller-${index}"]
  # Azure takes custom data base64-encoded, at most 64 KiB before encoding: the compact
  # config (file contents gzip-compressed) is used.
  controller_ignition    = module.controller_ignition[*].ignition
  controller_custom_data = [for ignition in module.controller_ignition[*].ignition_compact : base64encode(ignition)]
  # Azure requires an SSH key for the admin user; Ignition installs all of them for core.
  admin_ssh_key = var.ssh_authorized_keys[0]
}

# The image version of the channel (the newest, or os_version): a new one waits for a
# deliberate controller replacement (see the pending_controller_replacements output).
data "azurerm_platform_image" "flatcar" {
  location  = var.location
  publisher = local.image.publisher
  offer     = local.image.offer
  sku       = local.image.sku
  version   = var.os_version == "current" ? null : var.os_version
}

module "controller_ignition" {
  source = "../../modules/flatcar-node"
  count  = var.controller_count

  role                 = "controller"
  ssh_authorized_keys  = var.ssh_authorized_keys
  bootstrap_kubeconfig = module.bootstrap.kubeconfig_kubelet
  cluster_dns_ip       = module.bootstrap.cluster_dns_ip
  cluster_domain       = var.cluster_domain
  container_runtime    = var.container_runtime
  cgroup_driver        = var.cgroup_driver
  kubelet_extra_args   = var.kubelet_extra_args
  kubelet_image        = module.bootstrap.kubelet_image
  max_pods             = var.kubelet_settings.max_pods
  kube_reserved        = var.kubelet_settings.kube_reserved
  system_reserved      = var.kubelet_settings.system_reserved
  eviction_hard        = var.kubelet_settings.eviction_hard
  kubelet_mounts       = var.kubelet_settings.kubelet_mounts
  cni_conf_dir         = var.kubelet_settings.cni_conf_dir
  pod_manifest_path    = var.kubelet_settings.pod_manifest_path
  volume_plugin_dir    = var.kubelet_settings.volume_plugin_dir
  os_channel           = var.os_channel
  disable_auto_update  = var.disable_auto_update
  reboot_strategy      = var.reboot_strategy
  node_labels = {
    "topology.kubernetes.io/region" = var.location
  }
  files    = module.bootstrap.controller_files[count.index]
  units    = module.bootstrap.controller_units[count.index]
  snippets = var.controller_snippets
}

resource "azurerm_availability_set" "controllers" {
  name                         = "${var.cluster_name}-controllers"
  resource_group_name          = azurerm_resource_group.cluster.name
  location                     = azurerm_resource_group.cluster.location
  platform_fault_domain_count  = 2
  platform_update_domain_count = 4
  managed                      = true

  tags = local.tags
}

resource "azurerm_public_ip" "controller" {
  for_each = { for pair in setproduct(range(var.controller_count), local.families) : "${pair[0]}-${pair[1]}" => pair }

  name                = "${local.controller_names[each.value[0]]}-${each.value[1]}"
  resource_group_name = azurerm_resource_group.cluster.name
  location            = azurerm_resource_group.cluster.location
  ip_version          = each.value[1] == "ipv4" ? "IPv4" : "IPv6"
  sku                 = "Standard"
  allocation_method   = "Static"

  tags = local.tags
}

resource "azurerm_network_interface" "controller" {
  count = var.controller_count

  name                = local.controller_names[count.index]
  resource_group_name = azurerm_resource_group.cluster.name
  location            = azurerm_resource_group.cluster.location

  dynamic "ip_configuration" {
    for_each = local.families

    content {
      name                          = ip_configuration.value
      primary                       = ip_configuration.value == "ipv4"
      subnet_id                     = azurerm_subnet.node["controller"].id
      private_ip_address_allocation = "Dynamic"
      private_ip_address_version    = ip_configuration.value == "ipv4" ? "IPv4" : "IPv6"
      public_ip_address_id          = azurerm_public_ip.controller["${count.index}-${ip_configuration.value}"].id
    }
  }

  tags = local.tags
}

resource "azurerm_network_interface_backend_address_pool_association" "controller" {
  for_each = { for pair in setproduct(range(var.controller_count), local.families) : "${pair[0]}-${pair[1]}" => pair }

  network_interface_id    = azurerm_network_interface.controller[each.value[0]].id
  ip_configuration_name   = each.value[1]
  backend_address_pool_id = azurerm_lb_backend_address_pool.pool["controller-${each.value[1]}"].id
}

resource "azurerm_linux_virtual_machine" "controller" {
  count = var.controller_count

  name                  = local.controller_names[count.index]
  resource_group_name   = azurerm_resource_group.cluster.name
  location              = azurerm_resource_group.cluster.location
  availability_set_id   = azurerm_availability_set.controllers.id
  size                  = var.controller_type
  network_interface_ids = [azurerm_network_interface.controller[count.index].id]
  custom_data           = local.controller_custom_data[count.index]
  # Flatcar runs no Azure VM agent extensions: nothing may install one on a controller.
  allow_extension_operations = false

  admin_username = "core"
  admin_ssh_key {
    username   = "core"
    public_key = local.admin_ssh_key
  }

  os_disk {
    name                 = local.controller_names[count.index]
    storage_account_type = var.disk_type
    disk_size_gb         = var.disk_size
    caching              = "None" # etcd writes synchronously
  }

  source_image_reference {
    publisher = local.image.publisher
    offer     = local.image.offer
    sku       = local.image.sku
    version   = data.azurerm_platform_image.flatcar.version
  }

  dynamic "plan" {
    for_each = local.image.plan ? [local.image] : []

    content {
      publisher = plan.value.publisher
      product   = plan.value.offer
      name      = plan.value.sku
    }
  }

  # the serial log, in storage Azure manages
  boot_diagnostics {}

  tags = local.tags

  # etcd lives on the controllers: a new image or Ignition waits for a deliberate
  # replacement (see the pending_controller_replacements output).
  lifecycle {
    ignore_changes = [source_image_reference, custom_data]
  }
}
