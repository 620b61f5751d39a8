variable "name" {
  type        = string
  description = "Machine name, for the script's report."
}

variable "machine_id" {
  type        = string
  description = "What identifies the machine (device id, MAC): a new machine gets the files again."
}

variable "host" {
  type        = string
  description = "Address or DNS name SSH reaches the machine at."
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
  description = "How long to keep retrying the SSH connection while the machine installs."
}
