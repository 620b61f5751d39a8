variable "cluster_name" {
  type        = string
  description = "Unique cluster name: prefix of matchbox profile and group names."

  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$", var.cluster_name))
    error_message = "The cluster_name must be 1 to 32 lowercase letters, digits and dashes, starting with a letter."
  }
}

# machines

variable "controllers" {
  type        = list(object({ name = string, mac = string, domain = string }))
  description = "Controller machines: name, MAC address (lowercase, colons) and fully qualified domain name. 1, 3 or 5."

  validation {
    condition     = contains([1, 3, 5], length(var.controllers))
    error_message = "List 1, 3 or 5 controllers: etcd needs an odd quorum."
  }

  validation {
    condition     = alltrue([for machine in var.controllers : can(regex("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", machine.mac)) && can(regex("^[a-z][a-z0-9-]*$", machine.name))])
    error_message = "Each controller needs a name of lowercase letters, digits and dashes and a MAC of six lowercase hex pairs separated by colons."
  }
}

variable "controller_count" {
  type        = number
  description = "Number of controllers; must equal the number listed in controllers (kept for railyard's common variables)."
  default     = null
}

variable "snippets" {
  type        = map(list(string))
  description = "Machine name -> Ignition 3.x JSON snippets merged into that machine's config."
  default     = {}
}

variable "controller_snippets" {
  type        = list(string)
  description = "Ignition 3.x JSON configs merged into every controller's config."
  default     = []
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

# matchbox and installation

variable "matchbox_http_endpoint" {
  type        = string
  description = "matchbox's HTTP endpoint, as machines reach it (http://matchbox.example.com:8080)."

  validation {
    condition     = can(regex("^https?://[A-Za-z0-9.-]+(:[0-9]+)?$", var.matchbox_http_endpoint))
    error_message = "The matchbox_http_endpoint must be http(s)://host[:port], without a path."
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

variable "install_disk" {
  type        = string
  description = "Disk flatcar-install writes to."
  default     = "/dev/sda"

  validation {
    condition     = can(regex("^/dev/[A-Za-z0-9/._:-]+$", var.install_disk))
    error_message = "The install_disk must be an absolute /dev path such as /dev/sda."
  }
}

variable "cached_install" {
  type        = bool
  description = "PXE-boot and install from matchbox's /assets/flatcar/<version> cache instead of downloading over https (needs os_version to be a release)."
  default     = false
}

variable "kernel_args" {
  type        = list(string)
  description = "Extra kernel arguments for the PXE-booted installer."
  default     = []
}

variable "oem_type" {
  type        = string
  description = "OEM id for flatcar-install -o (empty for none)."
  default     = ""
}

# nodes

variable "k8s_domain_name" {
  type        = string
  description = "DNS name of the Kubernetes API: resolve it to the controllers."
}

variable "ssh_authorized_keys" {
  type        = list(string)
  description = "SSH public keys for the user core on every node."
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

# copying secrets over SSH

variable "copy_assets" {
  type        = bool
  description = "Copy kubeconfigs and controller PKI over SSH once machines are installed, then start the bootstrap on the first controller; false when something else delivers them."
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

variable "machine_kubelet_settings" {
  type        = any
  description = "Machine name -> that machine's kubelet settings (the kubelet_settings shape, complete); machines not listed get the cluster's."
  default     = {}
}
