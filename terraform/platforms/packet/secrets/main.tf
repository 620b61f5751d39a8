# Copies one device's secrets over SSH once it answers: the script holding them is uploaded
# into a private directory of user core, run by root, then removed. Nothing secret is in the
# device's user data, which the metadata service serves to anything running on the device.
locals {
  staging_dir = "/home/core/.railyard"
  script      = templatefile("${path.module}/templates/install.sh", { files = var.files, name = var.name })
}

resource "null_resource" "copy" {
  # Copied again to a new device, or when the files change (hashes: the contents stay out of
  # the state).
  triggers = {
    device = var.device_id
    files  = nonsensitive(sha256(local.script))
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
    destination = "${local.staging_dir}/secrets.sh"
  }

  provisioner "remote-exec" {
    inline = ["sudo /bin/sh ${local.staging_dir}/secrets.sh", "rm -f ${local.staging_dir}/secrets.sh"]
  }
}
