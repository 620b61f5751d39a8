# Security groups. Open to the outside: SSH from ssh_cidrs, the API (6443) on controllers,
# HTTP/HTTPS on workers. The network load balancer keeps client addresses, so these rules
# are also what its listeners and health checks need; everything else is between nodes.
resource "aws_security_group" "controller" {
  name        = "${var.cluster_name}-controller"
  description = "${var.cluster_name} controllers"
  vpc_id      = aws_vpc.network.id

  tags = merge(local.tags, { Name = "${var.cluster_name}-controller" })
}

resource "aws_security_group" "worker" {
  name        = "${var.cluster_name}-worker"
  description = "${var.cluster_name} workers"
  vpc_id      = aws_vpc.network.id

  tags = merge(local.tags, { Name = "${var.cluster_name}-worker" })
}

locals {
  security_groups = {
    controller = aws_security_group.controller.id
    worker     = aws_security_group.worker.id
  }

  # Node-to-node traffic: name -> protocol, port, the groups it opens (to) and where it
  # comes from (from). calico and flannel use VXLAN on 4789; cilium uses VXLAN on its own
  # port 8472 and health-checks every node (TCP 4240 and ICMP echo, as Typhoon opens them).
  # etcd metrics (2381), kube-controller-manager (10257) and kube-scheduler (10259) listen
  # on 127.0.0.1 only (modules/bootstrap), so no rule opens them.
  all_nodes = ["controller", "worker"]
  cni_rules = var.networking == "cilium" ? {
    cilium-vxlan       = { protocol = "udp", port = 8472, to = local.all_nodes, from = local.all_nodes }
    cilium-health      = { protocol = "tcp", port = 4240, to = local.all_nodes, from = local.all_nodes }
    cilium-health-icmp = { protocol = "icmp", port = 8, to = local.all_nodes, from = local.all_nodes }
    } : {
    vxlan = { protocol = "udp", port = 4789, to = local.all_nodes, from = local.all_nodes }
  }
  node_rules = merge(local.cni_rules, {
    etcd          = { protocol = "tcp", port = 2379, to = ["controller"], from = ["controller"] }
    etcd-peer     = { protocol = "tcp", port = 2380, to = ["controller"], from = ["controller"] }
    kubelet       = { protocol = "tcp", port = 10250, to = ["controller", "worker"], from = ["controller", "worker"] }
    node-exporter = { protocol = "tcp", port = 9100, to = ["controller", "worker"], from = ["worker"] }
  })
  # "worker-kubelet-from-controller" -> one rule
  node_rule_list = flatten([for name, rule in local.node_rules : [
    for to in rule.to : [for from in rule.from : {
      key      = "${to}-${name}-from-${from}"
      to       = to
      from     = from
      protocol = rule.protocol
      port     = rule.port
    }]
  ]])

  # Open to the outside: SSH from ssh_cidrs on every node, the API on controllers and
  # HTTP/HTTPS on workers from anywhere. "controller-22-0.0.0.0/0" -> one rule.
  world = ["0.0.0.0/0", "::/0"]
  public_rule_list = concat(
    [for pair in setproduct(keys(local.security_groups), var.ssh_cidrs) : { group = pair[0], port = 22, cidr = pair[1] }],
    [for cidr in local.world : { group = "controller", port = 6443, cidr = cidr }],
    [for pair in setproduct([80, 443], local.world) : { group = "worker", port = pair[0], cidr = pair[1] }],
  )
}

resource "aws_vpc_security_group_ingress_rule" "node" {
  for_each = { for rule in local.node_rule_list : rule.key => rule }

  security_group_id            = local.security_groups[each.value.to]
  referenced_security_group_id = local.security_groups[each.value.from]
  ip_protocol                  = each.value.protocol
  # For ICMP the two ports are the type and the code: echo request is type 8, code 0.
  from_port   = each.value.port
  to_port     = each.value.protocol == "icmp" ? 0 : each.value.port
  description = each.key

  tags = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "public" {
  for_each = { for rule in local.public_rule_list : "${rule.group}-${rule.port}-${rule.cidr}" => rule }

  security_group_id = local.security_groups[each.value.group]
  cidr_ipv4         = can(regex(":", each.value.cidr)) ? null : each.value.cidr
  cidr_ipv6         = can(regex(":", each.value.cidr)) ? each.value.cidr : null
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  description       = each.key

  tags = local.tags
}

# Nodes reach the internet (images, updates, AWS APIs) over IPv4 and IPv6.
resource "aws_vpc_security_group_egress_rule" "all" {
  for_each = { for pair in setproduct(keys(local.security_groups), local.world) : "${pair[0]}-${pair[1]}" => pair }

  security_group_id = local.security_groups[each.value[0]]
  cidr_ipv4         = can(regex(":", each.value[1])) ? null : each.value[1]
  cidr_ipv6         = can(regex(":", each.value[1])) ? each.value[1] : null
  ip_protocol       = "-1"
  description       = "all egress"

  tags = local.tags
}
