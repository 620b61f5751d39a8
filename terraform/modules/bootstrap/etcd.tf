# etcd runs on each controller host as a systemd unit (a container run by docker), one
# member per entry of var.etcd_servers, TLS on both the client and the peer port.
locals {
  etcd_names = [for index, host in var.etcd_servers : "${var.cluster_name}-etcd${index}"]
  etcd_members = [
    for index, host in var.etcd_servers : "${local.etcd_names[index]}=https://${host}:2380"
  ]

  etcd_unit = templatefile("${path.module}/templates/etcd-member.service", { image = local.images.etcd })

  # etcd, and the oneshot before it that rejoins a running cluster when the data dir is empty.
  etcd_rejoin_script = "/opt/etcd/rejoin"
  etcd_units = [
    { name = "etcd-member.service", enabled = true, contents = local.etcd_unit },
    {
      name     = "etcd-rejoin.service"
      contents = templatefile("${path.module}/templates/etcd-rejoin.service", { script = local.etcd_rejoin_script })
    },
  ]

  # Controller index -> its member's files: environment, CA, server and peer certificates.
  etcd_files = [for index, host in var.etcd_servers : [
    {
      path = "/etc/etcd/etcd.env"
      mode = 420
      contents = templatefile("${path.module}/templates/etcd.env", {
        name            = local.etcd_names[index]
        host            = host
        initial_cluster = join(",", local.etcd_members)
        cluster_name    = var.cluster_name
      })
    },
    { path = "/etc/ssl/etcd/ca.crt", mode = 420, contents = tls_self_signed_cert.ca["etcd"].cert_pem },
    { path = "/etc/ssl/etcd/server.crt", mode = 420, contents = tls_locally_signed_cert.leaf["etcd_server_${index}"].cert_pem },
    { path = "/etc/ssl/etcd/server.key", mode = 384, contents = tls_private_key.leaf["etcd_server_${index}"].private_key_pem },
    { path = "/etc/ssl/etcd/peer.crt", mode = 420, contents = tls_locally_signed_cert.leaf["etcd_peer_${index}"].cert_pem },
    { path = "/etc/ssl/etcd/peer.key", mode = 384, contents = tls_private_key.leaf["etcd_peer_${index}"].private_key_pem },
    {
      path     = local.etcd_rejoin_script
      mode     = 493
      contents = templatefile("${path.module}/templates/etcd-rejoin", { image = local.images.etcd, pki_dir = "${local.pki_dir}/etcd" })
    },
  ]]
}
