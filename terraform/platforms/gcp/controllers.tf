# Controllers: etcd members and the control plane, spread over the zones. Their full
# Ignition sits in the private bucket (assets.tf); user-data only points Ignition at it.
data "google_compute_image" "flatcar" {
  project = "kinvolk-public"
  family  = var.os_version == "current" ? "flatcar-${var.os_channel}" : null
  name    = var.os_version == "current" ? null : "flatcar-${var.os_channel}-${replace(var.os_version, ".", "-")}"
}

resource "google_compute_instance" "controller" {
  count = var.controller_count

  name                      = local.controller_names[count.index]
  zone                      = local.controller_zones[count.index]
  machine_type              = var.controller_type
  allow_stopping_for_update = true
  can_ip_forward            = true
  tags                      = [local.tags.controller]
  labels                    = local.labels

  metadata = {
    user-data = local.controller_user_data[count.index]
    # SSH keys come from Ignition only, never from project-wide metadata.
    block-project-ssh-keys = "true"
  }

  boot_disk {
    auto_delete = true

    initialize_params {
      image = data.google_compute_image.flatcar.self_link
      size  = var.disk_size
      type  = var.disk_type
    }
  }

  network_interface {
    subnetwork = google_compute_subnetwork.nodes.id
    stack_type = "IPV4_IPV6"

    access_config {}

    ipv6_access_config {
      network_tier = "PREMIUM"
    }
  }

  # Ignition reads the object with this account's token (read-only storage scope).
  service_account {
    email  = google_service_account.controller[count.index].email
    scopes = ["https://www.googleapis.com/auth/devstorage.read_only"]
  }

  # etcd lives on the controllers: a new image or Ignition waits for a deliberate
  # replacement (see the pending_controller_replacements output).
  lifecycle {
    ignore_changes = [metadata, boot_disk[0].initialize_params]
  }

  # Ignition fetches its object on first boot with the service account.
  depends_on = [google_storage_bucket_object.ignition, google_storage_bucket_iam_member.controller]
}

locals {
  controller_names = [for index in range(var.controller_count) : "${var.cluster_name}-controller-${index}"]
  controller_zones = [for index in range(var.controller_count) : local.zones[index % length(local.zones)]]
  # The image's own name: the provider may keep a self link or a shorter path in state.
  controller_images = [for controller in google_compute_instance.controller :
    reverse(split("/", controller.boot_disk[0].initialize_params[0].image))[0]
  ]
}
