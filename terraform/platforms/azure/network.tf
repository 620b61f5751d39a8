# A resource group for the cluster, a dual-stack virtual network (host_cidr and a random
# IPv6 unique local /48), and one subnet for controllers and one for workers: Azure's
# network security groups match address prefixes, not group membership.
resource "azurerm_resource_group" "cluster" {
  name     = var.cluster_name
  location = var.location

  tags = local.tags
}

resource "random_id" "ula" {
  byte_length = 5 # 40 bits: fd00::/8 holds 2^40 /48 networks (RFC 4193)
}

locals {
  network_ipv6 = cidrsubnet("fd00::/8", 40, random_id.ula.dec)
  # role -> family -> the subnet's prefixes (lists, as security rules take them)
  subnets = {
    controller = { ipv4 = [cidrsubnet(var.host_cidr, 1, 0)], ipv6 = [cidrsubnet(local.network_ipv6, 16, 0)] }
    worker     = { ipv4 = [cidrsubnet(var.host_cidr, 1, 1)], ipv6 = [cidrsubnet(local.network_ipv6, 16, 1)] }
  }
  families = ["ipv4", "ipv6"]
}

resource "azurerm_virtual_network" "network" {
  name                = var.cluster_name
  resource_group_name = azurerm_resource_group.cluster.name
  location            = azurerm_resource_group.cluster.location
  address_space       = [var.host_cidr, local.network_ipv6]

  tags = local.tags
}

resource "azurerm_subnet" "node" {
  for_each = local.subnets

  name                 = each.key
  resource_group_name  = azurerm_resource_group.cluster.name
  virtual_network_name = azurerm_virtual_network.network.name
  address_prefixes     = concat(each.value.ipv4, each.value.ipv6)
  # Nodes reach the internet through their public addresses (controllers) or the load
  # balancer's outbound rules (workers), never Azure's implicit default access.
  default_outbound_access_enabled = false
}

resource "azurerm_subnet_network_security_group_association" "node" {
  for_each = local.subnets

  subnet_id                 = azurerm_subnet.node[each.key].id
  network_security_group_id = azurerm_network_security_group.node[each.key].id
}
