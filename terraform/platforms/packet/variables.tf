variable "cluster_name" {
  type        = string
  description = "Unique cluster name: prefix of resource names, and the API's DNS name in dns_zone."

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,20}[a-z0-9])?$", var.cluster_name))
    error_message = "The cluster_name must be 1 to 22 lowercase letters, digits and dashes, starting with a letter (load balancer target group names are at most 32 characters)."
  }
}

variable "project_id" {
  type        = string
  description = "Equinix Metal project (UUID) the devices are created in."

  validation {
    condition     = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.project_id))
    error_message = "The project_id must be an Equinix Metal project UUID such as 7d2f6a3c-1b4e-4f8a-9c0d-2e5b6a7c8d9e."
  }
}

variable "metro" {
  type        = string
  description = "Equinix Metal metro code (am, da, sv); nodes get it as their topology.kubernetes.io/region label."

  validation {
    condition     = can(regex("^[a-z]{2}$", var.metro))
    error_message = "The metro must be a two-letter Equinix Metal metro code such as am or sv."
  }
}

variable "dns_zone" {
  type        = string
  description = "Route53 zone the API record (cluster_name.dns_zone) and the etcd records go in."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.dns_zone))
    error_message = "The dns_zone must be a DNS domain such as example.com, without a trailing dot."
  }
}

variable "dns_zone_id" {
  type        = string
  description = "Route53 hosted zone id of dns_zone."

  validation {
    condition     = can(regex("^Z[A-Z0-9]{1,31}$", var.dns_zone_id))
    error_message = "The dns_zone_id must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ."
  }
}

variable "os_channel" {
  type        = string
  description = "Flatcar channel: stable, beta or alpha."
  default     = "stable"

  validation {
    condition     = contains(["stable", "beta", "alpha"], var.os_channel)
    error_message = "The os_channel must be stable, beta or alpha."
  }
}

variable "os_version" {
  type        = string
  description = "Flatcar version: current (the newest of the channel) or a release such as 4081.2.0."
  default     = "current"

  validation {
    condition     = can(regex("^(current|[0-9]+\\.[0-9]+\\.[0-9]+)$", var.os_version))
    error_message = "The os_version must be current or a Flatcar release such as 4081.2.0."
  }
}

variable "arch" {
  type        = string
  description = "CPU architecture of every node: amd64 or arm64 (pick matching instance types)."
  default     = "amd64"

  validation {
    condition     = contains(["amd64", "arm64"], var.arch)
    error_message = "The arch must be amd64 or arm64."
  }
}

variable "ssh_authorized_keys" {
  type        = list(string)
  description = "SSH public keys for the user core on every node."
  default     = []
}

variable "controller_count" {
  type        = number
  description = "Number of controllers (etcd members): 1, 3 or 5."
  default     = 1

  validation {
    condition     = contains([1, 3, 5], var.controller_count)
    error_message = "The controller_count must be 1, 3 or 5: etcd needs an odd number of members for a quorum."
  }
}

variable "controller_type" {
  type        = string
  description = "Equinix Metal plan of the controllers (c3.small.x86; arm64 plans end in .arm64 or .arm)."
  default     = "c3.small.x86"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*\\.[a-z0-9]+\\.[a-z0-9]+$", var.controller_type))
    error_message = "The controller_type must be an Equinix Metal plan such as c3.small.x86."
  }
}

