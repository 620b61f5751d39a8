# The API name points at the load balancer's frontends; each etcd member's name at its
# controller's private address.
resource "azurerm_dns_a_record" "apiserver" {
  zone_name           = var.dns_zone
  resource_group_name = var.dns_zone_group
  name                = var.cluster_name
  ttl                 = 300
  records             = [azurerm_public_ip.frontend["ipv4"].ip_address]

  tags = local.tags
}

resource "azurerm_dns_aaaa_record" "apiserver" {
  zone_name           = var.dns_zone
  resource_group_name = var.dns_zone_group
  name                = var.cluster_name
  ttl                 = 300
  records             = [azurerm_public_ip.frontend["ipv6"].ip_address]

  tags = local.tags
}

resource "azurerm_dns_a_record" "etcd" {
  count = var.controller_count

  zone_name           = var.dns_zone
  resource_group_name = var.dns_zone_group
  name                = "${var.cluster_name}-etcd${count.index}"
  ttl                 = 300
  records             = [azurerm_network_interface.controller[count.index].private_ip_address]

  tags = local.tags
}
