variable "role" {
  type        = string
  description = "Node role: controller or worker (sets the default node label and taint)."

  validation {
    condition     = contains(["controller", "worker"], var.role)
    error_message = "The role must be controller or worker."
  }
}

variable "hostname" {
  type        = string
  description = "Hostname written to /etc/hostname; empty leaves it to the platform (DHCP, metadata)."
  default     = ""

  validation {
    condition     = var.hostname == "" || can(regex("^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$", var.hostname))
    error_message = "The hostname must be lowercase letters, digits, dots and dashes (RFC 1123)."
  }
}

variable "ssh_authorized_keys" {
  type        = list(string)
  description = "SSH public keys for the user core."
  default     = []

  validation {
    condition     = alltrue([for key in var.ssh_authorized_keys : can(regex("^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh.com) [A-Za-z0-9+/=]+( .*)?$", key))])
    error_message = "Each SSH key must be one public key line (ssh-ed25519 AAAA... comment)."
  }
}

variable "container_runtime" {
  type        = string
  description = "Container runtime the kubelet uses through CRI: containerd or docker (docker needs cri-dockerd, see README)."
  default     = "containerd"

  validation {
    condition     = contains(["containerd", "docker"], var.container_runtime)
    error_message = "The container_runtime must be containerd or docker."
  }
}

variable "cgroup_driver" {
  type        = string
  description = "Cgroup driver of the kubelet and the container runtime: systemd or cgroupfs."
  default     = "systemd"

  validation {
    condition     = contains(["systemd", "cgroupfs"], var.cgroup_driver)
    error_message = "The cgroup_driver must be systemd or cgroupfs."
  }
}

variable "docker_logging_driver" {
  type        = string
  description = "Docker log driver (container_runtime = docker only)."
  default     = "json-file"

  validation {
    condition     = contains(["json-file", "journald", "local", "syslog", "none"], var.docker_logging_driver)
    error_message = "The docker_logging_driver must be one of json-file, journald, local, syslog, none."
  }
}

variable "docker_storage_driver" {
  type        = string
  description = "Docker storage driver (container_runtime = docker only)."
  default     = "overlay2"

  validation {
    condition     = contains(["overlay2", "btrfs", "zfs", "vfs"], var.docker_storage_driver)
    error_message = "The docker_storage_driver must be one of overlay2, btrfs, zfs, vfs."
  }
}

variable "kubelet_image" {
  type        = string
  description = "Kubelet container image with its exact tag (the bootstrap module's kubelet_image output)."
  default     = "quay.io/poseidon/kubelet:v1.36.1"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9./_-]*(:[0-9]+)?(/[a-z0-9._-]+)*:v[0-9]+\\.[0-9]+\\.[0-9]+$", var.kubelet_image))
    error_message = "The kubelet_image must be an image with an exact version tag, e.g. quay.io/poseidon/kubelet:v1.36.1."
  }
}

variable "instance_metadata" {
  type        = string
  description = "Where the node learns its cloud identity: none, or aws (coreos-metadata sets the kubelet's --provider-id aws:///zone/instance-id)."
  default     = "none"

  validation {
    condition     = contains(["none", "aws"], var.instance_metadata)
    error_message = "The instance_metadata must be none or aws."
  }
}

variable "max_pods" {
  type        = number
  description = "Most pods the kubelet runs (maxPods); null keeps the kubelet's default (110)."
  default     = null

  validation {
    condition     = var.max_pods == null ? true : var.max_pods >= 1 && var.max_pods == floor(var.max_pods)
    error_message = "The max_pods must be a whole number, 1 or more, or null."
  }
}

variable "kube_reserved" {
  type        = map(string)
  description = "Resources held back for Kubernetes daemons (kubeReserved): cpu, memory, ephemeral-storage, pid -> quantity."
  default     = {}

  validation {
    condition     = alltrue([for name, quantity in var.kube_reserved : contains(["cpu", "memory", "ephemeral-storage", "pid"], name) && can(regex("^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", quantity))])
    error_message = "Each kube_reserved entry must be cpu, memory, ephemeral-storage or pid -> a quantity such as 100m or 512Mi."
  }
}

variable "system_reserved" {
  type        = map(string)
  description = "Resources held back for the OS (systemReserved): cpu, memory, ephemeral-storage, pid -> quantity."
  default     = {}

  validation {
    condition     = alltrue([for name, quantity in var.system_reserved : contains(["cpu", "memory", "ephemeral-storage", "pid"], name) && can(regex("^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$", quantity))])
    error_message = "Each system_reserved entry must be cpu, memory, ephemeral-storage or pid -> a quantity such as 100m or 512Mi."
  }
}

