# A VPC with IPv4 and an Amazon-provided IPv6 block, one public subnet per availability
# zone, and default routes to an internet gateway.
data "aws_availability_zones" "all" {
  count = length(var.availability_zones) == 0 ? 1 : 0

  state = "available"
}

# The zones are read once, at the first apply, and kept; set availability_zones to choose them.
module "zones_kept" {
  source = "../../modules/zones-kept"
  count  = length(var.availability_zones) == 0 ? 1 : 0

  zones = data.aws_availability_zones.all[0].names
}

resource "aws_vpc" "network" {
  cidr_block                       = var.host_cidr
  assign_generated_ipv6_cidr_block = true
  enable_dns_support               = true
  enable_dns_hostnames             = true

  tags = merge(local.tags, { Name = var.cluster_name })
}

resource "aws_internet_gateway" "gateway" {
  vpc_id = aws_vpc.network.id

  tags = merge(local.tags, { Name = var.cluster_name })
}

resource "aws_route_table" "default" {
  vpc_id = aws_vpc.network.id

  tags = merge(local.tags, { Name = var.cluster_name })
}

resource "aws_route" "egress_ipv4" {
  route_table_id         = aws_route_table.default.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.gateway.id
}

resource "aws_route" "egress_ipv6" {
  route_table_id              = aws_route_table.default.id
  destination_ipv6_cidr_block = "::/0"
  gateway_id                  = aws_internet_gateway.gateway.id
}

resource "aws_subnet" "public" {
  count = length(local.zones)

  vpc_id            = aws_vpc.network.id
  availability_zone = local.zones[count.index]

  cidr_block                      = cidrsubnet(var.host_cidr, 4, count.index)
  ipv6_cidr_block                 = local.vpc_ipv6 ? cidrsubnet(aws_vpc.network.ipv6_cidr_block, 8, count.index) : null
  map_public_ip_on_launch         = true
  assign_ipv6_address_on_creation = local.vpc_ipv6

  tags = merge(local.tags, { Name = "${var.cluster_name}-public-${local.zones[count.index]}" })
}

resource "aws_route_table_association" "public" {
  count = length(local.zones)

  route_table_id = aws_route_table.default.id
  subnet_id      = aws_subnet.public[count.index].id
}

locals {
  zones = length(var.availability_zones) > 0 ? var.availability_zones : module.zones_kept[0].zones
  # AWS always gives the VPC its /56. Railyard's offline sandbox leaves the block empty:
  # the subnets then stay IPv4-only instead of failing on cidrsubnet("").
  vpc_ipv6 = aws_vpc.network.ipv6_cidr_block != ""
}

# AWS gives every VPC a default security group that lets its members reach each other and
# anything outside. Nothing here uses it: adopting it revokes its rules, and the empty lists
# make the next plan revoke any rule added by hand.
resource "aws_default_security_group" "default" {
  vpc_id  = aws_vpc.network.id
  ingress = []
  egress  = []

  tags = merge(local.tags, { Name = "${var.cluster_name}-default" })
}
