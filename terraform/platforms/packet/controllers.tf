# Controllers: etcd members and the control plane, one device each. Their user data is
# Ignition without secrets; the PKI and kubeconfigs are copied over SSH (secrets/).
module "controller_ignition" {
  source = "../../modules/flatcar-node"
  count  = var.controller_count

  role                 = "controller"
  ssh_authorized_keys  = var.ssh_authorized_keys
  bootstrap_kubeconfig = local.kubeconfig_placeholder
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
  node_labels          = { "topology.kubernetes.io/region" = var.metro }
  units                = module.bootstrap.controller_units[count.index]
  snippets             = var.controller_snippets
}

resource "equinix_metal_device" "controller" {
  count = local.checked ? var.controller_count : 0

  hostname                = local.controller_names[count.index]
  project_id              = var.project_id
  metro                   = var.metro
  plan                    = var.controller_type
  billing_cycle           = "hourly"
  operating_system        = local.operating_system
  ipxe_script_url         = local.ipxe_script_url
  always_pxe              = false
  hardware_reservation_id = local.controller_reservations[count.index]
  user_data               = module.controller_ignition[count.index].ignition
  tags                    = local.tags

  # etcd lives on the controllers: a new operating system or Ignition waits for a
  # deliberate replacement (see the pending_controller_replacements output).
  lifecycle {
    ignore_changes = [operating_system, user_data]
  }
}

locals {
  controller_names        = [for index in range(var.controller_count) : "${var.cluster_name}-controller-${index}"]
  controller_reservations = [for index in range(var.controller_count) : try(coalesce(var.controller_reservation_ids[index]), null)]
  controller_ignition     = module.controller_ignition[*].ignition
}

module "controller_secrets" {
  source = "../../modules/ssh-files"
  count  = var.copy_assets ? length(equinix_metal_device.controller) : 0

  name       = local.controller_names[count.index]
  machine_id = equinix_metal_device.controller[count.index].id
  host       = equinix_metal_device.controller[count.index].access_public_ipv4
  files = concat(
    [{ path = "/etc/kubernetes/bootstrap-kubeconfig", mode = 384, contents = module.bootstrap.kubeconfig_kubelet }],
    module.bootstrap.controller_files[count.index],
  )
  ssh_private_key_file = var.ssh_private_key_file
  ssh_timeout          = var.ssh_timeout
}

# Once every controller has its files: apply the add-ons, once (bootstrap.service keeps a
# done-file, so starting it again is harmless).
resource "null_resource" "bootstrap" {
  count = var.copy_assets ? 1 : 0

  connection {
    type        = "ssh"
    host        = equinix_metal_device.controller[0].access_public_ipv4
    user        = "core"
    agent       = var.ssh_private_key_file == ""
    private_key = var.ssh_private_key_file == "" ? null : file(var.ssh_private_key_file)
    timeout     = var.ssh_timeout
  }

  provisioner "remote-exec" {
    inline = ["sudo systemctl start bootstrap.service"]
  }

  depends_on = [module.controller_secrets]
}
