# One network load balancer: 6443 to the controllers, 80 and 443 to the worker pools that
# ask for ingress (they join the target groups through worker_wiring).
resource "aws_lb" "nlb" {
  name               = "${var.cluster_name}-nlb"
  load_balancer_type = "network"
  internal           = false
  ip_address_type    = "dualstack"
  subnets            = aws_subnet.public[*].id

  enable_cross_zone_load_balancing = true

  tags = local.tags
}

locals {
  # target group -> port; the workers' target groups take instances from the ASGs.
  lb_ports = {
    apiserver = 6443
    http      = 80
    https     = 443
  }
}

resource "aws_lb_target_group" "nlb" {
  for_each = local.lb_ports

  name        = "${var.cluster_name}-${each.key}"
  vpc_id      = aws_vpc.network.id
  target_type = "instance"
  protocol    = "TCP"
  port        = each.value
  # Controllers reach the API through the load balancer too: a target cannot be sent its
  # own connection while the client address is kept (NLB hairpinning), so the API's
  # target group hides it. Ingress keeps real client addresses.
  preserve_client_ip = each.key == "apiserver" ? "false" : "true"

  health_check {
    protocol            = "TCP"
    port                = each.value
    healthy_threshold   = 3
    unhealthy_threshold = 3
    interval            = 10
  }

  tags = local.tags
}

resource "aws_lb_listener" "nlb" {
  for_each = local.lb_ports

  load_balancer_arn = aws_lb.nlb.arn
  protocol          = "TCP"
  port              = each.value

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.nlb[each.key].arn
  }

  tags = local.tags
}

resource "aws_lb_target_group_attachment" "controller" {
  count = var.controller_count

  target_group_arn = aws_lb_target_group.nlb["apiserver"].arn
  target_id        = aws_instance.controller[count.index].id
  port             = 6443
}
