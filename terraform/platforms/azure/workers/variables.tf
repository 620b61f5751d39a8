variable "name" {
  type        = string
  description = "Pool name, unique in the cluster: names the scale set (cluster_name-name) and its instances."

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
    location             = string
    resource_group_name  = string
    subnet_id            = string
    backend_pool_ids     = map(string)
    image                = object({ publisher = string, offer = string, sku = string, plan = bool, version = string })
    admin_ssh_key        = string
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
  description = "Azure VM size of the pool (matching the cluster's arch)."
  default     = "Standard_B2s"

  validation {
    condition     = can(regex("^(Standard|Basic)_[A-Za-z0-9_]+$", var.instance_type))
    error_message = "The instance_type must be an Azure VM size such as Standard_B2s or Standard_D2as_v5."
  }
}

variable "spot_price" {
  type        = number
  description = "Maximum spot price in USD per hour, or -1 for up to the on-demand price; null runs on-demand instances."
  default     = null

  validation {
    condition     = var.spot_price == null ? true : (var.spot_price > 0 || var.spot_price == -1)
    error_message = "The spot_price must be a positive price in USD per hour, -1 (up to the on-demand price), or null for on-demand instances."
  }
}

variable "disk_size" {
  type        = number
  description = "Size of the OS disks in GiB (the Flatcar image needs 30)."
  default     = 30

  validation {
    condition     = var.disk_size >= 30 && var.disk_size <= 4095 && var.disk_size == floor(var.disk_size)
    error_message = "The disk_size must be a whole number of GiB from 30 to 4095 (Azure's OS disk limit)."
  }
}

variable "disk_type" {
  type        = string
  description = "Managed disk type of the OS disks: Premium_LRS, StandardSSD_LRS, Standard_LRS, Premium_ZRS or StandardSSD_ZRS."
  default     = "StandardSSD_LRS"

  validation {
    condition     = contains(["Premium_LRS", "StandardSSD_LRS", "Standard_LRS", "Premium_ZRS", "StandardSSD_ZRS"], var.disk_type)
    error_message = "The disk_type must be Premium_LRS, StandardSSD_LRS, Standard_LRS, Premium_ZRS or StandardSSD_ZRS."
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
  description = "Join the load balancer's HTTP (80) and HTTPS (443) backend pools."
  default     = false
}
