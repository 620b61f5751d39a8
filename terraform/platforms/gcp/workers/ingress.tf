# The cluster's ingress load balancer, when this pool serves ingress: global TCP proxies
# for 80 and 443 on the cluster's IPv4 and IPv6 ingress addresses, to this pool's instance
# group. One pool per cluster may serve ingress (the names are the cluster's).
locals {
  # "http-ipv4" -> port, address
  ingress_ports = var.ingress ? { http = 80, https = 443 } : {}
  ingress_rules = { for pair in setproduct(keys(local.ingress_ports), keys(local.wiring.ingress_addresses)) :
    "${pair[0]}-${pair[1]}" => { port = pair[0], address = local.wiring.ingress_addresses[pair[1]] }
  }
}

resource "google_compute_backend_service" "ingress" {
  for_each = local.ingress_ports

  name                  = "${var.cluster_name}-ingress-${each.key}"
  description           = "${var.cluster_name} ingress (${each.value}) on pool ${var.name}"
  protocol              = "TCP"
  port_name             = each.key
  session_affinity      = "NONE"
  timeout_sec           = 60
  load_balancing_scheme = "EXTERNAL_MANAGED"
  health_checks         = [local.wiring.ingress_health_check]

  backend {
    group = google_compute_region_instance_group_manager.worker.instance_group
  }
}

resource "google_compute_target_tcp_proxy" "ingress" {
  for_each = local.ingress_ports

  name            = "${var.cluster_name}-ingress-${each.key}"
  description     = "TCP proxy to ${var.cluster_name} ingress (${each.value})"
  backend_service = google_compute_backend_service.ingress[each.key].self_link
}

resource "google_compute_global_forwarding_rule" "ingress" {
  for_each = local.ingress_rules

  name                  = "${var.cluster_name}-ingress-${each.key}"
  ip_address            = each.value.address
  ip_protocol           = "TCP"
  port_range            = tostring(local.ingress_ports[each.value.port])
  load_balancing_scheme = "EXTERNAL_MANAGED"
  target                = google_compute_target_tcp_proxy.ingress[each.value.port].self_link
  labels                = local.wiring.labels
}
