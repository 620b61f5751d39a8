variable "name" {
  type        = string
  description = "Pool name, unique in the cluster: names the autoscaling group and launch template."

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$", var.name))
    error_message = "The name must be 1 to 32 lowercase letters, digits and dashes, starting with a letter."
  }
}

variable "cluster_name" {
  type        = string
  description = "The cluster's name (the cluster module's cluster_name)."
}

variable "worker_wiring" {
  type = object({
    region               = string
    ami_id               = string
    vpc_id               = string
    subnet_ids           = list(string)
    security_group_ids   = list(string)
    target_group_arns    = list(string)
    bootstrap_kubeconfig = string
    cluster_dns_ip       = string
    cluster_domain       = string
    container_runtime    = string
    cgroup_driver        = string
    kubelet_extra_args   = list(string)
    kubelet_image        = string
    kubelet_settings = object({
      max_pods          = number
      kube_reserved     = map(string)
      system_reserved   = map(string)
      eviction_hard     = map(string)
      kubelet_mounts    = map(object({ container_path = string, options = list(string) }))
      cni_conf_dir      = string
      pod_manifest_path = string
      volume_plugin_dir = string
    })
    os_channel          = string
    disable_auto_update = bool
    reboot_strategy     = string
    ssh_authorized_keys = list(string)
    tags                = map(string)
  })
  description = "The cluster module's worker_wiring output, passed whole."
}

variable "worker_count" {
  type        = number
  description = "Number of workers in the pool."
  default     = 1

  validation {
    condition     = var.worker_count >= 0 && var.worker_count <= 1000 && var.worker_count == floor(var.worker_count)
    error_message = "The worker_count must be a whole number from 0 to 1000."
  }
}

variable "instance_type" {
  type        = string
  description = "EC2 instance type of the pool (matching the cluster's arch)."
  default     = "t3.small"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type))
    error_message = "The instance_type must be an EC2 instance type such as t3.small."
  }
}

variable "spot_price" {
  type        = number
  description = "Maximum spot price in USD per hour; null runs on-demand instances."
  default     = null

  validation {
    condition     = var.spot_price == null ? true : var.spot_price > 0
    error_message = "The spot_price must be a positive price in USD per hour, or null for on-demand instances."
  }
}

variable "disk_size" {
  type        = number
  description = "Size of the root disks in GiB."
  default     = 30

  validation {
    condition     = var.disk_size >= 8 && var.disk_size <= 16384 && var.disk_size == floor(var.disk_size)
    error_message = "The disk_size must be a whole number of GiB from 8 to 16384."
  }
}

variable "disk_type" {
  type        = string
  description = "EBS volume type of the root disks: gp3, gp2, io1 or io2."
  default     = "gp3"

  validation {
    condition     = contains(["gp3", "gp2", "io1", "io2"], var.disk_type)
    error_message = "The disk_type must be gp3, gp2, io1 or io2."
  }
}

variable "disk_iops" {
  type        = number
  description = "Provisioned IOPS of the root disks (gp3, io1, io2; ignored for gp2)."
  default     = 3000

  validation {
    condition     = var.disk_iops >= 0 && var.disk_iops == floor(var.disk_iops)
    error_message = "The disk_iops must be a whole number, 0 or more."
  }
}

variable "labels" {
  type        = map(string)
  description = "Node labels (the pool's name is added as node.kubernetes.io/pool)."
  default     = {}
}

variable "taints" {
  type        = list(string)
  description = "Taints the nodes register with, each key=value:Effect."
  default     = []
}

variable "snippets" {
  type        = list(string)
  description = "Ignition 3.x JSON configs merged into the pool's config."
  default     = []
}

variable "ingress" {
  type        = bool
  description = "Join the load balancer's HTTP (80) and HTTPS (443) target groups."
  default     = false
}

variable "public_ipv4" {
  type        = bool
  description = "Give the workers public IPv4 addresses; false: they reach the internet over IPv6 only, so every image they run must come from a registry with IPv6 (ghcr.io, flannel's and the update operator's, has none)."
  default     = true
}

variable "kubelet_settings" {
  type = object({
    max_pods          = number
    kube_reserved     = map(string)
    system_reserved   = map(string)
    eviction_hard     = map(string)
    kubelet_mounts    = map(object({ container_path = string, options = list(string) }))
    cni_conf_dir      = string
    pod_manifest_path = string
    volume_plugin_dir = string
  })
  description = "The pool's kubelet settings (the cluster module's kubelet_settings shape); null: the cluster's."
  default     = null
}
