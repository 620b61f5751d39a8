# Controllers of a bare-metal cluster: PKI and control plane from the bootstrap module, each
# listed machine PXE-installed through matchbox (./machine), secrets copied over SSH, then
# the one-time bootstrap started on the first controller.
locals {
  controllers = { for index, machine in var.controllers : machine.name => merge(machine, { index = index }) }
  # Machine name -> its kubelet settings: its own, else the cluster's.
  kubelet_settings = merge({ for name in keys(local.controllers) : name => var.kubelet_settings }, var.machine_kubelet_settings)

  # matchbox serves configs to anyone on the provisioning network: the served config holds
  # this stand-in, and the real kubeconfig arrives over SSH (the kubelet restarts until then).
  kubeconfig_placeholder = "# railyard: the kubelet's bootstrap kubeconfig is copied here over SSH once the machine is installed.\n"

  names = [for machine in var.controllers : machine.name]
  macs  = [for machine in var.controllers : machine.mac]
  problems = concat(
    length(distinct(local.names)) == length(local.names) ? [] : ["two controllers have the same name."],
    length(distinct(local.macs)) == length(local.macs) ? [] : ["two controllers have the same MAC address."],
    var.controller_count == null || var.controller_count == length(var.controllers) ? [] : ["controller_count is ${coalesce(var.controller_count, 0)} but ${length(var.controllers)} controllers are listed."],
    var.copy_assets && length(var.ssh_authorized_keys) == 0 ? ["copy_assets connects over SSH as user core: list the public key it uses in ssh_authorized_keys."] : [],
    var.cached_install && var.os_version == "current" ? ["cached_install needs an os_version release (4081.2.0), not current: matchbox caches releases by number."] : [],
  )
  # Terraform 1.0 has no preconditions: a failed check stops plan with the message.
  checked = length(local.problems) == 0 ? true : tobool("ERROR: ${join(" ", local.problems)}")
}

module "bootstrap" {
  source = "../../modules/bootstrap"

  cluster_name   = var.cluster_name
  api_servers    = [var.k8s_domain_name]
  etcd_servers   = [for machine in var.controllers : machine.domain]
  networking     = var.networking
  pod_cidr       = var.pod_cidr
  service_cidr   = var.service_cidr
  cluster_domain = var.cluster_domain

  kubernetes_version  = var.kubernetes_version
  kubelet_version     = var.kubelet_version
  coordinated_updates = var.reboot_strategy == "coordinated"
}

module "controller_ignition" {
  source   = "../../modules/flatcar-node"
  for_each = local.controllers

  role                 = "controller"
  hostname             = each.value.domain
  ssh_authorized_keys  = var.ssh_authorized_keys
  bootstrap_kubeconfig = local.kubeconfig_placeholder
  container_runtime    = var.container_runtime
  cgroup_driver        = var.cgroup_driver
  kubelet_extra_args   = var.kubelet_extra_args
  kubelet_image        = module.bootstrap.kubelet_image
  max_pods             = local.kubelet_settings[each.key].max_pods
  kube_reserved        = local.kubelet_settings[each.key].kube_reserved
  system_reserved      = local.kubelet_settings[each.key].system_reserved
  eviction_hard        = local.kubelet_settings[each.key].eviction_hard
  kubelet_mounts       = local.kubelet_settings[each.key].kubelet_mounts
  cni_conf_dir         = local.kubelet_settings[each.key].cni_conf_dir
  pod_manifest_path    = local.kubelet_settings[each.key].pod_manifest_path
  volume_plugin_dir    = local.kubelet_settings[each.key].volume_plugin_dir
  node_labels          = try(var.labels[each.key], {})
  node_taints          = try(var.taints[each.key], [])
  cluster_dns_ip       = module.bootstrap.cluster_dns_ip
  cluster_domain       = var.cluster_domain
  os_channel           = var.os_channel
  disable_auto_update  = var.disable_auto_update
  reboot_strategy      = var.reboot_strategy
  units                = module.bootstrap.controller_units[each.value.index]
  snippets             = concat(var.controller_snippets, try(var.snippets[each.key], []))
}

module "controllers" {
  source   = "./machine"
  for_each = local.checked ? local.controllers : {}

  cluster_name = var.cluster_name
  name         = each.key
  mac          = each.value.mac
  domain       = each.value.domain
  ignition     = module.controller_ignition[each.key].ignition
  kubeconfig   = module.bootstrap.kubeconfig_kubelet
  files        = module.bootstrap.controller_files[each.value.index]

  matchbox_http_endpoint = var.matchbox_http_endpoint
  os_channel             = var.os_channel
  os_version             = var.os_version
  install_disk           = var.install_disk
  cached_install         = var.cached_install
  kernel_args            = var.kernel_args
  oem_type               = var.oem_type
  ssh_authorized_keys    = var.ssh_authorized_keys
  copy_assets            = var.copy_assets
  ssh_private_key_file   = var.ssh_private_key_file
  ssh_timeout            = var.ssh_timeout
}

# Once every controller has its files: apply the add-ons, once (bootstrap.service keeps a
# done-file, so starting it again is harmless).
resource "null_resource" "bootstrap" {
  count = var.copy_assets ? 1 : 0

  connection {
    type        = "ssh"
    host        = var.controllers[0].domain
    user        = "core"
    agent       = var.ssh_private_key_file == ""
    private_key = var.ssh_private_key_file == "" ? null : file(var.ssh_private_key_file)
    timeout     = var.ssh_timeout
  }

  provisioner "remote-exec" {
    inline = ["sudo systemctl start bootstrap.service"]
  }

  depends_on = [module.controllers]
}
