# A custom-mode network with one dual-stack subnetwork in the region: host_cidr for IPv4,
# an external IPv6 /64 from Google. Compute Engine allows all egress by default; the
# nodes' external addresses reach the internet.
data "google_compute_zones" "all" {
  count = length(var.zones) == 0 ? 1 : 0

  region = var.region
  status = "UP"
}

# The zones are read once, at the first apply, and kept; set zones to choose them.
module "zones_kept" {
  source = "../../modules/zones-kept"
  count  = length(var.zones) == 0 ? 1 : 0

  zones = data.google_compute_zones.all[0].names
}

resource "google_compute_network" "network" {
  name                    = var.cluster_name
  description             = "Network of the ${var.cluster_name} cluster"
  auto_create_subnetworks = false
}

resource "google_compute_subnetwork" "nodes" {
  name          = var.cluster_name
  network       = google_compute_network.network.id
  region        = var.region
  ip_cidr_range = var.host_cidr

  stack_type       = "IPV4_IPV6"
  ipv6_access_type = "EXTERNAL"

  # Google APIs (the Ignition bucket, images) over Google's network on both address families.
  private_ip_google_access   = true
  private_ipv6_google_access = "ENABLE_OUTBOUND_VM_ACCESS_TO_GOOGLE"
}

locals {
  zones = length(var.zones) > 0 ? var.zones : module.zones_kept[0].zones
}
