# Checks across variables. Terraform 1.0 has no preconditions and a validation block sees
# only its own variable, so a failed check calls tobool() on its message: plan stops with
# 'cannot convert "ERROR: <message>" to bool', which names the problem.
locals {
  cidrs = {
    pod_cidr     = var.pod_cidr
    service_cidr = var.service_cidr
    host_cidr    = var.host_cidr
  }
  cidr_pairs = [
    for pair in [["pod_cidr", "service_cidr"], ["pod_cidr", "host_cidr"], ["service_cidr", "host_cidr"]] : {
      names  = pair
      cidrs  = [local.cidrs[pair[0]], local.cidrs[pair[1]]]
      prefix = min(split("/", local.cidrs[pair[0]])[1], split("/", local.cidrs[pair[1]])[1])
    } if local.cidrs[pair[1]] != ""
  ]
  # Two CIDRs overlap when their networks agree on the shorter of their two prefixes.
  cidr_overlaps = [
    for pair in local.cidr_pairs : "${pair.names[0]} ${pair.cidrs[0]} overlaps ${pair.names[1]} ${pair.cidrs[1]}"
    if cidrhost("${split("/", pair.cidrs[0])[0]}/${pair.prefix}", 0) == cidrhost("${split("/", pair.cidrs[1])[0]}/${pair.prefix}", 0)
  ]
  unknown_images = setsubtract(keys(var.container_images), keys(local.default_images))

  problems = concat(
    [for overlap in local.cidr_overlaps : "${overlap}: pod, service and host CIDRs must not share addresses."],
    length(local.unknown_images) == 0 ? [] : ["container_images has unknown keys ${join(", ", sort(local.unknown_images))}; known keys are ${join(", ", sort(keys(local.default_images)))}."],
  )
  checked = length(local.problems) == 0 ? true : tobool("ERROR: ${join(" ", local.problems)}")
}
