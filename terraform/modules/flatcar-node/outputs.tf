output "ignition" {
  description = "Ignition 3.3.0 config (compact JSON); file contents as plain base64 data URLs."
  value       = jsonencode(local.config)
  sensitive   = true
}

output "ignition_compact" {
  description = "The same config with file contents and snippets gzip-compressed, for size-limited user data (EC2: 16 KiB)."
  value       = jsonencode(local.config_compact)
  sensitive   = true
}
