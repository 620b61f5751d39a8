output "id" {
  description = "Id of the copy: depend on it to act after the files are in place."
  value       = null_resource.copy.id
}
