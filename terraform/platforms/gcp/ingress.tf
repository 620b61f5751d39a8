# Ingress: two global addresses and the health check of the ingress controllers (10254,
# /healthz). The worker pool created with ingress = true puts the TCP proxies for 80 and 443
# in front of its instance group on these addresses (workers/ingress.tf).
resource "google_compute_global_address" "ingress" {
  for_each = local.ip_versions

  name       = "${var.cluster_name}-ingress-${lower(each.key)}"
  ip_version = each.key
  labels     = local.labels
}

resource "google_compute_health_check" "ingress" {
  name                = "${var.cluster_name}-ingress"
  description         = "Ingress controllers answer /healthz on 10254"
  timeout_sec         = 5
  check_interval_sec  = 5
  healthy_threshold   = 2
  unhealthy_threshold = 4

  http_health_check {
    port         = 10254
    request_path = "/healthz"
  }
}
