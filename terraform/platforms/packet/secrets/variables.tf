variable "name" {
  type        = string
  description = "Device name, for the script's report."
}

variable "device_id" {
  type        = string
  description = "Device id: a replaced device gets its secrets again."
}

variable "host" {
  type        = string
  description = "Address SSH reaches the device at (its public IPv4)."
}

variable "files" {
  type        = list(object({ path = string, mode = number, contents = string }))
  description = "Files written as root with their mode (a number: 384 = 0600)."
  sensitive   = true
}

variable "ssh_private_key_file" {
  type        = string
  description = "Private key file for the SSH connection; empty uses the ssh-agent (SSH_AUTH_SOCK)."
}

variable "ssh_timeout" {
  type        = string
  description = "How long to keep retrying the SSH connection while the device installs."
}