variable "eviction_hard" {
  type        = map(string)
  description = "Hard eviction thresholds (evictionHard): signal (memory.available, nodefs.available, ...) -> quantity or percentage."
  default     = {}

  validation {
    condition     = alltrue([for signal, threshold in var.eviction_hard : contains(["memory.available", "nodefs.available", "nodefs.inodesFree", "imagefs.available", "imagefs.inodesFree", "containerfs.available", "containerfs.inodesFree", "pid.available"], signal) && can(regex("^([0-9]+(\\.[0-9]+)?%|[0-9]+(\\.[0-9]+)?(k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$", threshold))])
    error_message = "Each eviction_hard entry must be a signal (memory.available, nodefs.available, nodefs.inodesFree, imagefs.available, imagefs.inodesFree, containerfs.available, containerfs.inodesFree, pid.available) -> a quantity (100Mi) or percentage (10%)."
  }
}

variable "cni_conf_dir" {
  type        = string
  description = "Directory of CNI network configs (containerd's CRI cni conf_dir)."
  default     = "/etc/cni/net.d"

  validation {
    condition     = contains(["/etc/cni/net.d", "/etc/kubernetes/cni/net.d"], var.cni_conf_dir)
    error_message = "The cni_conf_dir must be /etc/cni/net.d or /etc/kubernetes/cni/net.d."
  }
}

variable "pod_manifest_path" {
  type        = string
  description = "Directory the kubelet runs static pods from."
  default     = "/etc/kubernetes/manifests"

  validation {
    condition     = can(regex("^/[A-Za-z0-9._/-]*[^/]$", var.pod_manifest_path))
    error_message = "The pod_manifest_path must be an absolute path without a trailing slash."
  }
}

variable "volume_plugin_dir" {
  type        = string
  description = "Directory of FlexVolume plugins."
  default     = "/var/lib/kubelet/volumeplugins"

  validation {
    condition     = can(regex("^/[A-Za-z0-9._/-]*[^/]$", var.volume_plugin_dir))
    error_message = "The volume_plugin_dir must be an absolute path without a trailing slash."
  }
}

variable "node_labels" {
  type        = map(string)
  description = "Extra node labels (merged over the role's default label)."
  default     = {}

  validation {
    condition = alltrue([for key, value in var.node_labels :
      can(regex("^([a-z0-9]([a-z0-9.-]*[a-z0-9])?/)?[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$", key)) &&
      can(regex("^([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)?$", value))
    ])
    error_message = "Node labels must be Kubernetes label keys (prefix/name) and values (letters, digits, . _ -)."
  }
}

variable "node_taints" {
  type        = list(string)
  description = "Taints the node registers with, each \"key=value:Effect\" or \"key:Effect\"."
  default     = []

  validation {
    condition     = alltrue([for taint in var.node_taints : can(regex("^[A-Za-z0-9./_-]+(=[A-Za-z0-9._-]*)?:(NoSchedule|PreferNoSchedule|NoExecute)$", taint))])
    error_message = "Each node taint must be key=value:Effect (Effect is NoSchedule, PreferNoSchedule or NoExecute)."
  }
}

variable "cluster_dns_ip" {
  type        = string
  description = "IP of the cluster DNS service (clusterDNS)."
  default     = "10.3.0.10"

  validation {
    condition     = try(cidrhost("${var.cluster_dns_ip}/32", 0) == var.cluster_dns_ip, false) || try(cidrhost("${var.cluster_dns_ip}/128", 0) == var.cluster_dns_ip, false)
    error_message = "The cluster_dns_ip must be an IPv4 or IPv6 address."
  }
}

variable "cluster_domain" {
  type        = string
  description = "Cluster DNS domain (clusterDomain)."
  default     = "cluster.local"

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$", var.cluster_domain))
    error_message = "The cluster_domain must be a DNS name such as cluster.local."
  }
}

variable "kubelet_extra_args" {
  type        = list(string)
  description = "Extra kubelet flags, each \"--flag\" or \"--flag=value\" (no spaces or quotes)."
  default     = []

  validation {
    condition     = alltrue([for arg in var.kubelet_extra_args : can(regex("^--[a-z0-9-]+(=[^\\s\"'\\\\]*)?$", arg))])
    error_message = "Each kubelet_extra_args entry must be --flag or --flag=value, without spaces, quotes or backslashes."
  }
}

variable "bootstrap_kubeconfig" {
  type        = string
  description = "Kubeconfig the kubelet uses for TLS bootstrap (written mode 0600)."
  sensitive   = true

  validation {
    condition     = length(var.bootstrap_kubeconfig) > 0
    error_message = "The bootstrap_kubeconfig must not be empty."
  }
}

