# Provider-free: the config is built with jsonencode() and templatefile() only.
terraform {
  required_version = ">= 1.0"
}
