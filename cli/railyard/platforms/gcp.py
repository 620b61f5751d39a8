"""Google Cloud: Compute Engine instances, a regional managed instance group per worker
pool, global TCP proxy load balancers, Cloud DNS."""

from __future__ import annotations

from railyard.platforms import providers
from railyard.platforms.platform import EVERY_ARGUMENT, Platform

PLATFORM = Platform(
    name="gcp",
    model="railyard.config.platforms.gcp:GcpCluster",
    section="gcp",
    providers={"google": providers.GOOGLE, **providers.SHARED},
    template="platforms/gcp.tf.j2",
    starter="gcp.yaml",
    example="gcp/cluster.yaml",
    module="platforms/gcp",
    controller_machine="module.cluster.google_compute_instance.controller[{index}]",
    # From the provider's documentation and source (ForceNew arguments of each type).
    sandbox_force_new={
        "google_compute_backend_service": frozenset({"name", "project"}),
        "google_compute_firewall": frozenset({"direction", "name", "network", "project"}),
        "google_compute_global_address": frozenset(
            {
                "address",
                "address_type",
                "description",
                "ip_version",
                "name",
                "network",
                "prefix_length",
                "project",
                "purpose",
            }
        ),
        "google_compute_global_forwarding_rule": frozenset(
            {
                "description",
                "ip_address",
                "ip_protocol",
                "ip_version",
                "load_balancing_scheme",
                "name",
                "network",
                "port_range",
                "project",
                "source_ip_ranges",
                "subnetwork",
            }
        ),
        "google_compute_health_check": frozenset({"name", "project"}),
        "google_compute_instance": frozenset(
            {"boot_disk", "hostname", "name", "project", "scratch_disk", "zone"}
        ),
        "google_compute_instance_group": frozenset(
            {"description", "name", "network", "project", "zone"}
        ),
        "google_compute_network": frozenset(
            {"auto_create_subnetworks", "description", "name", "project"}
        ),
        "google_compute_region_instance_group_manager": frozenset(
            {"base_instance_name", "distribution_policy_zones", "name", "project", "region"}
        ),
        # An instance template cannot be changed at all.
        "google_compute_region_instance_template": EVERY_ARGUMENT,
        "google_compute_subnetwork": frozenset(
            {"description", "name", "network", "project", "purpose", "region"}
        ),
        "google_compute_target_tcp_proxy": frozenset({"description", "name", "project"}),
        "google_dns_record_set": frozenset({"managed_zone", "name", "project", "type"}),
        "google_service_account": frozenset({"account_id", "project"}),
        "google_storage_bucket": frozenset({"location", "name", "project"}),
        "google_storage_bucket_iam_member": EVERY_ARGUMENT,
        "google_storage_bucket_object": frozenset(
            {
                "bucket",
                "content",
                "content_disposition",
                "content_encoding",
                "content_language",
                "detect_md5hash",
                "kms_key_name",
                "name",
                "source",
                "source_md5hash",
            }
        ),
    },
)
