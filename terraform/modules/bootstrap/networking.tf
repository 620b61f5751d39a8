# What the add-ons share. Each add-on (flannel.tf, calico.tf, cilium.tf, coordinated-updates.tf,
# addons.tf) is a subset of its upstream release manifest with the same object, volume and
# container names; adaptations are commented where they are made, and
# tests/bootstrap/test_inventory.py lists each with its reason. CNI config goes to
# /etc/cni/net.d and plugins to /opt/cni/bin (flatcar-node's containerd defaults).
locals {
  # VXLAN adds 50 bytes to a 1500-byte host MTU.
  pod_mtu = 1450

  # Adaptation (host-network add-ons): they reach the API server by its DNS name, not the
  # service IP kube-proxy has yet to program when they start (client-go reads these).
  api_env = [
    { name = "KUBERNETES_SERVICE_HOST", value = var.api_servers[0] },
    { name = "KUBERNETES_SERVICE_PORT", value = "6443" },
  ]
  field_env = { for name, path in {
    NODE_NAME     = "spec.nodeName"
    POD_NAME      = "metadata.name"
    POD_NAMESPACE = "metadata.namespace"
    POD_IP        = "status.podIP"
  } : name => { name = name, valueFrom = { fieldRef = { fieldPath = path } } } }

  xtables_lock = { name = "xtables-lock", hostPath = { path = "/run/xtables.lock", type = "FileOrCreate" } }
  lib_modules  = { name = "lib-modules", hostPath = { path = "/lib/modules" } }
  # Node agents run on every node, through any taint (draining included: a node being
  # drained keeps its network and proxy).
  tolerate_all = [{ operator = "Exists" }]
  # Adaptation (cluster add-ons): railyard's controllers carry this taint, not upstream's
  # node-role.kubernetes.io/control-plane.
  controller_toleration = { key = "node-role.kubernetes.io/controller", operator = "Exists", effect = "NoSchedule" }
}
