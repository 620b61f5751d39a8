# Each controller's full Ignition (PKI, kubeconfigs, manifests) goes to a private,
# encrypted bucket; its user data is a small Ignition config that replaces itself with
# that object (s3:// source, fetched with the controller's instance role) after checking
# the object's SHA-512. Nothing is copied over SSH.
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
  instance_metadata    = "aws"
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
    "topology.kubernetes.io/zone"   = local.zones[count.index % length(local.zones)]
  }
  files    = module.bootstrap.controller_files[count.index]
  units    = module.bootstrap.controller_units[count.index]
  snippets = var.controller_snippets
}

resource "random_id" "bucket" {
  byte_length = 4
}

resource "aws_s3_bucket" "assets" {
  bucket = "${var.cluster_name}-ignition-${random_id.bucket.hex}"
  # The objects are terraform's own: destroying the cluster empties the bucket.
  force_destroy = true

  tags = local.tags
}

resource "aws_s3_bucket_public_access_block" "assets" {
  bucket = aws_s3_bucket.assets.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "assets" {
  bucket = aws_s3_bucket.assets.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_object" "controller" {
  count = var.controller_count

  bucket                 = aws_s3_bucket.assets.id
  key                    = local.controller_objects[count.index]
  content                = local.controller_ignition[count.index]
  content_type           = "application/json"
  server_side_encryption = "AES256"

  tags = local.tags

  depends_on = [aws_s3_bucket_public_access_block.assets, aws_s3_bucket_server_side_encryption_configuration.assets]
}

locals {
  controller_objects  = [for name in local.controller_names : "ignition/${name}.json"]
  controller_ignition = module.controller_ignition[*].ignition
  controller_user_data = [for index, ignition in local.controller_ignition : jsonencode({
    ignition = {
      version = "3.3.0"
      config = {
        replace = {
          source = "s3://${aws_s3_bucket.assets.id}/${local.controller_objects[index]}"
          # The hash says nothing about the contents: not a secret.
          verification = { hash = "sha512-${nonsensitive(sha512(ignition))}" }
        }
      }
    }
  })]
}
