# A worker pool: a regional instance template and a regional managed instance group over
# the cluster's zones, which replaces instances (surge first) when the template changes
# and recreates those whose kube-proxy stops answering.
locals {
  wiring = var.worker_wiring
}

module "ignition" {
  source = "../../../modules/flatcar-node"

  role                 = "worker"
  ssh_authorized_keys  = local.wiring.ssh_authorized_keys
  bootstrap_kubeconfig = local.wiring.bootstrap_kubeconfig
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
    "topology.kubernetes.io/region" = local.wiring.region
  })
  node_taints = var.taints
  snippets    = var.snippets
}

resource "google_compute_region_instance_template" "worker" {
  name_prefix    = "${var.cluster_name}-${var.name}-"
  description    = "${var.cluster_name} workers of pool ${var.name}"
  region         = local.wiring.region
  machine_type   = var.machine_type
  can_ip_forward = true
  tags           = [local.wiring.network_tag]
  labels         = merge(local.wiring.labels, { pool = var.name })

  metadata = {
    user-data = module.ignition.ignition_compact
    # SSH keys come from Ignition only, never from project-wide metadata.
    block-project-ssh-keys = "true"
  }

  disk {
    boot         = true
    auto_delete  = true
    source_image = local.wiring.image
    disk_size_gb = var.disk_size
    disk_type    = var.disk_type
  }

  network_interface {
    subnetwork = local.wiring.subnetwork
    stack_type = "IPV4_IPV6"

    access_config {}

    ipv6_access_config {
      network_tier = "PREMIUM"
    }
  }

  # Spot VMs: stopped, not deleted, when Compute Engine takes them back (a managed
  # instance group restarts them when it can).
  scheduling {
    provisioning_model          = var.spot ? "SPOT" : "STANDARD"
    preemptible                 = var.spot
    automatic_restart           = !var.spot
    on_host_maintenance         = var.spot ? "TERMINATE" : "MIGRATE"
    instance_termination_action = var.spot ? "STOP" : null
  }

  lifecycle {
    # Flatcar updates itself: a newer image of the channel does not roll the pool.
    ignore_changes = [disk[0].source_image]
    # A template cannot change: the group moves to its replacement first.
    create_before_destroy = true
  }
}

resource "google_compute_region_instance_group_manager" "worker" {
  name                      = "${var.cluster_name}-${var.name}"
  description               = "${var.cluster_name} workers of pool ${var.name}"
  base_instance_name        = "${var.cluster_name}-${var.name}"
  region                    = local.wiring.region
  distribution_policy_zones = local.wiring.zones
  target_size               = var.worker_count
  wait_for_instances        = false

  version {
    name              = "default"
    instance_template = google_compute_region_instance_template.worker.self_link
  }

  # Surge new instances (a regional group surges at least one per zone), then remove old.
  update_policy {
    type                  = "PROACTIVE"
    minimal_action        = "REPLACE"
    max_surge_fixed       = length(local.wiring.zones)
    max_unavailable_fixed = 0
  }

  named_port {
    name = "http"
    port = 80
  }

  named_port {
    name = "https"
    port = 443
  }

  auto_healing_policies {
    health_check      = google_compute_health_check.worker.id
    initial_delay_sec = 300
  }
}

resource "google_compute_health_check" "worker" {
  name                = "${var.cluster_name}-${var.name}"
  description         = "kube-proxy of ${var.cluster_name} pool ${var.name} answers /healthz"
  timeout_sec         = 20
  check_interval_sec  = 30
  healthy_threshold   = 1
  unhealthy_threshold = 6

  http_health_check {
    port         = 10256
    request_path = "/healthz"
  }
}
