variable "zones" {
  type        = list(string)
  description = "The region's zones as read now (a data source): kept at the first apply."
}