variable "controller_reservation_ids" {
  type        = list(string)
  description = "Hardware reservation per controller index: a reservation UUID or next-available; missing or empty entries deploy on demand."
  default     = []

  validation {
    condition     = alltrue([for id in var.controller_reservation_ids : id == "" || id == "next-available" || can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", id))])
    error_message = "Each controller_reservation_ids entry must be a hardware reservation UUID, next-available or empty."
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

variable "controller_snippets" {
  type        = list(string)
  description = "Ignition 3.x JSON configs merged into every controller's config."
  default     = []
}

variable "networking" {
  type        = string
  description = "CNI: calico, flannel (both VXLAN on UDP 4789) or cilium (VXLAN on UDP 8472, health checks on TCP 4240 and ICMP echo); firewalls the platform manages open what the chosen one needs between nodes."
  default     = "calico"

  validation {
    condition     = contains(["calico", "flannel", "cilium"], var.networking)
    error_message = "The networking must be calico, flannel or cilium."
  }
}

variable "pod_cidr" {
  type        = string
  description = "IPv4 CIDR the pods get their addresses from."
  default     = "10.2.0.0/16"
}

variable "service_cidr" {
  type        = string
  description = "IPv4 CIDR of the cluster's services (the 10th address is the cluster DNS)."
  default     = "10.3.0.0/16"
}

variable "cluster_domain" {
  type        = string
  description = "Cluster DNS domain."
  default     = "cluster.local"
}

variable "kubernetes_version" {
  type        = string
  description = "Kubernetes release of the control plane, kube-proxy, kubectl and (unless kubelet_version) every kubelet."
  default     = "v1.36.1"

  validation {
    condition     = can(regex("^v1\\.[0-9]+\\.[0-9]+$", var.kubernetes_version))
    error_message = "The kubernetes_version must be an exact release such as v1.36.1."
  }
}

variable "kubelet_version" {
  type        = string
  description = "Kubelet release while an upgrade is under way (never newer than kubernetes_version, at most three minors older); null: kubernetes_version."
  default     = null

  validation {
    condition     = var.kubelet_version == null ? true : can(regex("^v1\\.[0-9]+\\.[0-9]+$", var.kubelet_version))
    error_message = "The kubelet_version must be an exact release such as v1.36.1, or null."
  }
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
  description = "Every node's kubelet settings, as flatcar-node's variables of the same names take them (max_pods null: the kubelet's default)."
  default = {
    max_pods          = null
    kube_reserved     = {}
    system_reserved   = {}
    eviction_hard     = {}
    kubelet_mounts    = {}
    cni_conf_dir      = "/etc/cni/net.d"
    pod_manifest_path = "/etc/kubernetes/manifests"
    volume_plugin_dir = "/var/lib/kubelet/volumeplugins"
  }
}

variable "container_runtime" {
  type        = string
  description = "Container runtime of the kubelet: containerd or docker."
  default     = "containerd"
}

variable "cgroup_driver" {
  type        = string
  description = "Cgroup driver of the kubelet and runtime: systemd or cgroupfs."
  default     = "systemd"
}

variable "kubelet_extra_args" {
  type        = list(string)
  description = "Extra kubelet flags on every node, each --flag or --flag=value."
  default     = []
}

variable "disable_auto_update" {
  type        = bool
  description = "Turn Flatcar's automatic updates off."
  default     = false
}

variable "reboot_strategy" {
  type        = string
  description = "How nodes reboot into an update: off (at the next reboot, locksmithd masked), reboot (at once) or coordinated (drained and rebooted one at a time by the Flatcar update operator)."
  default     = "off"

  validation {
    condition     = contains(["off", "reboot", "coordinated"], var.reboot_strategy)
    error_message = "The reboot_strategy must be off, reboot or coordinated (etcd-lock was removed: use coordinated)."
  }
}

variable "tags" {
  type        = list(string)
  description = "Tags added to every device."
  default     = []
}

variable "copy_assets" {
  type        = bool
  description = "Copy the secrets (PKI, kubeconfigs) over SSH once each device answers; false skips it (railyard's sandbox has no devices to reach)."
  default     = true
}

variable "ssh_private_key_file" {
  type        = string
  description = "Private key file for the SSH connections as user core; empty uses the ssh-agent (SSH_AUTH_SOCK)."
  default     = ""
}

variable "ssh_timeout" {
  type        = string
  description = "How long each SSH connection keeps retrying while a machine installs and reboots (30s, 60m, 1h30m)."
  default     = "60m"

  validation {
    condition     = can(regex("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$", var.ssh_timeout)) && var.ssh_timeout != ""
    error_message = "The ssh_timeout must be a duration such as 30s, 60m or 1h30m."
  }
}
