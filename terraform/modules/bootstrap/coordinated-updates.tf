# The Flatcar Linux Update Operator (var.coordinated_updates), from
# flatcar/flatcar-linux-update-operator v0.9.0 examples/deploy: an update-agent on every node
# tells the operator when update-engine has staged an OS update; the operator lets one node
# at a time drain and reboot. The nodes run update-engine with locksmithd masked.
locals {
  fluo_namespace = "reboot-coordinator"
  fluo_node_rule = { apiGroups = [""], resources = ["nodes"], verbs = ["get", "list", "watch", "update"] }
  # Role name -> its rules (a ClusterRole and a Role of each name, as upstream).
  fluo_cluster_roles = {
    flatcar-linux-update-operator = [local.fluo_node_rule]
    flatcar-linux-update-agent = [
      local.fluo_node_rule,
      { apiGroups = [""], resources = ["pods"], verbs = ["get", "list", "delete"] },
      { apiGroups = [""], resources = ["pods/eviction"], verbs = ["create"] },
      { apiGroups = ["apps"], resources = ["daemonsets"], verbs = ["get"] },
    ]
  }
  fluo_lock = "flatcar-linux-update-operator-lock"
  fluo_roles = {
    flatcar-linux-update-operator = [
      { apiGroups = [""], resources = ["configmaps"], verbs = ["create"] },
      { apiGroups = [""], resources = ["configmaps"], resourceNames = [local.fluo_lock], verbs = ["get", "update"] },
      { apiGroups = [""], resources = ["events"], verbs = ["create", "watch"] },
      { apiGroups = ["coordination.k8s.io"], resources = ["leases"], verbs = ["create"] },
      { apiGroups = ["coordination.k8s.io"], resources = ["leases"], resourceNames = [local.fluo_lock], verbs = ["get", "update"] },
    ]
  }
  # Binding -> the service account it names (upstream's RoleBinding for the agent names a
  # Role it never defines; railyard keeps the binding, which grants nothing until one exists).
  fluo_accounts = {
    flatcar-linux-update-operator = "flatcar-linux-update-operator-sa"
    flatcar-linux-update-agent    = "flatcar-linux-update-agent"
  }
  fluo_hardening = {
    allowPrivilegeEscalation = false
    capabilities             = { drop = ["ALL"] }
  }

  coordinated_updates = concat(
    [{
      apiVersion = "v1"
      kind       = "Namespace"
      metadata   = { name = local.fluo_namespace }
    }],
    [for name, rules in local.fluo_cluster_roles : {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRole"
      metadata   = { name = name }
      rules      = rules
    }],
    [for name, account in local.fluo_accounts : {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRoleBinding"
      metadata   = { name = name }
      roleRef    = { apiGroup = "rbac.authorization.k8s.io", kind = "ClusterRole", name = name }
      subjects   = [{ kind = "ServiceAccount", name = account, namespace = local.fluo_namespace }]
    }],
    [for name, rules in local.fluo_roles : {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "Role"
      metadata   = { name = name, namespace = local.fluo_namespace }
      rules      = rules
    }],
    [for name, account in local.fluo_accounts : {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "RoleBinding"
      metadata   = { name = name, namespace = local.fluo_namespace }
      roleRef    = { apiGroup = "rbac.authorization.k8s.io", kind = "Role", name = name }
      subjects   = [{ kind = "ServiceAccount", name = account, namespace = local.fluo_namespace }]
    }],
    [for account in values(local.fluo_accounts) : {
      apiVersion = "v1"
      kind       = "ServiceAccount"
      metadata   = { name = account, namespace = local.fluo_namespace }
    }],
    [
      {
        apiVersion = "apps/v1"
        kind       = "DaemonSet"
        metadata   = { name = "flatcar-linux-update-agent", namespace = local.fluo_namespace }
        spec = {
          updateStrategy = { type = "RollingUpdate", rollingUpdate = { maxUnavailable = 1 } }
          selector       = { matchLabels = { app = "flatcar-linux-update-agent" } }
          template = {
            metadata = { labels = { app = "flatcar-linux-update-agent" } }
            spec = {
              serviceAccountName = "flatcar-linux-update-agent"
              securityContext    = { seccompProfile = { type = "RuntimeDefault" } }
              containers = [{
                name    = "update-agent"
                image   = local.images.flatcar_linux_update_operator
                command = ["/bin/update-agent"]
                volumeMounts = [
                  { mountPath = "/var/run/dbus", name = "var-run-dbus", readOnly = false },
                  { mountPath = "/etc/flatcar", name = "etc-flatcar", readOnly = true },
                  { mountPath = "/usr/share/flatcar", name = "usr-share-flatcar", readOnly = true },
                  { mountPath = "/etc/os-release", name = "etc-os-release", readOnly = true },
                ]
                env = [
                  { name = "UPDATE_AGENT_NODE", valueFrom = { fieldRef = { fieldPath = "spec.nodeName" } } },
                  local.field_env.POD_NAMESPACE,
                ]
                # Root, to ask logind over D-Bus for the reboot (the image runs as nobody).
                securityContext = merge(local.fluo_hardening, { runAsUser = 0 })
                resources       = { requests = { cpu = "10m", memory = "32Mi" }, limits = { memory = "64Mi" } }
              }]
              # Adaptation: every node reboots through it, tainted pools and controllers too
              # (upstream tolerates the control-plane taints only).
              tolerations = local.tolerate_all
              volumes = [
                { name = "var-run-dbus", hostPath = { path = "/var/run/dbus" } },
                { name = "etc-flatcar", hostPath = { path = "/etc/flatcar" } },
                { name = "usr-share-flatcar", hostPath = { path = "/usr/share/flatcar" } },
                { name = "etc-os-release", hostPath = { path = "/etc/os-release" } },
              ]
            }
          }
        }
      },
      {
        apiVersion = "apps/v1"
        kind       = "Deployment"
        metadata   = { name = "flatcar-linux-update-operator", namespace = local.fluo_namespace }
        spec = {
          replicas = 1
          selector = { matchLabels = { app = "flatcar-linux-update-operator" } }
          template = {
            metadata = { labels = { app = "flatcar-linux-update-operator" } }
            spec = {
              serviceAccountName = "flatcar-linux-update-operator-sa"
              securityContext    = { runAsNonRoot = true, runAsUser = 65534, seccompProfile = { type = "RuntimeDefault" } }
              containers = [{
                name            = "update-operator"
                image           = local.images.flatcar_linux_update_operator
                command         = ["/bin/update-operator"]
                env             = [local.field_env.POD_NAMESPACE]
                securityContext = merge(local.fluo_hardening, { readOnlyRootFilesystem = true })
                resources       = { requests = { cpu = "10m", memory = "32Mi" }, limits = { memory = "128Mi" } }
              }]
              tolerations = [local.controller_toleration]
            }
          }
        }
      },
    ],
  )
}
