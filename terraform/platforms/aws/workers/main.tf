# A worker pool: a launch template and an autoscaling group that replaces instances
# (rolling) when the template changes.
locals {
  wiring = var.worker_wiring
  # The pool's own kubelet settings, else the cluster's.
  kubelet = var.kubelet_settings == null ? local.wiring.kubelet_settings : var.kubelet_settings
  # IOPS are provisioned for gp3, io1 and io2; gp2 derives them from the size.
  disk_iops = var.disk_type == "gp2" ? null : var.disk_iops
}

module "ignition" {
  source = "../../../modules/flatcar-node"

  role                 = "worker"
  ssh_authorized_keys  = local.wiring.ssh_authorized_keys
  bootstrap_kubeconfig = local.wiring.bootstrap_kubeconfig
  cluster_dns_ip       = local.wiring.cluster_dns_ip
  cluster_domain       = local.wiring.cluster_domain
  container_runtime    = local.wiring.container_runtime
  cgroup_driver        = local.wiring.cgroup_driver
  kubelet_extra_args   = local.wiring.kubelet_extra_args
  instance_metadata    = "aws"
  kubelet_image        = local.wiring.kubelet_image
  max_pods             = local.kubelet.max_pods
  kube_reserved        = local.kubelet.kube_reserved
  system_reserved      = local.kubelet.system_reserved
  eviction_hard        = local.kubelet.eviction_hard
  kubelet_mounts       = local.kubelet.kubelet_mounts
  cni_conf_dir         = local.kubelet.cni_conf_dir
  pod_manifest_path    = local.kubelet.pod_manifest_path
  volume_plugin_dir    = local.kubelet.volume_plugin_dir
  os_channel           = local.wiring.os_channel
  disable_auto_update  = local.wiring.disable_auto_update
  reboot_strategy      = local.wiring.reboot_strategy
  node_labels = merge(var.labels, {
    "node.kubernetes.io/pool"       = var.name
    "topology.kubernetes.io/region" = local.wiring.region
  })
  node_taints = var.taints
  snippets    = var.snippets
}

resource "aws_launch_template" "worker" {
  name                   = "${var.cluster_name}-${var.name}"
  image_id               = local.wiring.ami_id
  instance_type          = var.instance_type
  user_data              = base64encode(module.ignition.ignition_compact)
  update_default_version = true

  network_interfaces {
    associate_public_ip_address = var.public_ipv4
    security_groups             = local.wiring.security_group_ids
    delete_on_termination       = true
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_type = var.disk_type
      volume_size = var.disk_size
      iops        = local.disk_iops
      encrypted   = true
    }
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  dynamic "instance_market_options" {
    for_each = var.spot_price == null ? [] : [var.spot_price]

    content {
      market_type = "spot"

      spot_options {
        max_price = tostring(instance_market_options.value)
      }
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.wiring.tags, { Name = "${var.cluster_name}-${var.name}" })
  }

  tags = local.wiring.tags

  # Flatcar updates itself: a newer AMI of the channel does not roll the pool.
  lifecycle {
    ignore_changes = [image_id]
  }
}

resource "aws_autoscaling_group" "worker" {
  name = "${var.cluster_name}-${var.name}"

  desired_capacity    = var.worker_count
  min_size            = var.worker_count
  max_size            = var.worker_count + 2
  vpc_zone_identifier = local.wiring.subnet_ids
  target_group_arns   = var.ingress ? local.wiring.target_group_arns : []

  health_check_type         = "EC2"
  health_check_grace_period = 300

  launch_template {
    id      = aws_launch_template.worker.id
    version = aws_launch_template.worker.latest_version
  }

  instance_refresh {
    strategy = "Rolling"

    preferences {
      instance_warmup        = 120
      min_healthy_percentage = 90
    }
  }

  dynamic "tag" {
    for_each = merge(local.wiring.tags, { Name = "${var.cluster_name}-${var.name}" })

    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }
}
