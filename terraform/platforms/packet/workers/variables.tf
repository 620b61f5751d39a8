variable "name" {
  type        = string
  description = "Pool name, unique in the cluster: prefix of its devices' hostnames."

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
    project_id             = string
    metro                  = string
    arch                   = string
    os_channel             = string
    tags                   = list(string)
    kubeconfig_placeholder = string
    bootstrap_kubeconfig   = string
    cluster_dns_ip         = string
    cluster_domain         = string
    container_runtime      = string
    cgroup_driver          = string
    kubelet_extra_args     = list(string)
    kubelet_image          = string
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
    disable_auto_update  = bool
    reboot_strategy      = string
    ssh_authorized_keys  = list(string)
    copy_assets          = bool
    ssh_private_key_file = string
    ssh_timeout          = string
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

variable "node_type" {
  type        = string
  description = "Equinix Metal plan of the pool's devices (matching the cluster's arch)."
  default     = "c3.small.x86"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*\\.[a-z0-9]+\\.[a-z0-9]+$", var.node_type))
    error_message = "The node_type must be an Equinix Metal plan such as c3.small.x86."
  }
}

variable "reservation_ids" {
  type        = list(string)
  description = "Hardware reservation per worker index: a reservation UUID or next-available; missing or empty entries deploy on demand."
  default     = []

  validation {
    condition     = alltrue([for id in var.reservation_ids : id == "" || id == "next-available" || can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", id))])
    error_message = "Each reservation_ids entry must be a hardware reservation UUID, next-available or empty."
  }
}

variable "ipxe_script_url" {
  type        = string
  description = "Empty installs Equinix Metal's flatcar_<os_channel> operating system; a URL boots custom_ipxe with this iPXE script instead."
  default     = ""

  validation {
    condition     = var.ipxe_script_url == "" || can(regex("^https?://[^\\s]+$", var.ipxe_script_url))
    error_message = "The ipxe_script_url must be empty or an http(s) URL of an iPXE script."
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
