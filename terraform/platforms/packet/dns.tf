# As Lokomotive did: the API name resolves to every controller's public IPv4, each etcd
# member's name to its controller's private IPv4. Equinix Metal has no load balancer.
resource "aws_route53_record" "apiserver" {
  zone_id = var.dns_zone_id
  name    = local.api_server
  type    = "A"
  ttl     = 300
  records = equinix_metal_device.controller[*].access_public_ipv4
}

resource "aws_route53_record" "etcd" {
  count = length(equinix_metal_device.controller)

  zone_id = var.dns_zone_id
  name    = local.etcd_servers[count.index]
  type    = "A"
  ttl     = 300
  records = [equinix_metal_device.controller[count.index].access_private_ipv4]
}
