# The cluster's PKI: a Kubernetes CA, an etcd CA, a front-proxy CA (aggregation only), the
# certificates they sign, and the service-account signing key. ECDSA P-256 throughout.
locals {
  cas = merge(
    { kubernetes = "kubernetes-ca", etcd = "etcd-ca" },
    var.enable_aggregation ? { front_proxy = "front-proxy-ca" } : {},
  )

  server_uses = ["digital_signature", "key_encipherment", "server_auth"]
  client_uses = ["digital_signature", "key_encipherment", "client_auth"]
  peer_uses   = ["digital_signature", "key_encipherment", "server_auth", "client_auth"]

  api_service_ip = cidrhost(var.service_cidr, 1)
  cluster_dns_ip = cidrhost(var.service_cidr, 10)

  # Certificate name -> the CA that signs it, its subject, names and uses.
  leaf_certs = merge(
    {
      apiserver = {
        ca           = "kubernetes"
        common_name  = "kube-apiserver"
        organization = null
        dns_names = concat(var.api_servers, [
          "kubernetes",
          "kubernetes.default",
          "kubernetes.default.svc",
          "kubernetes.default.svc.${var.cluster_domain}",
          "localhost",
        ])
        ip_addresses = [local.api_service_ip, "127.0.0.1"]
        uses         = local.server_uses
      }
      # The API server's identity towards kubelets (bound to system:kubelet-api-admin).
      apiserver_kubelet_client = {
        ca           = "kubernetes"
        common_name  = "kube-apiserver-kubelet-client"
        organization = null
        dns_names    = []
        ip_addresses = []
        uses         = local.client_uses
      }
      admin = {
        ca           = "kubernetes"
        common_name  = "${var.cluster_name}-admin"
        organization = "system:masters"
        dns_names    = []
        ip_addresses = []
        uses         = local.client_uses
      }
      controller_manager = {
        ca           = "kubernetes"
        common_name  = "system:kube-controller-manager"
        organization = null
        dns_names    = []
        ip_addresses = []
        uses         = local.client_uses
      }
      scheduler = {
        ca           = "kubernetes"
        common_name  = "system:kube-scheduler"
        organization = null
        dns_names    = []
        ip_addresses = []
        uses         = local.client_uses
      }
      etcd_client = {
        ca           = "etcd"
        common_name  = "etcd-client"
        organization = null
        dns_names    = []
        ip_addresses = []
        uses         = local.client_uses
      }
    },
    # etcd's gRPC gateway dials its own client port with the server certificate, so it
    # needs client_auth too.
    { for index, name in var.etcd_servers : "etcd_server_${index}" => {
      ca           = "etcd"
      common_name  = name
      organization = null
      dns_names    = [name, "localhost"]
      ip_addresses = ["127.0.0.1"]
      uses         = local.peer_uses
    } },
    { for index, name in var.etcd_servers : "etcd_peer_${index}" => {
      ca           = "etcd"
      common_name  = name
      organization = null
      dns_names    = [name]
      ip_addresses = []
      uses         = local.peer_uses
    } },
    var.enable_aggregation ? {
      front_proxy_client = {
        ca           = "front_proxy"
        common_name  = "front-proxy-client"
        organization = null
        dns_names    = []
        ip_addresses = []
        uses         = local.client_uses
      }
    } : {},
  )
}

resource "tls_private_key" "ca" {
  for_each = local.cas

  algorithm   = "ECDSA"
  ecdsa_curve = "P256"
}

resource "tls_self_signed_cert" "ca" {
  for_each = local.cas

  private_key_pem = tls_private_key.ca[each.key].private_key_pem

  subject {
    common_name  = each.value
    organization = var.cluster_name
  }

  is_ca_certificate     = true
  validity_period_hours = var.certificate_validity_hours
  allowed_uses          = ["cert_signing", "crl_signing", "digital_signature", "key_encipherment"]
}

resource "tls_private_key" "leaf" {
  for_each = local.leaf_certs

  algorithm   = "ECDSA"
  ecdsa_curve = "P256"
}

resource "tls_cert_request" "leaf" {
  for_each = local.leaf_certs

  private_key_pem = tls_private_key.leaf[each.key].private_key_pem

  subject {
    common_name  = each.value.common_name
    organization = each.value.organization
  }

  dns_names    = each.value.dns_names
  ip_addresses = each.value.ip_addresses
}

resource "tls_locally_signed_cert" "leaf" {
  for_each = local.leaf_certs

  cert_request_pem   = tls_cert_request.leaf[each.key].cert_request_pem
  ca_private_key_pem = tls_private_key.ca[each.value.ca].private_key_pem
  ca_cert_pem        = tls_self_signed_cert.ca[each.value.ca].cert_pem

  validity_period_hours = var.certificate_validity_hours
  allowed_uses          = each.value.uses
}

# Signs service-account tokens (kube-apiserver) and verifies them.
resource "tls_private_key" "service_account" {
  algorithm   = "ECDSA"
  ecdsa_curve = "P256"
}
