output "zones" {
  description = "The zones read at the first apply; the ones read now while that is not in state (a destroy of a state made before this module)."
  value       = try(split(",", random_id.zones.keepers.names), var.zones)
}
