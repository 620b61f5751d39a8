# One standard load balancer with a static public IPv4 and IPv6 frontend: 6443 to the
# controllers, 80 and 443 to the worker pools that ask for ingress, and outbound rules
# that give every worker its internet access (the subnets have no default outbound).
resource "azurerm_public_ip" "frontend" {
  for_each = toset(local.families)

  name                = "${var.cluster_name}-frontend-${each.key}"
  resource_group_name = azurerm_resource_group.cluster.name
  location            = azurerm_resource_group.cluster.location
  ip_version          = each.key == "ipv4" ? "IPv4" : "IPv6"
  sku                 = "Standard"
  allocation_method   = "Static"

  tags = local.tags
}

resource "azurerm_lb" "cluster" {
  name                = var.cluster_name
  resource_group_name = azurerm_resource_group.cluster.name
  location            = azurerm_resource_group.cluster.location
  sku                 = "Standard"

  dynamic "frontend_ip_configuration" {
    for_each = local.families

    content {
      name                 = "frontend-${frontend_ip_configuration.value}"
      public_ip_address_id = azurerm_public_ip.frontend[frontend_ip_configuration.value].id
    }
  }

  tags = local.tags
}

locals {
  # "controller-ipv4" (the API), "ingress-ipv4" (80/443), "worker-ipv4" (outbound), ...
  backend_pools = [for pair in setproduct(["controller", "ingress", "worker"], local.families) : "${pair[0]}-${pair[1]}"]
  # rule -> port, backend role, probe
  lb_rules = merge(
    { for family in local.families : "apiserver-${family}" => { port = 6443, pool = "controller-${family}", family = family, probe = "apiserver" } },
    { for pair in setproduct([80, 443], local.families) : "ingress-${pair[0]}-${pair[1]}" => { port = pair[0], pool = "ingress-${pair[1]}", family = pair[1], probe = "ingress" } },
  )
}

resource "azurerm_lb_backend_address_pool" "pool" {
  for_each = toset(local.backend_pools)

  name            = each.key
  loadbalancer_id = azurerm_lb.cluster.id
}

resource "azurerm_lb_probe" "apiserver" {
  name                = "apiserver"
  loadbalancer_id     = azurerm_lb.cluster.id
  protocol            = "Tcp"
  port                = 6443
  number_of_probes    = 3
  interval_in_seconds = 5
}

# The ingress controller's health endpoint (ingress-nginx serves /healthz on 10254).
resource "azurerm_lb_probe" "ingress" {
  name                = "ingress"
  loadbalancer_id     = azurerm_lb.cluster.id
  protocol            = "Http"
  port                = 10254
  request_path        = "/healthz"
  number_of_probes    = 3
  interval_in_seconds = 5
}

resource "azurerm_lb_rule" "rule" {
  for_each = local.lb_rules

  name                           = each.key
  loadbalancer_id                = azurerm_lb.cluster.id
  frontend_ip_configuration_name = "frontend-${each.value.family}"
  protocol                       = "Tcp"
  frontend_port                  = each.value.port
  backend_port                   = each.value.port
  backend_address_pool_ids       = [azurerm_lb_backend_address_pool.pool[each.value.pool].id]
  probe_id                       = each.value.probe == "apiserver" ? azurerm_lb_probe.apiserver.id : azurerm_lb_probe.ingress.id
  # outbound traffic goes through the outbound rules below
  disable_outbound_snat = true
}

resource "azurerm_lb_outbound_rule" "worker" {
  for_each = toset(local.families)

  name                    = "outbound-${each.key}"
  loadbalancer_id         = azurerm_lb.cluster.id
  protocol                = "All"
  backend_address_pool_id = azurerm_lb_backend_address_pool.pool["worker-${each.key}"].id

  frontend_ip_configuration {
    name = "frontend-${each.key}"
  }
}
