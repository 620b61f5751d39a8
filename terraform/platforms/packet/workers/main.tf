# A worker pool: worker_count devices of one plan. Their user data is Ignition without
# secrets; the kubelet's bootstrap kubeconfig is copied over SSH (modules/ssh-files). A changed
# Ignition or operating system replaces the pool's devices.
locals {
  wiring           = var.worker_wiring
  names            = [for index in range(var.worker_count) : "${var.cluster_name}-${var.name}-${index}"]
  reservations     = [for index in range(var.worker_count) : try(coalesce(var.reservation_ids[index]), null)]
  operating_system = var.ipxe_script_url == "" ? "flatcar_${local.wiring.os_channel}" : "custom_ipxe"
  arm_plan         = length(regexall("\\.arm(64)?$", var.node_type)) > 0

  problems = concat(
    length(var.reservation_ids) <= var.worker_count ? [] : ["reservation_ids has ${length(var.reservation_ids)} entries for ${var.worker_count} workers."],
    (local.wiring.arch == "arm64") == local.arm_plan ? [] : ["node_type ${var.node_type} does not match the cluster's arch ${local.wiring.arch}."],
  )
  # Terraform 1.0 has no preconditions: a failed check stops plan with the message.
  checked = length(local.problems) == 0 ? true : tobool("ERROR: pool ${var.name}: ${join(" ", local.problems)}")
}

module "ignition" {
  source = "../../../modules/flatcar-node"

  role                 = "worker"
  ssh_authorized_keys  = local.wiring.ssh_authorized_keys
  bootstrap_kubeconfig = local.wiring.kubeconfig_placeholder
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
    "topology.kubernetes.io/region" = local.wiring.metro
  })
  node_taints = var.taints
  snippets    = var.snippets
}

resource "equinix_metal_device" "worker" {
  count = local.checked ? var.worker_count : 0

  hostname                = local.names[count.index]
  project_id              = local.wiring.project_id
  metro                   = local.wiring.metro
  plan                    = var.node_type
  billing_cycle           = "hourly"
  operating_system        = local.operating_system
  ipxe_script_url         = var.ipxe_script_url == "" ? null : var.ipxe_script_url
  always_pxe              = false
  hardware_reservation_id = local.reservations[count.index]
  user_data               = module.ignition.ignition
  tags                    = concat(local.wiring.tags, ["railyard:pool=${var.name}"])
}

module "secrets" {
  source = "../../../modules/ssh-files"
  count  = local.wiring.copy_assets ? length(equinix_metal_device.worker) : 0

  name       = local.names[count.index]
  machine_id = equinix_metal_device.worker[count.index].id
  host       = equinix_metal_device.worker[count.index].access_public_ipv4
  files = [{
    path     = "/etc/kubernetes/bootstrap-kubeconfig"
    mode     = 384
    contents = local.wiring.bootstrap_kubeconfig
  }]
  ssh_private_key_file = local.wiring.ssh_private_key_file
  ssh_timeout          = local.wiring.ssh_timeout
}
