terraform {
  required_version = ">= 1.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 7.0"
    }
    equinix = {
      source  = "equinix/equinix"
      version = ">= 1.39, < 2.0"
    }
    null = {
      source  = "hashicorp/null"
      version = ">= 2.1, < 4.0"
    }
  }
}
