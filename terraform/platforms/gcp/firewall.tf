# Firewall rules by network tag. Open to the outside: SSH from ssh_cidrs on every node, the
# API (6443) on controllers and HTTP/HTTPS on workers; Google's health checkers reach the
# workers' kube-proxy (10256, autohealing) and ingress health (10254). Everything else is
# between nodes. A rule holds one address family, so SSH has an IPv4 and an IPv6 rule.
locals {
  tags = {
    controller = "${var.cluster_name}-controller"
    worker     = "${var.cluster_name}-worker"
  }
  # https://cloud.google.com/load-balancing/docs/health-check-concepts (probe ranges)
  health_check_ranges = ["35.191.0.0/16", "130.211.0.0/22"]
  ssh_ipv4            = [for cidr in var.ssh_cidrs : cidr if !can(regex(":", cidr))]
  ssh_ipv6            = [for cidr in var.ssh_cidrs : cidr if can(regex(":", cidr))]

  # name -> protocol, ports, the roles it opens (to) and where it comes from (from or ranges).
  # calico and flannel use VXLAN on 4789; cilium VXLAN on 8472, health checks on 4240 and ICMP.
  firewall_rules = merge(
    {
      vxlan         = { protocol = "udp", ports = [var.networking == "cilium" ? "8472" : "4789"], to = ["controller", "worker"], from = ["controller", "worker"], ranges = [] }
      etcd          = { protocol = "tcp", ports = ["2379", "2380"], to = ["controller"], from = ["controller"], ranges = [] }
      kubelet       = { protocol = "tcp", ports = ["10250"], to = ["controller", "worker"], from = ["controller", "worker"], ranges = [] }
      node-exporter = { protocol = "tcp", ports = ["9100"], to = ["controller", "worker"], from = ["worker"], ranges = [] }
      apiserver     = { protocol = "tcp", ports = ["6443"], to = ["controller"], from = [], ranges = ["0.0.0.0/0"] }
      ingress       = { protocol = "tcp", ports = ["80", "443"], to = ["worker"], from = [], ranges = ["0.0.0.0/0"] }
      health-checks = { protocol = "tcp", ports = ["10254", "10256"], to = ["worker"], from = [], ranges = local.health_check_ranges }
    },
    var.networking == "cilium" ? {
      cilium-health = { protocol = "tcp", ports = ["4240"], to = ["controller", "worker"], from = ["controller", "worker"], ranges = [] }
      cilium-icmp   = { protocol = "icmp", ports = [], to = ["controller", "worker"], from = ["controller", "worker"], ranges = [] }
    } : {},
    length(local.ssh_ipv4) > 0 ? { ssh-ipv4 = { protocol = "tcp", ports = ["22"], to = ["controller", "worker"], from = [], ranges = local.ssh_ipv4 } } : {},
    length(local.ssh_ipv6) > 0 ? { ssh-ipv6 = { protocol = "tcp", ports = ["22"], to = ["controller", "worker"], from = [], ranges = local.ssh_ipv6 } } : {},
  )
}

resource "google_compute_firewall" "rule" {
  for_each = local.firewall_rules

  name        = "${var.cluster_name}-${each.key}"
  network     = google_compute_network.network.id
  description = "${var.cluster_name}: ${each.key}"
  direction   = "INGRESS"

  allow {
    protocol = each.value.protocol
    ports    = length(each.value.ports) > 0 ? each.value.ports : null # ICMP has no ports
  }

  source_tags   = length(each.value.from) > 0 ? [for role in each.value.from : local.tags[role]] : null
  source_ranges = length(each.value.ranges) > 0 ? each.value.ranges : null
  target_tags   = [for role in each.value.to : local.tags[role]]
}
