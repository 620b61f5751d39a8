variable "cluster_name" {
  type        = string
  description = "Cluster name, the prefix of matchbox profile and group names."
}

variable "name" {
  type        = string
  description = "Machine name (unique in the cluster)."
}

variable "mac" {
  type        = string
  description = "MAC address matchbox recognises the machine by (lowercase, colons)."

  validation {
    condition     = can(regex("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", var.mac))
    error_message = "The mac must be six lowercase hex pairs separated by colons (52:54:00:a1:9c:ae)."
  }
}

variable "domain" {
  type        = string
  description = "Fully qualified name the machine is reached by (SSH) and its hostname."
}

variable "ignition" {
  type        = string
  description = "Ignition config of the installed system, served by matchbox (no secrets: matchbox serves anyone)."
  sensitive   = true
}

variable "kubeconfig" {
  type        = string
  description = "The kubelet's bootstrap kubeconfig, copied over SSH to /etc/kubernetes/bootstrap-kubeconfig (0600)."
  sensitive   = true
}

variable "files" {
  type        = list(object({ path = string, mode = number, contents = string }))
  description = "More files copied over SSH with it (a controller's PKI), owned by root; mode is a number (384 = 0600)."
  sensitive   = true
  default     = []
}

variable "matchbox_http_endpoint" {
  type        = string
  description = "matchbox's HTTP endpoint (http://matchbox.example.com:8080)."
}

variable "os_channel" {
  type        = string
  description = "Flatcar channel: stable, beta or alpha."
}

variable "os_version" {
  type        = string
  description = "Flatcar version to install: current, or a release such as 4081.2.0."
}

variable "install_disk" {
  type        = string
  description = "Disk flatcar-install writes to."
}

variable "cached_install" {
  type        = bool
  description = "PXE-boot and install from matchbox's /assets cache instead of downloading from the Flatcar release server."
}

variable "kernel_args" {
  type        = list(string)
  description = "Extra kernel arguments for the PXE-booted installer."
}

variable "oem_type" {
  type        = string
  description = "OEM id passed to flatcar-install -o (empty for none)."
}

variable "ssh_authorized_keys" {
  type        = list(string)
  description = "SSH public keys of user core, during install and after."
}

variable "copy_assets" {
  type        = bool
  description = "Copy var.files over SSH once the machine is installed."
}

variable "ssh_private_key_file" {
  type        = string
  description = "Private key file for the SSH connection; empty uses the ssh-agent (SSH_AUTH_SOCK)."
}

variable "ssh_timeout" {
  type        = string
  description = "How long to keep retrying the SSH connection while the machine installs (30s, 60m)."
}
