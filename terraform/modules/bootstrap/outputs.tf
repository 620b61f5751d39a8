output "kubeconfig_admin" {
  description = "Admin kubeconfig (system:masters client certificate) for the API endpoint."
  value       = local.checked ? local.kubeconfigs["admin"] : null
  sensitive   = true
}

output "kubeconfig_kubelet" {
  description = "Kubelet TLS bootstrap kubeconfig (bootstrap token), for flatcar-node's bootstrap_kubeconfig."
  value       = local.checked ? local.kubeconfigs["kubelet"] : null
  sensitive   = true
}

output "api_endpoint" {
  description = "URL of the Kubernetes API: https://<first api_servers name>:6443."
  value       = local.checked ? local.api_endpoint : null
}

output "etcd_members" {
  description = "etcd members as name=https://host:2380, one per controller."
  value       = local.checked ? local.etcd_members : null
}

output "cluster_dns_ip" {
  description = "The cluster DNS service IP (the 10th address of service_cidr), for flatcar-node's cluster_dns_ip."
  value       = local.checked ? local.cluster_dns_ip : null
}

output "assets" {
  description = "Files every controller gets: absolute path -> contents (PKI, kubeconfigs, static pods, add-on manifests)."
  value       = local.checked ? local.assets : null
  sensitive   = true
}

output "controller_files" {
  description = "Per controller (indexed like etcd_servers), flatcar-node files: the shared assets plus that controller's etcd member files; keys mode 0600."
  value       = local.checked ? local.controller_files : null
  sensitive   = true
}

output "kubelet_image" {
  description = "The kubelet container image with its tag, for flatcar-node's kubelet_image (every node's kubelet)."
  value       = local.images.kubelet
}

output "controller_units" {
  description = "Per controller (indexed like etcd_servers), flatcar-node units: etcd-member.service and etcd-rejoin.service, plus bootstrap.service on the first."
  value       = local.checked ? local.controller_units : null
}
