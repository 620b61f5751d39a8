output "kubeconfig" {
  description = "Admin kubeconfig (system:masters) for the API endpoint."
  value       = module.bootstrap.kubeconfig_admin
  sensitive   = true
}

output "api_endpoint" {
  description = "URL of the Kubernetes API: https://cluster_name.dns_zone:6443."
  value       = module.bootstrap.api_endpoint
}

output "nodes" {
  description = "The controllers: a list of {role, name, address (private IPv4), id (instance id)}."
  value = [for index, controller in aws_instance.controller : {
    role    = "controller"
    name    = local.controller_names[index]
    address = controller.private_ip
    id      = controller.id
  }]
}

output "ignition" {
  description = "Each controller's full Ignition JSON (what its bucket object holds), by \"controller-<index>\"."
  value       = { for index, ignition in local.controller_ignition : "controller-${index}" => ignition }
  sensitive   = true
}

output "pending_controller_replacements" {
  description = "Controllers running an older AMI or Ignition than the configuration's: changes wait for a deliberate replacement (railyard replace-controller N, one at a time)."
  value = [for index, controller in aws_instance.controller : local.controller_names[index]
    if controller.ami != data.aws_ami.flatcar.image_id || controller.user_data_base64 != base64encode(local.controller_user_data[index])
  ]
}

output "worker_wiring" {
  description = "Everything a workers module needs from the cluster (pass it whole to workers/)."
  value = {
    region               = var.region
    ami_id               = data.aws_ami.flatcar.image_id
    vpc_id               = aws_vpc.network.id
    subnet_ids           = aws_subnet.public[*].id
    security_group_ids   = [aws_security_group.worker.id]
    target_group_arns    = [aws_lb_target_group.nlb["http"].arn, aws_lb_target_group.nlb["https"].arn]
    bootstrap_kubeconfig = module.bootstrap.kubeconfig_kubelet
    cluster_dns_ip       = module.bootstrap.cluster_dns_ip
    cluster_domain       = var.cluster_domain
    container_runtime    = var.container_runtime
    cgroup_driver        = var.cgroup_driver
    kubelet_extra_args   = var.kubelet_extra_args
    kubelet_image        = module.bootstrap.kubelet_image
    kubelet_settings     = var.kubelet_settings
    os_channel           = var.os_channel
    disable_auto_update  = var.disable_auto_update
    reboot_strategy      = var.reboot_strategy
    ssh_authorized_keys  = var.ssh_authorized_keys
    tags                 = local.tags
  }
}

output "vpc_id" {
  description = "The cluster's VPC, for extra resources."
  value       = aws_vpc.network.id
}

output "subnet_ids" {
  description = "The public subnets, one per availability zone."
  value       = aws_subnet.public[*].id
}

output "security_group_ids" {
  description = "Security groups by role: {controller, worker}."
  value       = local.security_groups
}

output "nlb_dns_name" {
  description = "DNS name of the network load balancer (6443 to controllers, 80/443 to ingress pools)."
  value       = aws_lb.nlb.dns_name
}

output "assets_bucket" {
  description = "The private, encrypted bucket holding the controllers' Ignition."
  value       = aws_s3_bucket.assets.id
}
