output "install_ignition" {
  description = "Ignition config of the PXE-booted installer (for tests and debugging)."
  value       = local.install_ignition
}

output "copied" {
  description = "Id of the SSH copy (null when copy_assets is false): depend on it to act after the files are in place."
  value       = var.copy_assets ? module.copy_assets[0].id : null
}