variable "kubelet_mounts" {
  type        = any
  description = "Changes to the kubelet container's mounts: host path -> {container_path, options} to add or change one, or null to drop it (see README)."
  default     = {}

  validation {
    condition = alltrue([for host, mount in var.kubelet_mounts :
      can(regex("^/[^:,\\s]*$", host)) && (mount == null ? true : try(
        can(regex("^/[^:,\\s]*$", try(mount.container_path, host))) &&
        length(setsubtract(keys(mount), ["container_path", "options"])) == 0 &&
        length(setsubtract(try(mount.options, []), ["ro", "rw", "z", "Z", "shared", "rshared", "slave", "rslave", "private", "rprivate"])) == 0 &&
        !(contains(try(mount.options, []), "ro") && contains(try(mount.options, []), "rw")),
        false
      ))
    ])
    error_message = "Each kubelet_mounts entry must be an absolute host path -> null or {container_path = absolute path, options = [ro|rw|z|Z|shared|rshared|slave|rslave|private|rprivate...]} (not both ro and rw)."
  }
}

variable "os_channel" {
  type        = string
  description = "Flatcar release channel: stable, beta or alpha."
  default     = "stable"

  validation {
    condition     = contains(["stable", "beta", "alpha"], var.os_channel)
    error_message = "The os_channel must be stable, beta or alpha."
  }
}

variable "disable_auto_update" {
  type        = bool
  description = "Turn automatic OS updates off (SERVER=disabled; update-engine and locksmithd masked)."
  default     = false
}

variable "reboot_strategy" {
  type        = string
  description = "How nodes reboot into an update: off (updates wait for the next reboot; locksmithd masked), reboot (locksmithd reboots at once) or coordinated (the Flatcar update operator drains and reboots one node at a time; locksmithd masked)."
  default     = "off"

  validation {
    condition     = contains(["off", "reboot", "coordinated"], var.reboot_strategy)
    error_message = "The reboot_strategy must be off, reboot or coordinated (etcd-lock was removed: locksmith cannot reach the cluster's TLS-only etcd; use coordinated)."
  }
}

variable "snippets" {
  type        = list(string)
  description = "Ignition 3.x JSON configs merged into this one through ignition.config.merge."
  default     = []

  validation {
    condition     = alltrue([for snippet in var.snippets : can(regex("^3\\.[0-3]\\.0$", jsondecode(snippet).ignition.version))])
    error_message = "Each snippet must be Ignition JSON with ignition.version 3.0.0 to 3.3.0 (railyard transpiles CLC and Butane snippets for you)."
  }
}

variable "files" {
  type        = any
  description = "Extra files: a list of {path, mode, contents, overwrite (optional, default true)}; mode is a number (420 or parseint(\"644\", 8))."
  default     = []

  validation {
    condition = alltrue([for file in var.files :
      # jsonencode() tells a number (420) from a numeric string ("0644"), which Terraform would convert.
      try(
        can(regex("^/[^\\s]*[^/]$", file.path)) &&
        can(regex("^[0-9]+$", jsonencode(file.mode))) && file.mode <= 4095 &&
        can(regex("^\"", jsonencode(file.contents))) &&
        contains(["true", "false"], jsonencode(try(file.overwrite, true))) &&
        length(setsubtract(keys(file), ["path", "mode", "contents", "overwrite"])) == 0,
        false
      )
    ])
    error_message = "Each file must be {path = absolute path, mode = number 0..4095, contents = string, overwrite = bool (optional)} and nothing else."
  }
}

variable "units" {
  type        = any
  description = "Extra systemd units: a list of {name, contents (optional), enabled (optional), mask (optional), dropins (optional list of {name, contents})}."
  default     = []

  validation {
    condition = alltrue([for unit in var.units : try(
      can(regex("^[A-Za-z0-9:_.\\\\@-]+\\.(service|socket|device|mount|automount|swap|target|path|timer|slice|scope)$", unit.name)) &&
      length(setsubtract(keys(unit), ["name", "contents", "enabled", "mask", "dropins"])) == 0 &&
      can(regex("^\"", jsonencode(try(unit.contents, "")))) &&
      contains(["true", "false"], jsonencode(try(unit.enabled, false))) &&
      contains(["true", "false"], jsonencode(try(unit.mask, false))) &&
      alltrue([for dropin in try(unit.dropins, []) :
        can(regex("^[A-Za-z0-9:_.@-]+\\.conf$", dropin.name)) && can(regex("^\"", jsonencode(try(dropin.contents, ""))))
      ]),
      false
    )])
    error_message = "Each unit needs a name with a unit suffix (.service, .timer, ...), only the keys name, contents (string), enabled and mask (bools), dropins (list of {name ending in .conf, contents}), nothing else."
  }
}
