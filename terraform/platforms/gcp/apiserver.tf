# The API behind a global external proxy network load balancer (TCP proxy) on an IPv4 and
# an IPv6 address, with a zonal instance group of controllers per zone as its backends.
# Cloud DNS: A and AAAA records cluster_name.dns_zone for the API, an A record
# cluster_name-etcdN.dns_zone per controller's internal address for etcd.
resource "google_compute_global_address" "apiserver" {
  for_each = local.ip_versions

  name       = "${var.cluster_name}-apiserver-${lower(each.key)}"
  ip_version = each.key
  labels     = local.labels
}

resource "google_compute_global_forwarding_rule" "apiserver" {
  for_each = local.ip_versions

  name                  = "${var.cluster_name}-apiserver-${lower(each.key)}"
  ip_address            = google_compute_global_address.apiserver[each.key].address
  ip_protocol           = "TCP"
  port_range            = "6443"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  target                = google_compute_target_tcp_proxy.apiserver.self_link
  labels                = local.labels
}

resource "google_compute_target_tcp_proxy" "apiserver" {
  name            = "${var.cluster_name}-apiserver"
  description     = "TCP proxy to the ${var.cluster_name} controllers"
  backend_service = google_compute_backend_service.apiserver.self_link
}

resource "google_compute_backend_service" "apiserver" {
  name                  = "${var.cluster_name}-apiserver"
  description           = "kube-apiserver of ${var.cluster_name}"
  protocol              = "TCP"
  port_name             = "apiserver"
  session_affinity      = "NONE"
  timeout_sec           = 300
  load_balancing_scheme = "EXTERNAL_MANAGED"
  health_checks         = [google_compute_health_check.apiserver.self_link]

  dynamic "backend" {
    for_each = google_compute_instance_group.controllers

    content {
      group = backend.value.self_link
    }
  }
}

resource "google_compute_health_check" "apiserver" {
  name                = "${var.cluster_name}-apiserver"
  description         = "kube-apiserver answers TLS on 6443"
  timeout_sec         = 5
  check_interval_sec  = 5
  healthy_threshold   = 1
  unhealthy_threshold = 3

  ssl_health_check {
    port = 6443
  }
}

# One unmanaged instance group per zone that has controllers.
resource "google_compute_instance_group" "controllers" {
  for_each = toset(distinct(local.controller_zones))

  name = "${var.cluster_name}-controllers-${each.key}"
  zone = each.key
  instances = [for index, zone in local.controller_zones :
    google_compute_instance.controller[index].self_link if zone == each.key
  ]

  named_port {
    name = "apiserver"
    port = 6443
  }
}

resource "google_dns_record_set" "apiserver" {
  for_each = local.ip_versions

  managed_zone = var.dns_zone_name
  name         = "${local.api_server}."
  type         = each.value
  ttl          = 300
  rrdatas      = [google_compute_global_address.apiserver[each.key].address]
}

resource "google_dns_record_set" "etcd" {
  count = var.controller_count

  managed_zone = var.dns_zone_name
  name         = "${local.etcd_servers[count.index]}."
  type         = "A"
  ttl          = 300
  rrdatas      = [google_compute_instance.controller[count.index].network_interface[0].network_ip]
}

locals {
  # global address ip_version -> DNS record type
  ip_versions = { IPV4 = "A", IPV6 = "AAAA" }
}
