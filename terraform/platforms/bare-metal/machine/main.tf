# One listed machine: matchbox PXE-boots it into an installer (matched by MAC), which runs
# flatcar-install and reboots; the installed system is matched by MAC plus os=installed and
# gets the node's real config. Secrets are not in either config: matchbox serves anyone on the
# provisioning network, so they are copied over SSH once the machine answers.
locals {
  release_url = "https://${var.os_channel}.release.flatcar-linux.net/amd64-usr/${var.os_version}"
  cache_path  = "/assets/flatcar/${var.os_version}"
  kernel      = var.cached_install ? "${local.cache_path}/flatcar_production_pxe.vmlinuz" : "${local.release_url}/flatcar_production_pxe.vmlinuz"
  initrd      = var.cached_install ? "${local.cache_path}/flatcar_production_pxe_image.cpio.gz" : "${local.release_url}/flatcar_production_pxe_image.cpio.gz"

  installer = templatefile("${path.module}/templates/installer", {
    ignition_url = "${var.matchbox_http_endpoint}/ignition?mac=${var.mac}&os=installed"
    install_disk = var.install_disk
    os_channel   = var.os_channel
    os_version   = var.os_version
    oem_type     = var.oem_type
    base_url     = var.cached_install ? "${var.matchbox_http_endpoint}/assets/flatcar" : ""
  })
  install_ignition = jsonencode({
    ignition = { version = "3.3.0" }
    passwd   = { users = [{ name = "core", sshAuthorizedKeys = var.ssh_authorized_keys }] }
    storage = {
      files = [{
        path      = "/opt/installer"
        mode      = 320 # 0500
        overwrite = true
        contents  = { source = "data:;base64,${base64encode(local.installer)}" }
      }]
    }
    systemd = {
      units = [{
        name     = "installer.service"
        enabled  = true
        contents = file("${path.module}/templates/installer.service")
      }]
    }
  })

  # Copied over SSH by modules/ssh-files.
  files = concat(
    [{ path = "/etc/kubernetes/bootstrap-kubeconfig", mode = 384, contents = var.kubeconfig }],
    var.files,
  )
}

resource "matchbox_profile" "install" {
  name   = "${var.cluster_name}-install-${var.name}"
  kernel = local.kernel
  initrd = [local.initrd]
  args = concat([
    "initrd=flatcar_production_pxe_image.cpio.gz",
    "flatcar.config.url=${var.matchbox_http_endpoint}/ignition?uuid=$${uuid}&mac=$${mac:hexhyp}",
    "flatcar.first_boot=yes",
  ], var.kernel_args)
  raw_ignition = local.install_ignition
}

resource "matchbox_group" "install" {
  name     = "${var.cluster_name}-install-${var.name}"
  profile  = matchbox_profile.install.name
  selector = { mac = var.mac }
}

resource "matchbox_profile" "installed" {
  name         = "${var.cluster_name}-${var.name}"
  raw_ignition = var.ignition
}

resource "matchbox_group" "installed" {
  name     = "${var.cluster_name}-${var.name}"
  profile  = matchbox_profile.installed.name
  selector = { mac = var.mac, os = "installed" }
}

module "copy_assets" {
  source = "../../../modules/ssh-files"
  count  = var.copy_assets ? 1 : 0

  name                 = var.name
  machine_id           = var.mac
  host                 = var.domain
  files                = local.files
  ssh_private_key_file = var.ssh_private_key_file
  ssh_timeout          = var.ssh_timeout

  depends_on = [matchbox_group.install, matchbox_group.installed]
}
