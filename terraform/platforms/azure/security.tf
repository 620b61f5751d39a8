# Network security groups, one per subnet, one azurerm_network_security_rule per rule and
# address family. Open to the outside: SSH from ssh_cidrs on every node, the API (6443) on
# controllers, HTTP/HTTPS on workers; the load balancer's probes; between the subnets only
# what the cluster needs. Everything else inbound is denied, including Azure's default
# allow-all within the virtual network.
resource "azurerm_network_security_group" "node" {
  for_each = local.subnets

  name                = "${var.cluster_name}-${each.key}"
  resource_group_name = azurerm_resource_group.cluster.name
  location            = azurerm_resource_group.cluster.location

  tags = local.tags
}

locals {
  # Node-to-node traffic: name -> protocol, port, the groups it opens (to) and where it
  # comes from (from). calico and flannel use VXLAN on 4789; cilium VXLAN on 8472, health
  # checks on 4240 and ICMP echo.
  node_rules = merge(var.networking == "cilium" ? {
    cilium-health = { protocol = "Tcp", port = "4240", to = ["controller", "worker"], from = ["controller", "worker"] }
    } : {}, {
    icmp                 = { protocol = "Icmp", port = "*", to = ["controller", "worker"], from = ["controller", "worker"] }
    vxlan                = { protocol = "Udp", port = var.networking == "cilium" ? "8472" : "4789", to = ["controller", "worker"], from = ["controller", "worker"] }
    etcd                 = { protocol = "Tcp", port = "2379-2380", to = ["controller"], from = ["controller"] }
    kubelet              = { protocol = "Tcp", port = "10250", to = ["controller", "worker"], from = ["controller", "worker"] }
    node-exporter        = { protocol = "Tcp", port = "9100", to = ["controller", "worker"], from = ["worker"] }
    ssh-from-controllers = { protocol = "Tcp", port = "22", to = ["worker"], from = ["controller"] }
  })
  ssh_cidrs = {
    ipv4 = [for cidr in var.ssh_cidrs : cidr if !can(regex(":", cidr))]
    ipv6 = [for cidr in var.ssh_cidrs : cidr if can(regex(":", cidr))]
  }
  # Every allow rule: group, a name unique in the group, protocol, port, sources (public:
  # from anywhere). A rule
  # opens the group's own subnet prefixes of one address family.
  allow_rules = concat(
    flatten([for name, rule in local.node_rules : [
      for pair in setproduct(rule.to, local.families) : {
        group    = pair[0]
        name     = "${name}-${pair[1]}"
        family   = pair[1]
        protocol = rule.protocol
        port     = rule.port
        sources  = flatten([for from in rule.from : local.subnets[from][pair[1]]])
        public   = false
      }
    ]]),
    [for pair in setproduct(keys(local.subnets), local.families) : {
      group    = pair[0]
      name     = "ssh-${pair[1]}"
      family   = pair[1]
      protocol = "Tcp"
      port     = "22"
      sources  = local.ssh_cidrs[pair[1]]
      public   = false
    } if length(local.ssh_cidrs[pair[1]]) > 0],
    [for pair in setproduct(["6443"], local.families) : {
      group    = "controller"
      name     = "apiserver-${pair[1]}"
      family   = pair[1]
      protocol = "Tcp"
      port     = pair[0]
      sources  = []
      public   = true
    }],
    [for pair in setproduct(["80", "443"], local.families) : {
      group    = "worker"
      name     = "ingress-${pair[0]}-${pair[1]}"
      family   = pair[1]
      protocol = "Tcp"
      port     = pair[0]
      sources  = []
      public   = true
    }],
  )
  # "controller-ssh-ipv4" -> rule, with a priority unique in its group (Azure's rule)
  allow_rule_map = { for rule in local.allow_rules : "${rule.group}-${rule.name}" => rule }
  allow_rule_order = {
    for group in keys(local.subnets) : group => sort([for key, rule in local.allow_rule_map : key if rule.group == group])
  }
}

resource "azurerm_network_security_rule" "allow" {
  for_each = local.allow_rule_map

  name                        = "allow-${each.value.name}"
  resource_group_name         = azurerm_resource_group.cluster.name
  network_security_group_name = azurerm_network_security_group.node[each.value.group].name
  priority                    = 2000 + index(local.allow_rule_order[each.value.group], each.key)
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = each.value.protocol
  source_port_range           = "*"
  destination_port_range      = each.value.port
  # from anywhere: "*" as a single prefix (Azure refuses it in a list)
  source_address_prefix        = each.value.public ? "*" : null
  source_address_prefixes      = each.value.public ? null : each.value.sources
  destination_address_prefixes = local.subnets[each.value.group][each.value.family]
}

# After the allow rules: the load balancer's health probes, then deny everything else
# (Azure's defaults would allow all traffic within the virtual network).
resource "azurerm_network_security_rule" "last" {
  for_each = { for pair in setproduct(keys(local.subnets), ["allow-loadbalancer", "deny-all"]) : "${pair[0]}-${pair[1]}" => pair }

  name                        = each.value[1]
  resource_group_name         = azurerm_resource_group.cluster.name
  network_security_group_name = azurerm_network_security_group.node[each.value[0]].name
  priority                    = each.value[1] == "deny-all" ? 3005 : 3000
  direction                   = "Inbound"
  access                      = each.value[1] == "deny-all" ? "Deny" : "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = each.value[1] == "deny-all" ? "*" : "AzureLoadBalancer"
  destination_address_prefix  = "*"
}
