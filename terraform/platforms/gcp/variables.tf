variable "cluster_name" {
  type        = string
  description = "Unique cluster name: prefix of resource names, and the API's DNS name in dns_zone."

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,20}[a-z0-9])?$", var.cluster_name))
    error_message = "The cluster_name must be 1 to 22 lowercase letters, digits and dashes, starting with a letter (load balancer target group names are at most 32 characters)."
  }
}

variable "region" {
  type        = string
  description = "Google Cloud region the provider is configured for (europe-west1); nodes get it as their topology.kubernetes.io/region label."

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "The region must be a Google Cloud region name such as europe-west1."
  }
}

variable "zones" {
  type        = list(string)
  description = "Zones of the region to spread nodes over (europe-west1-b); empty: every zone the region has at the first apply, kept from then on."
  default     = []

  validation {
    condition     = alltrue([for zone in var.zones : can(regex("^[a-z]+-[a-z]+[0-9]+-[a-z]$", zone))]) && length(distinct(var.zones)) == length(var.zones)
    error_message = "The zones must be distinct Google Cloud zone names such as europe-west1-b."
  }
}

variable "dns_zone" {
  type        = string
  description = "Cloud DNS domain the API record (cluster_name.dns_zone) and the etcd records go in."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.dns_zone))
    error_message = "The dns_zone must be a DNS domain such as example.com, without a trailing dot."
  }
}

variable "dns_zone_name" {
  type        = string
  description = "Name of the Cloud DNS managed zone serving dns_zone (example-com)."

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$", var.dns_zone_name))
    error_message = "The dns_zone_name must be a Cloud DNS managed zone name such as example-com."
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

variable "ssh_authorized_keys" {
  type        = list(string)
  description = "SSH public keys for the user core on every node."
  default     = []
}

variable "ssh_cidrs" {
  type        = list(string)
  description = "IPv4 or IPv6 CIDRs allowed to reach SSH (22) on the nodes; empty closes SSH. Required: no default opens SSH to the whole internet."

  validation {
    condition     = alltrue([for cidr in var.ssh_cidrs : can(cidrhost(cidr, 0))]) && length(distinct(var.ssh_cidrs)) == length(var.ssh_cidrs)
    error_message = "The ssh_cidrs must be distinct CIDRs such as 203.0.113.0/24 or 2001:db8::/32."
  }
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
  description = "Machine type of the controllers."
  default     = "e2-standard-2"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*-[a-z0-9-]*[a-z0-9]$", var.controller_type))
    error_message = "The controller_type must be a Compute Engine machine type such as e2-standard-2."
  }
}

variable "controller_snippets" {
  type        = list(string)
  description = "Ignition 3.x JSON configs merged into every controller's config."
  default     = []
}

variable "disk_size" {
  type        = number
  description = "Size of the controllers' boot disks in GB."
  default     = 30

  validation {
    condition     = var.disk_size >= 10 && var.disk_size <= 65536 && var.disk_size == floor(var.disk_size)
    error_message = "The disk_size must be a whole number of GB from 10 to 65536."
  }
}

variable "disk_type" {
  type        = string
  description = "Persistent disk type of the controllers' boot disks: pd-balanced, pd-ssd or pd-standard."
  default     = "pd-balanced"

  validation {
    condition     = contains(["pd-balanced", "pd-ssd", "pd-standard"], var.disk_type)
    error_message = "The disk_type must be pd-balanced, pd-ssd or pd-standard."
  }
}

variable "host_cidr" {
  type        = string
  description = "IPv4 CIDR of the cluster's subnetwork in the region (it also gets an external IPv6 /64)."
  default     = "10.0.0.0/16"

  validation {
    condition     = can(regex("^([0-9]{1,3}\\.){3}[0-9]{1,3}/(8|9|[12][0-9])$", var.host_cidr)) && can(cidrhost(var.host_cidr, 0))
    error_message = "The host_cidr must be an IPv4 CIDR from /8 to /29 such as 10.0.0.0/16 (Compute Engine subnetwork limits)."
  }
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

variable "resource_labels" {
  type        = map(string)
  description = "Labels added to every Google Cloud resource that takes labels."
  default     = {}
}
