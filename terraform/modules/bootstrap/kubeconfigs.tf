# Kubeconfigs: admin, kubelet TLS bootstrap (a bootstrap token), controller-manager and
# scheduler. The control plane's own components talk to the local API server.
resource "random_string" "bootstrap_token_id" {
  length  = 6
  upper   = false
  special = false
}

# The token's secret half is a random_password: its value is sensitive, so it never shows
# in plan or apply output as a resource id would ([id=...]). kubeadm's token format is
# [a-z0-9]{6}.[a-z0-9]{16}; the id half is public (it names the token's Secret).
resource "random_password" "bootstrap_token_secret" {
  length  = 16
  upper   = false
  special = false
}

locals {
  api_endpoint    = "https://${var.api_servers[0]}:6443"
  local_endpoint  = "https://127.0.0.1:6443"
  bootstrap_token = "${random_string.bootstrap_token_id.result}.${random_password.bootstrap_token_secret.result}"
  ca_data         = base64encode(tls_self_signed_cert.ca["kubernetes"].cert_pem)

  # Component -> the server it talks to and the client certificate it shows.
  client_kubeconfigs = {
    admin              = { server = local.api_endpoint, user = "${var.cluster_name}-admin" }
    controller_manager = { server = local.local_endpoint, user = "system:kube-controller-manager" }
    scheduler          = { server = local.local_endpoint, user = "system:kube-scheduler" }
  }
  kubeconfigs = merge(
    { for name, kubeconfig in local.client_kubeconfigs : name => templatefile("${path.module}/templates/kubeconfig", {
      cluster_name = var.cluster_name
      server       = kubeconfig.server
      ca_data      = local.ca_data
      user         = kubeconfig.user
      token        = ""
      cert_data    = base64encode(tls_locally_signed_cert.leaf[name].cert_pem)
      key_data     = base64encode(tls_private_key.leaf[name].private_key_pem)
    }) },
    {
      kubelet = templatefile("${path.module}/templates/kubeconfig", {
        cluster_name = var.cluster_name
        server       = local.api_endpoint
        ca_data      = local.ca_data
        user         = "kubelet-bootstrap"
        token        = local.bootstrap_token
        cert_data    = ""
        key_data     = ""
      })
    },
  )
}
