"""Amazon Web Services: EC2 instances, an autoscaling group per worker pool, Route53."""

from __future__ import annotations

from railyard.platforms import providers
from railyard.platforms.platform import EVERY_ARGUMENT, Platform

PLATFORM = Platform(
    name="aws",
    model="railyard.config.platforms.aws:AwsCluster",
    section="aws",
    providers={"aws": providers.AWS, **providers.SHARED},
    template="platforms/aws.tf.j2",
    starter="aws.yaml",
    example="aws/cluster.yaml",
    module="platforms/aws",
    controller_machine="module.cluster.aws_instance.controller[{index}]",
    sandbox_force_new={
        "aws_autoscaling_group": frozenset({"name", "name_prefix"}),
        "aws_default_security_group": frozenset({"vpc_id"}),
        "aws_egress_only_internet_gateway": frozenset({"vpc_id"}),
        "aws_iam_instance_profile": frozenset({"name", "name_prefix", "path"}),
        "aws_iam_role": frozenset({"name", "name_prefix", "path"}),
        "aws_iam_role_policy": frozenset({"name", "name_prefix", "role"}),
        "aws_instance": frozenset(
            {
                "ami",
                "associate_public_ip_address",
                "availability_zone",
                "key_name",
                "placement_group",
                "private_ip",
                "subnet_id",
                "tenancy",
            }
        ),
        "aws_key_pair": frozenset({"key_name", "key_name_prefix", "public_key"}),
        "aws_launch_template": frozenset({"name", "name_prefix"}),
        "aws_lb": frozenset({"internal", "load_balancer_type", "name", "name_prefix"}),
        "aws_lb_listener": frozenset({"load_balancer_arn"}),
        "aws_lb_target_group": frozenset(
            {
                "name",
                "name_prefix",
                "port",
                "protocol",
                "protocol_version",
                "target_type",
                "vpc_id",
            }
        ),
        "aws_lb_target_group_attachment": EVERY_ARGUMENT,
        "aws_route": frozenset(
            {
                "destination_cidr_block",
                "destination_ipv6_cidr_block",
                "destination_prefix_list_id",
                "route_table_id",
            }
        ),
        "aws_route53_record": frozenset({"name", "zone_id"}),
        "aws_route_table": frozenset({"vpc_id"}),
        "aws_route_table_association": frozenset({"gateway_id", "subnet_id"}),
        "aws_s3_bucket": frozenset({"bucket", "bucket_prefix"}),
        "aws_s3_bucket_public_access_block": frozenset({"bucket"}),
        "aws_s3_bucket_server_side_encryption_configuration": frozenset({"bucket"}),
        "aws_s3_bucket_versioning": frozenset({"bucket"}),
        "aws_s3_object": frozenset({"bucket", "key"}),
        "aws_security_group": frozenset({"description", "name", "name_prefix", "vpc_id"}),
        "aws_security_group_rule": frozenset(
            {
                "cidr_blocks",
                "from_port",
                "ipv6_cidr_blocks",
                "prefix_list_ids",
                "protocol",
                "security_group_id",
                "self",
                "source_security_group_id",
                "to_port",
                "type",
            }
        ),
        "aws_subnet": frozenset(
            {"availability_zone", "availability_zone_id", "cidr_block", "vpc_id"}
        ),
        "aws_vpc": frozenset({"cidr_block", "ipv4_ipam_pool_id"}),
        "aws_vpc_security_group_egress_rule": frozenset({"security_group_id"}),
        "aws_vpc_security_group_ingress_rule": frozenset({"security_group_id"}),
    },
)
