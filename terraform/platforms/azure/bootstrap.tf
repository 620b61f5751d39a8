# PKI, kubeconfigs, etcd, the control plane and add-ons (terraform/modules/bootstrap).
module "bootstrap" {
  source = "../../modules/bootstrap"

  cluster_name   = var.cluster_name
  api_servers    = [local.api_server]
  etcd_servers   = local.etcd_servers
  networking     = var.networking
  pod_cidr       = var.pod_cidr
  service_cidr   = var.service_cidr
  host_cidr      = var.host_cidr
  cluster_domain = var.cluster_domain

  kubernetes_version  = var.kubernetes_version
  kubelet_version     = var.kubelet_version
  coordinated_updates = var.reboot_strategy == "coordinated"
}

locals {
  api_server   = "${var.cluster_name}.${var.dns_zone}"
  etcd_servers = [for index in range(var.controller_count) : "${var.cluster_name}-etcd${index}.${var.dns_zone}"]
  # Azure tag names cannot hold "/": no kubernetes.io/cluster/<name> tag as on aws.
  tags = merge(var.tags, { kubernetes-cluster = var.cluster_name })
}
