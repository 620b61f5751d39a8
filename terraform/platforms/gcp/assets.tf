# Each controller's full Ignition (PKI, kubeconfigs, manifests) goes to a private bucket
# (uniform bucket-level access, public access prevented); only that controller's service
# account may read its object (an IAM condition on the object's name). Its user-data is a
# small Ignition config that replaces itself with that object (gs:// source, fetched with
# the instance's service account token) after checking the object's SHA-512. Nothing is
# copied over SSH.
module "controller_ignition" {
  source = "../../modules/flatcar-node"
  count  = var.controller_count

  role                 = "controller"
  ssh_authorized_keys  = var.ssh_authorized_keys
  bootstrap_kubeconfig = module.bootstrap.kubeconfig_kubelet
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
  node_labels = {
    "topology.kubernetes.io/region" = var.region
    "topology.kubernetes.io/zone"   = local.controller_zones[count.index]
  }
  files    = module.bootstrap.controller_files[count.index]
  units    = module.bootstrap.controller_units[count.index]
  snippets = var.controller_snippets
}

resource "random_id" "bucket" {
  byte_length = 4
}

resource "google_storage_bucket" "assets" {
  name     = "${var.cluster_name}-ignition-${random_id.bucket.hex}"
  location = upper(var.region)
  # The objects are terraform's own: destroying the cluster empties the bucket.
  force_destroy               = true
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  labels                      = local.labels
}

# An object cannot change: a new controller config replaces it (the name does not start with
# "controller", so railyard does not take that for a controller's replacement).
resource "google_storage_bucket_object" "ignition" {
  count = var.controller_count

  bucket       = google_storage_bucket.assets.name
  name         = local.controller_objects[count.index]
  content      = local.controller_ignition[count.index]
  content_type = "application/json"
}

# One service account per controller: it may read its own Ignition object and nothing else.
resource "google_service_account" "controller" {
  count = var.controller_count

  account_id   = "${var.cluster_name}-ctrl-${count.index}"
  display_name = local.controller_names[count.index]
  description  = "Reads ${local.controller_objects[count.index]} of ${google_storage_bucket.assets.name} at first boot"
}

resource "google_storage_bucket_iam_member" "controller" {
  count = var.controller_count

  bucket = google_storage_bucket.assets.name
  role   = "roles/storage.objectViewer"
  member = google_service_account.controller[count.index].member

  condition {
    title      = "own-ignition"
    expression = "resource.name == \"projects/_/buckets/${google_storage_bucket.assets.name}/objects/${local.controller_objects[count.index]}\""
  }
}

locals {
  controller_objects  = [for name in local.controller_names : "ignition/${name}.json"]
  controller_ignition = module.controller_ignition[*].ignition
  controller_user_data = [for index, ignition in local.controller_ignition : jsonencode({
    ignition = {
      version = "3.3.0"
      config = {
        replace = {
          source = "gs://${google_storage_bucket.assets.name}/${local.controller_objects[index]}"
          # The hash says nothing about the contents: not a secret.
          verification = { hash = "sha512-${nonsensitive(sha512(ignition))}" }
        }
      }
    }
  })]
}
