variable "cluster_name" {
  type        = string
  description = "Unique cluster name (used in certificate subjects, etcd member names and kubeconfig contexts)."

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.cluster_name))
    error_message = "The cluster_name must be 1 to 63 lowercase letters, digits and dashes, not starting or ending with a dash."
  }
}

variable "api_servers" {
  type        = list(string)
  description = "DNS names of the Kubernetes API (the first one is the endpoint kubeconfigs use); all go in the API server certificate."

  validation {
    condition     = length(var.api_servers) > 0 && alltrue([for name in var.api_servers : can(regex("^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$", name))])
    error_message = "The api_servers must be a non-empty list of DNS names (api.example.com)."
  }
}

variable "etcd_servers" {
  type        = list(string)
  description = "DNS names of the controllers' etcd members, one per controller: its length is the controller count (1, 3 or 5)."

  validation {
    condition     = contains([1, 3, 5], length(var.etcd_servers))
    error_message = "The etcd_servers list sets the controller count, which must be 1, 3 or 5: etcd needs an odd number of members for a quorum (an even count adds a member without adding fault tolerance)."
  }

  validation {
    condition     = length(distinct(var.etcd_servers)) == length(var.etcd_servers) && alltrue([for name in var.etcd_servers : can(regex("^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$", name))])
    error_message = "The etcd_servers must be distinct DNS names (node1.example.com), one per controller."
  }
}

variable "networking" {
  type        = string
  description = "CNI provider: calico, flannel or cilium."
  default     = "calico"

  validation {
    condition     = contains(["flannel", "calico", "cilium"], var.networking)
    error_message = "The networking must be flannel, calico or cilium."
  }
}

variable "pod_cidr" {
  type        = string
  description = "IPv4 CIDR the pods get their addresses from."
  default     = "10.2.0.0/16"

  validation {
    condition     = can(regex("^([0-9]{1,3}\\.){3}[0-9]{1,3}/([0-9]|[12][0-9]|3[0-2])$", var.pod_cidr)) && can(cidrhost(var.pod_cidr, 0))
    error_message = "The pod_cidr must be an IPv4 CIDR such as 10.2.0.0/16."
  }

  validation {
    condition     = !can(cidrhost(var.pod_cidr, 0)) || tonumber(split("/", var.pod_cidr)[1]) <= 20
    error_message = "The pod_cidr is too small: it must be /20 or larger (each node takes a /24 of it)."
  }
}

variable "service_cidr" {
  type        = string
  description = "IPv4 CIDR of cluster service IPs; its 1st address is the API service, its 10th the cluster DNS."
  default     = "10.3.0.0/16"

  validation {
    condition     = can(regex("^([0-9]{1,3}\\.){3}[0-9]{1,3}/([0-9]|[12][0-9]|3[0-2])$", var.service_cidr)) && can(cidrhost(var.service_cidr, 0))
    error_message = "The service_cidr must be an IPv4 CIDR such as 10.3.0.0/16."
  }

  validation {
    condition     = !can(cidrhost(var.service_cidr, 0)) || tonumber(split("/", var.service_cidr)[1]) <= 24
    error_message = "The service_cidr is too small: it must be /24 or larger (256 addresses) to hold the cluster's services."
  }

  validation {
    condition     = !can(cidrhost(var.service_cidr, 0)) || tonumber(split("/", var.service_cidr)[1]) >= 12
    error_message = "The service_cidr is too large: Kubernetes allows at most a /12 for services."
  }
}

variable "host_cidr" {
  type        = string
  description = "IPv4 CIDR of the nodes' own network, only to check it overlaps neither pod_cidr nor service_cidr; empty skips the check."
  default     = ""

  validation {
    condition     = var.host_cidr == "" || (can(regex("^([0-9]{1,3}\\.){3}[0-9]{1,3}/([0-9]|[12][0-9]|3[0-2])$", var.host_cidr)) && can(cidrhost(var.host_cidr, 0)))
    error_message = "The host_cidr must be empty or an IPv4 CIDR such as 10.0.0.0/16."
  }
}

variable "cluster_domain" {
  type        = string
  description = "Cluster DNS domain."
  default     = "cluster.local"

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$", var.cluster_domain))
    error_message = "The cluster_domain must be a DNS name such as cluster.local."
  }
}

variable "kubernetes_version" {
  type        = string
  description = "Kubernetes version of the control plane, kube-proxy, kubectl and kubelet images (v1.36.1: each of them seen tagged upstream, the poseidon/kubelet image included)."
  default     = "v1.36.1"

  validation {
    condition     = can(regex("^v1\\.[0-9]+\\.[0-9]+$", var.kubernetes_version))
    error_message = "The kubernetes_version must be an exact release such as v1.36.2."
  }

  # The API server's probes rely on anonymous access limited to the health paths
  # (AuthenticationConfiguration v1 with anonymous conditions, GA in Kubernetes 1.34).
  validation {
    condition     = !can(regex("^v1\\.[0-9]+\\.[0-9]+$", var.kubernetes_version)) || tonumber(split(".", var.kubernetes_version)[1]) >= 34
    error_message = "The kubernetes_version must be v1.34.0 or newer (the API server's health-only anonymous access is GA from 1.34)."
  }
}

variable "coordinated_updates" {
  type        = bool
  description = "Deploy the Flatcar Linux Update Operator, which drains and reboots nodes one at a time once update-engine has staged an OS update."
  default     = false
}

variable "kubelet_version" {
  type        = string
  description = "Kubelet version when it differs from kubernetes_version during an upgrade (never newer, at most three minors older); null: kubernetes_version."
  default     = null

  validation {
    condition     = var.kubelet_version == null ? true : can(regex("^v1\\.[0-9]+\\.[0-9]+$", var.kubelet_version))
    error_message = "The kubelet_version must be an exact release such as v1.36.1, or null."
  }
}

variable "enable_aggregation" {
  type        = bool
  description = "Turn the API aggregation layer on (front-proxy CA and client certificate; needed by metrics-server and other extension API servers)."
  default     = true
}

variable "certificate_validity_hours" {
  type        = number
  description = "Validity of every certificate this module makes, CAs included, in hours."
  default     = 8760

  validation {
    condition     = var.certificate_validity_hours >= 24 && var.certificate_validity_hours == floor(var.certificate_validity_hours)
    error_message = "The certificate_validity_hours must be a whole number of hours, at least 24."
  }
}

variable "container_images" {
  type        = map(string)
  description = "Overrides of the pinned container images, by key (see images.tf and the README); each must name an exact tag or digest."
  default     = {}

  validation {
    condition = alltrue([for key, image in var.container_images :
      can(regex("^[a-z0-9][a-z0-9./_:-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*|@sha256:[0-9a-f]{64})$", image)) && !can(regex(":latest$", image))
    ])
    error_message = "Each container_images value must be an image with an exact tag or digest (quay.io/calico/node:v3.28.2), never :latest or untagged."
  }
}
