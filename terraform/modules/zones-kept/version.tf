# The release of railyard's modules this module belongs to: railyard's own version
# (cli/railyard/__init__.py; scripts/set_version.py changes both, a test keeps them equal).
output "module_version" {
  description = "railyard module release this module comes from"
  value       = "0.1.0"
}
