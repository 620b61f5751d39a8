# Copies one machine's secret files over SSH once it answers (bare-metal, packet: what
# their provisioning serves, matchbox or the metadata service, anything on the machine or its
# network can read). The script holding the files is uploaded whole into a private directory
# of user core, run by root, then removed: only a complete upload is ever run.
locals {
  staging_dir = "/home/core/.railyard"
  script      = templatefile("${path.module}/templates/install.sh", { files = var.files, name = var.name })
}

resource "null_resource" "copy" {
  # Copied again to a new machine, or when the files change (hashes: the contents stay out
  # of the state).
  triggers = {
    machine = var.machine_id
    files   = nonsensitive(sha256(local.script))
  }

  connection {
    type        = "ssh"
    host        = var.host
    user        = "core"
    agent       = var.ssh_private_key_file == ""
    private_key = var.ssh_private_key_file == "" ? null : file(var.ssh_private_key_file)
    timeout     = var.ssh_timeout
  }

  provisioner "remote-exec" {
    inline = ["install -d -m 0700 ${local.staging_dir}"]
  }

  provisioner "file" {
    content     = local.script
    destination = "${local.staging_dir}/files.sh"
  }

  provisioner "remote-exec" {
    inline = ["sudo /bin/sh ${local.staging_dir}/files.sh", "rm -f ${local.staging_dir}/files.sh"]
  }
}
