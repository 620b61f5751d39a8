# PKI, kubeconfigs, etcd, the control plane and add-ons (terraform/modules/bootstrap).
module "bootstrap" {
  source = "../../modules/bootstrap"

  cluster_name   = var.cluster_name
  api_servers    = [local.api_server]
  etcd_servers   = local.etcd_servers
  networking     = var.networking
  pod_cidr       = var.pod_cidr
  service_cidr   = var.service_cidr
  cluster_domain = var.cluster_domain

  kubernetes_version  = var.kubernetes_version
  kubelet_version     = var.kubelet_version
  coordinated_updates = var.reboot_strategy == "coordinated"
}

locals {
  api_server   = "${var.cluster_name}.${var.dns_zone}"
  etcd_servers = [for index in range(var.controller_count) : "${var.cluster_name}-etcd${index}.${var.dns_zone}"]

  # Equinix installs the newest release of its flatcar_<channel> image, for the plan's
  # architecture; an iPXE script boots whatever it names.
  operating_system = var.ipxe_script_url == "" ? "flatcar_${var.os_channel}" : "custom_ipxe"
  ipxe_script_url  = var.ipxe_script_url == "" ? null : var.ipxe_script_url
  tags             = concat(var.tags, ["railyard:cluster=${var.cluster_name}"])

  # The user data Ignition reads holds no secret (see secrets/): the kubelet starts with this
  # stand-in and restarts until the real kubeconfig arrives over SSH.
  kubeconfig_placeholder = "# railyard: the kubelet's bootstrap kubeconfig is copied here over SSH once the device is installed.\n"

  problems = concat(
    var.os_version == "current" ? [] : ["os_version must be current on packet: Equinix Metal installs the newest release of flatcar_${var.os_channel} (boot a pinned release with ipxe_script_url instead)."],
    length(var.controller_reservation_ids) <= var.controller_count ? [] : ["controller_reservation_ids has ${length(var.controller_reservation_ids)} entries for ${var.controller_count} controllers."],
    (var.arch == "arm64") == local.arm_plan ? [] : ["controller_type ${var.controller_type} does not match arch ${var.arch}."],
  )
  arm_plan = length(regexall("\\.arm(64)?$", var.controller_type)) > 0
  # Terraform 1.0 has no preconditions: a failed check stops plan with the message.
  checked = length(local.problems) == 0 ? true : tobool("ERROR: ${join(" ", local.problems)}")
}
