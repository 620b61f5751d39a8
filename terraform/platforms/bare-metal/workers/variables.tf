variable "cluster_name" {
  type        = string
  description = "Cluster name (the cluster module's cluster_name)."
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
  type        = any
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
