# What the controllers get: files shared by all of them (path -> contents) plus each
# one's etcd member files, and the units flatcar-node writes.
locals {
  bootstrap_dir = "/opt/bootstrap"
  assets_dir    = "${local.bootstrap_dir}/assets"

  # File name under assets_dir -> documents, applied in name order.
  addon_manifests = merge(
    {
      "00-node-join.yaml"  = local.node_join
      "10-kube-proxy.yaml" = local.kube_proxy
      "20-coredns.yaml"    = local.coredns
      "30-network.yaml"    = { calico = local.calico, cilium = local.cilium, flannel = local.flannel }[var.networking]
    },
    var.coordinated_updates ? { "40-coordinated-updates.yaml" = local.coordinated_updates } : {},
  )

  # Keys and the files holding them (kubeconfigs with client keys, the Secret encryption
  # key, the bootstrap token).
  secret_files = merge(
    {
      "${local.pki_dir}/ca.key"                       = tls_private_key.ca["kubernetes"].private_key_pem
      "${local.pki_dir}/apiserver.key"                = tls_private_key.leaf["apiserver"].private_key_pem
      "${local.pki_dir}/apiserver-kubelet-client.key" = tls_private_key.leaf["apiserver_kubelet_client"].private_key_pem
      "${local.pki_dir}/sa.key"                       = tls_private_key.service_account.private_key_pem
      "${local.pki_dir}/etcd/client.key"              = tls_private_key.leaf["etcd_client"].private_key_pem
      "/etc/kubernetes/admin.conf"                    = local.kubeconfigs["admin"]
      "/etc/kubernetes/controller-manager.conf"       = local.kubeconfigs["controller_manager"]
      "/etc/kubernetes/scheduler.conf"                = local.kubeconfigs["scheduler"]
      "${local.apiserver_dir}/encryption.yaml"        = yamlencode(local.encryption_config)
    },
    var.enable_aggregation ? {
      "${local.pki_dir}/front-proxy-client.key" = tls_private_key.leaf["front_proxy_client"].private_key_pem
    } : {},
    { for name, documents in local.addon_manifests : "${local.assets_dir}/${name}" => join("---\n", [for document in documents : yamlencode(document)]) },
  )
  public_files = merge(
    {
      "${local.pki_dir}/ca.crt"                       = tls_self_signed_cert.ca["kubernetes"].cert_pem
      "${local.pki_dir}/apiserver.crt"                = tls_locally_signed_cert.leaf["apiserver"].cert_pem
      "${local.pki_dir}/apiserver-kubelet-client.crt" = tls_locally_signed_cert.leaf["apiserver_kubelet_client"].cert_pem
      "${local.pki_dir}/sa.pub"                       = tls_private_key.service_account.public_key_pem
      "${local.pki_dir}/etcd/ca.crt"                  = tls_self_signed_cert.ca["etcd"].cert_pem
      "${local.pki_dir}/etcd/client.crt"              = tls_locally_signed_cert.leaf["etcd_client"].cert_pem
      "${local.apiserver_dir}/authentication.yaml"    = yamlencode(local.authentication_config)
      "${local.apiserver_dir}/audit-policy.yaml"      = yamlencode(local.audit_policy)
    },
    var.enable_aggregation ? {
      "${local.pki_dir}/front-proxy-ca.crt"     = tls_self_signed_cert.ca["front_proxy"].cert_pem
      "${local.pki_dir}/front-proxy-client.crt" = tls_locally_signed_cert.leaf["front_proxy_client"].cert_pem
    } : {},
    { for name, manifest in local.static_pod_manifests : "/etc/kubernetes/manifests/${name}.yaml" => yamlencode(manifest) },
  )
  apply_script = templatefile("${path.module}/templates/apply", {
    assets_dir = local.assets_dir
    image      = local.images.kubectl
  })

  assets = merge(local.public_files, local.secret_files, { "${local.bootstrap_dir}/apply" = local.apply_script })

  shared_files = concat(
    [for path, contents in local.public_files : { path = path, mode = 420, contents = contents }],
    [for path, contents in local.secret_files : { path = path, mode = 384, contents = contents }],
    [{ path = "${local.bootstrap_dir}/apply", mode = 448, contents = local.apply_script }],
  )
  controller_files = [for index, host in var.etcd_servers : concat(local.shared_files, local.etcd_files[index])]

  bootstrap_unit = {
    name    = "bootstrap.service"
    enabled = true
    contents = templatefile("${path.module}/templates/bootstrap.service", {
      apply     = "${local.bootstrap_dir}/apply"
      done_file = "${local.bootstrap_dir}/bootstrap.done"
    })
  }
  controller_units = [for index, host in var.etcd_servers : concat(
    local.etcd_units,
    index == 0 ? [local.bootstrap_unit] : [],
  )]
}
