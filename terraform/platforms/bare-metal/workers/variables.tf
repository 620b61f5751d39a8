variable "cluster_name" {
  type        = string
  description = "The cluster's name (the cluster module's cluster_name)."
}

variable "machines" {
  type        = list(object({ name = string, mac = string, domain = string }))
  description = "Worker machines: name, MAC address (lowercase, colons) and fully qualified domain name."

  validation {
    condition     = length(distinct([for machine in var.machines : machine.name])) == length(var.machines) && length(distinct([for machine in var.machines : machine.mac])) == length(var.machines)
    error_message = "Each worker machine needs its own name and its own MAC address."
  }
}

variable "snippets" {
  type        = map(list(string))
  description = "Machine name -> Ignition 3.x JSON snippets merged into that machine's config."
  default     = {}
}

variable "labels" {
  type        = map(map(string))
  description = "Machine name -> extra node labels."
  default     = {}
}

variable "taints" {
  type        = map(list(string))
  description = "Machine name -> taints the node registers with (key=value:Effect)."
  default     = {}
}

variable "worker_wiring" {
  type = object({
    cluster_name           = string
    kubeconfig_placeholder = string
    matchbox_http_endpoint = string
    os_channel             = string
    os_version             = string
    install_disk           = string
    cached_install         = bool
    kernel_args            = list(string)
    oem_type               = string
    ssh_authorized_keys    = list(string)
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
    cluster_dns_ip       = string
    cluster_domain       = string
    disable_auto_update  = bool
    reboot_strategy      = string
    copy_assets          = bool
    ssh_private_key_file = string
    ssh_timeout          = string
  })
  description = "The cluster module's worker_wiring output."
}

variable "worker_kubeconfig" {
  type        = string
  description = "The cluster module's worker_kubeconfig output."
  sensitive   = true
}

variable "machine_kubelet_settings" {
  type        = any
  description = "Machine name -> that machine's kubelet settings (the kubelet_settings shape, complete); machines not listed get the cluster's."
  default     = {}
}
