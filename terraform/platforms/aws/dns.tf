# The API name points at the load balancer; each etcd member's name at its controller.
resource "aws_route53_record" "apiserver" {
  for_each = toset(["A", "AAAA"])

  zone_id = var.dns_zone_id
  name    = local.api_server
  type    = each.key

  alias {
    name                   = aws_lb.nlb.dns_name
    zone_id                = aws_lb.nlb.zone_id
    evaluate_target_health = false
  }
}

resource "aws_route53_record" "etcd" {
  count = var.controller_count

  zone_id = var.dns_zone_id
  name    = local.etcd_servers[count.index]
  type    = "A"
  ttl     = 300
  records = [aws_instance.controller[count.index].private_ip]
}
