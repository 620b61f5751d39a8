# A worker pool: an orchestrated virtual machine scale set that replaces instances
# (rolling, 20 % at a time) when its configuration changes.
locals {
  wiring = var.worker_wiring
  image  = local.wiring.image
  name   = "${var.cluster_name}-${var.name}"
  # every pool's nodes reach the internet through the outbound pools; ingress pools also
  # take 80/443 from the load balancer
  pools = {
    for family in ["ipv4", "ipv6"] : family => concat(
      [local.wiring.backend_pool_ids["worker-${family}"]],
      var.ingress ? [local.wiring.backend_pool_ids["ingress-${family}"]] : [],
    )
  }
}

module "ignition" {
  source = "../../../modules/flatcar-node"

  role                 = "worker"
  ssh_authorized_keys  = local.wiring.ssh_authorized_keys
  bootstrap_kubeconfig = local.wiring.bootstrap_kubeconfig
  cluster_dns_ip       = local.wiring.cluster_dns_ip
  cluster_domain       = local.wiring.cluster_domain
  container_runtime    = local.wiring.container_runtime
  cgroup_driver        = local.wiring.cgroup_driver
  kubelet_extra_args   = local.wiring.kubelet_extra_args
  kubelet_image        = local.wiring.kubelet_image
  max_pods             = local.wiring.kubelet_settings.max_pods
  kube_reserved        = local.wiring.kubelet_settings.kube_reserved
  system_reserved      = local.wiring.kubelet_settings.system_reserved
  eviction_hard        = local.wiring.kubelet_settings.eviction_hard
  kubelet_mounts       = local.wiring.kubelet_settings.kubelet_mounts
  cni_conf_dir         = local.wiring.kubelet_settings.cni_conf_dir
  pod_manifest_path    = local.wiring.kubelet_settings.pod_manifest_path
  volume_plugin_dir    = local.wiring.kubelet_settings.volume_plugin_dir
  os_channel           = local.wiring.os_channel
  disable_auto_update  = local.wiring.disable_auto_update
  reboot_strategy      = local.wiring.reboot_strategy
  node_labels = merge(var.labels, {
    "node.kubernetes.io/pool"       = var.name
    "topology.kubernetes.io/region" = local.wiring.location
  })
  node_taints = var.taints
  snippets    = var.snippets
}

resource "azurerm_orchestrated_virtual_machine_scale_set" "worker" {
  name                        = local.name
  resource_group_name         = local.wiring.resource_group_name
  location                    = local.wiring.location
  sku_name                    = var.instance_type
  instances                   = var.worker_count
  platform_fault_domain_count = 1

  # spot instances are deleted when evicted; on-demand ones have neither setting
  priority        = var.spot_price == null ? "Regular" : "Spot"
  eviction_policy = var.spot_price == null ? null : "Delete"
  max_bid_price   = var.spot_price

  os_disk {
    storage_account_type = var.disk_type
    disk_size_gb         = var.disk_size
    caching              = "ReadOnly"
  }

  source_image_reference {
    publisher = local.image.publisher
    offer     = local.image.offer
    sku       = local.image.sku
    version   = local.image.version
  }

  dynamic "plan" {
    for_each = local.image.plan ? [local.image] : []

    content {
      publisher = plan.value.publisher
      product   = plan.value.offer
      name      = plan.value.sku
    }
  }

  network_interface {
    name    = "nic0"
    primary = true

    dynamic "ip_configuration" {
      for_each = local.pools

      content {
        name                                   = ip_configuration.key
        primary                                = ip_configuration.key == "ipv4"
        version                                = ip_configuration.key == "ipv4" ? "IPv4" : "IPv6"
        subnet_id                              = local.wiring.subnet_id
        load_balancer_backend_address_pool_ids = ip_configuration.value
      }
    }
  }

  # Custom data, not user data: Azure serves user data to anything on the node that
  # reaches the instance metadata service (pods too), custom data to nobody.
  os_profile {
    custom_data = base64encode(module.ignition.ignition_compact)

    linux_configuration {
      admin_username       = "core"
      computer_name_prefix = "${local.name}-"

      admin_ssh_key {
        username   = "core"
        public_key = local.wiring.admin_ssh_key
      }
    }
  }

  boot_diagnostics {}

  upgrade_mode = "Rolling"
  rolling_upgrade_policy {
    max_batch_instance_percent              = 20
    max_unhealthy_instance_percent          = 20
    max_unhealthy_upgraded_instance_percent = 25
    pause_time_between_batches              = "PT2M"
    maximum_surge_instances_enabled         = true
    prioritize_unhealthy_instances_enabled  = true
  }

  # Rolling upgrades and instance repair read node health from this extension: kube-proxy's
  # health endpoint answers once the node serves traffic.
  extension {
    name                 = "ApplicationHealthExtension"
    publisher            = "Microsoft.ManagedServices"
    type                 = "ApplicationHealthLinux"
    type_handler_version = "1.0"
    settings = jsonencode({
      protocol    = "http"
      port        = 10256
      requestPath = "/healthz"
    })
  }

  automatic_instance_repair {
    enabled      = true
    grace_period = "PT15M"
  }

  termination_notification {
    enabled = true
  }

  tags = local.wiring.tags

  # Flatcar updates itself: a newer image of the channel does not roll the pool.
  lifecycle {
    ignore_changes = [source_image_reference]
  }
}
