"""railyard: Kubernetes on Flatcar Container Linux with Terraform."""

__version__ = "0.1.0"
