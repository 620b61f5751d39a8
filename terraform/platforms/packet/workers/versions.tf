terraform {
  required_version = ">= 1.0"

  required_providers {
    equinix = {
      source  = "equinix/equinix"
      version = ">= 1.39, < 2.0"
    }
  }
}
