terraform {
  required_version = ">= 1.0"

  required_providers {
    matchbox = {
      source  = "poseidon/matchbox"
      version = ">= 0.5, < 1.0"
    }
  }
}
