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
  description = "AWS region the provider is configured for (eu-central-1); nodes get it as their topology.kubernetes.io/region label."

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$", var.region))
    error_message = "The region must be an AWS region name such as eu-central-1."
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
  description = "EC2 instance type of the controllers."
  default     = "t3.small"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.controller_type))
    error_message = "The controller_type must be an EC2 instance type such as t3.small."
  }
}

variable "controller_snippets" {
  type        = list(string)
  description = "Ignition 3.x JSON configs merged into every controller's config."
  default     = []
}

variable "disk_size" {
  type        = number
  description = "Size of the controllers' root disks in GiB."
  default     = 30

  validation {
    condition     = var.disk_size >= 8 && var.disk_size <= 16384 && var.disk_size == floor(var.disk_size)
    error_message = "The disk_size must be a whole number of GiB from 8 to 16384."
  }
}

variable "disk_type" {
  type        = string
  description = "EBS volume type of the controllers' root disks: gp3, gp2, io1 or io2."
  default     = "gp3"

  validation {
    condition     = contains(["gp3", "gp2", "io1", "io2"], var.disk_type)
    error_message = "The disk_type must be gp3, gp2, io1 or io2."
  }
}

variable "disk_iops" {
  type        = number
  description = "Provisioned IOPS of the controllers' root disks (gp3, io1, io2; ignored for gp2)."
  default     = 3000

  validation {
    condition     = var.disk_iops >= 0 && var.disk_iops == floor(var.disk_iops)
    error_message = "The disk_iops must be a whole number, 0 or more."
  }
}

variable "host_cidr" {
  type        = string
  description = "IPv4 CIDR of the VPC; each availability zone's subnet gets a sixteenth of it."
  default     = "10.0.0.0/16"

  validation {
    condition     = can(regex("^([0-9]{1,3}\\.){3}[0-9]{1,3}/(1[6-9]|2[0-4])$", var.host_cidr)) && can(cidrhost(var.host_cidr, 0))
    error_message = "The host_cidr must be an IPv4 CIDR from /16 to /24 such as 10.0.0.0/16 (AWS VPC limits)."
  }
}

variable "availability_zones" {
  type        = list(string)
  description = "Availability zones of the subnets, in order (controller i goes in zone i modulo their number); empty: the region's available zones at the first apply, kept from then on."
  default     = []

  validation {
    condition     = length(var.availability_zones) <= 16 && length(distinct(var.availability_zones)) == length(var.availability_zones)
    error_message = "The availability_zones must be at most 16 zones (host_cidr is cut in sixteenths), each named once."
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

variable "tags" {
  type        = map(string)
  description = "Tags added to every AWS resource that takes tags."
  default     = {}
}
