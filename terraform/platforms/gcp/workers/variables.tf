variable "name" {
  type        = string
  description = "Pool name, unique in the cluster: names the instance group and its template."

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,11}[a-z0-9])?$", var.name))
    error_message = "The name must be 1 to 13 lowercase letters, digits and dashes, starting with a letter (instance template name prefixes are at most 37 characters)."
  }
}

variable "cluster_name" {
  type        = string
  description = "The cluster's name (the cluster module's cluster_name)."
}

variable "worker_wiring" {
  type = object({
    region               = string
    zones                = list(string)
    image                = string
    subnetwork           = string
    network_tag          = string
    ingress_addresses    = map(string)
    ingress_health_check = string
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
    labels              = map(string)
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

variable "machine_type" {
  type        = string
  description = "Machine type of the pool."
  default     = "e2-standard-2"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*-[a-z0-9-]*[a-z0-9]$", var.machine_type))
    error_message = "The machine_type must be a Compute Engine machine type such as e2-standard-2."
  }
}

variable "spot" {
  type        = bool
  description = "Run Spot VMs (Compute Engine may stop them at any time); false runs standard VMs."
  default     = false
}

variable "disk_size" {
  type        = number
  description = "Size of the boot disks in GB."
  default     = 30

  validation {
    condition     = var.disk_size >= 10 && var.disk_size <= 65536 && var.disk_size == floor(var.disk_size)
    error_message = "The disk_size must be a whole number of GB from 10 to 65536."
  }
}

variable "disk_type" {
  type        = string
  description = "Persistent disk type of the boot disks: pd-balanced, pd-ssd or pd-standard."
  default     = "pd-balanced"

  validation {
    condition     = contains(["pd-balanced", "pd-ssd", "pd-standard"], var.disk_type)
    error_message = "The disk_type must be pd-balanced, pd-ssd or pd-standard."
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
  description = "Serve the cluster's ingress addresses (80, 443) from this pool: at most one pool per cluster."
  default     = false
}
