# Listed worker machines of a bare-metal cluster: each PXE-installed through matchbox
# (../machine) with a worker config; the kubelet's kubeconfig is copied over SSH.
locals {
  wiring   = var.worker_wiring
  machines = { for machine in var.machines : machine.name => machine }
  # Machine name -> its kubelet settings: its own, else the cluster's.
  kubelet_settings = merge({ for name in keys(local.machines) : name => local.wiring.kubelet_settings }, var.machine_kubelet_settings)
}

module "ignition" {
  source   = "../../../modules/flatcar-node"
  for_each = local.machines

  role                 = "worker"
  hostname             = each.value.domain
  ssh_authorized_keys  = local.wiring.ssh_authorized_keys
  bootstrap_kubeconfig = local.wiring.kubeconfig_placeholder
  container_runtime    = local.wiring.container_runtime
  cgroup_driver        = local.wiring.cgroup_driver
  kubelet_extra_args   = local.wiring.kubelet_extra_args
  kubelet_image        = local.wiring.kubelet_image
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
  cluster_dns_ip       = local.wiring.cluster_dns_ip
  cluster_domain       = local.wiring.cluster_domain
  os_channel           = local.wiring.os_channel
  disable_auto_update  = local.wiring.disable_auto_update
  reboot_strategy      = local.wiring.reboot_strategy
  snippets             = try(var.snippets[each.key], [])
}

module "machines" {
  source   = "../machine"
  for_each = local.machines

  cluster_name = var.cluster_name
  name         = each.key
  mac          = each.value.mac
  domain       = each.value.domain
  ignition     = module.ignition[each.key].ignition
  kubeconfig   = var.worker_kubeconfig

  matchbox_http_endpoint = local.wiring.matchbox_http_endpoint
  os_channel             = local.wiring.os_channel
  os_version             = local.wiring.os_version
  install_disk           = local.wiring.install_disk
  cached_install         = local.wiring.cached_install
  kernel_args            = local.wiring.kernel_args
  oem_type               = local.wiring.oem_type
  ssh_authorized_keys    = local.wiring.ssh_authorized_keys
  copy_assets            = local.wiring.copy_assets
  ssh_private_key_file   = local.wiring.ssh_private_key_file
  ssh_timeout            = local.wiring.ssh_timeout
}
