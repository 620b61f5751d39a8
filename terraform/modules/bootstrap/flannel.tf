# flannel, from flannel-io/flannel v0.27.0 Documentation/kube-flannel.yml.
locals {
  flannel_labels = { tier = "node", app = "flannel", k8s-app = "flannel" }
  flannel = [
    {
      apiVersion = "v1"
      kind       = "Namespace"
      metadata   = { name = "kube-flannel", labels = { k8s-app = "flannel", "pod-security.kubernetes.io/enforce" = "privileged" } }
    },
    {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRole"
      metadata   = { name = "flannel", labels = { k8s-app = "flannel" } }
      rules = [
        { apiGroups = [""], resources = ["pods"], verbs = ["get"] },
        { apiGroups = [""], resources = ["nodes"], verbs = ["get", "list", "watch"] },
        { apiGroups = [""], resources = ["nodes/status"], verbs = ["patch"] },
      ]
    },
    {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRoleBinding"
      metadata   = { name = "flannel", labels = { k8s-app = "flannel" } }
      roleRef    = { apiGroup = "rbac.authorization.k8s.io", kind = "ClusterRole", name = "flannel" }
      subjects   = [{ kind = "ServiceAccount", name = "flannel", namespace = "kube-flannel" }]
    },
    {
      apiVersion = "v1"
      kind       = "ServiceAccount"
      metadata   = { name = "flannel", namespace = "kube-flannel", labels = { k8s-app = "flannel" } }
    },
    {
      apiVersion = "v1"
      kind       = "ConfigMap"
      metadata   = { name = "kube-flannel-cfg", namespace = "kube-flannel", labels = local.flannel_labels }
      data = {
        "cni-conf.json" = jsonencode({
          name       = "cbr0"
          cniVersion = "0.3.1"
          plugins = [
            { type = "flannel", delegate = { hairpinMode = true, isDefaultGateway = true } },
            { type = "portmap", capabilities = { portMappings = true } },
          ]
        })
        # Adaptation: the pod CIDR is var.pod_cidr, and VXLAN uses the IANA port 4789 that
        # calico uses too (the platforms open one port for both).
        "net-conf.json" = jsonencode({
          Network        = var.pod_cidr
          EnableNFTables = false
          Backend        = { Type = "vxlan", Port = 4789 }
        })
      }
    },
    {
      apiVersion = "apps/v1"
      kind       = "DaemonSet"
      metadata   = { name = "kube-flannel-ds", namespace = "kube-flannel", labels = local.flannel_labels }
      spec = {
        selector       = { matchLabels = { app = "flannel" } }
        updateStrategy = { type = "RollingUpdate", rollingUpdate = { maxUnavailable = 1 } }
        template = {
          metadata = { labels = { tier = "node", app = "flannel" } }
          spec = {
            affinity           = { nodeAffinity = { requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms = [{ matchExpressions = [{ key = "kubernetes.io/os", operator = "In", values = ["linux"] }] }] } } }
            hostNetwork        = true
            priorityClassName  = local.node_critical
            serviceAccountName = "flannel"
            securityContext    = { seccompProfile = { type = "RuntimeDefault" } }
            # Adaptation: NoExecute too, so nodes being drained keep their network.
            tolerations = local.tolerate_all
            initContainers = [
              {
                # Adaptation: the CNI config delegates to bridge and host-local and chains
                # portmap; upstream trusts the host to have them, railyard installs them
                # (as Typhoon, with poseidon/flannel-cni). Its script only writes a config
                # when it can: the config directory is not mounted here.
                name         = "install-cni-plugins"
                image        = local.images.cni_plugins
                command      = ["/install-cni.sh"]
                env          = [{ name = "SLEEP", value = "false" }]
                volumeMounts = [{ name = "cni-plugin", mountPath = "/host/opt/cni/bin" }]
              },
              {
                name         = "install-cni-plugin"
                image        = local.images.flannel_cni
                command      = ["cp"]
                args         = ["-f", "/flannel", "/opt/cni/bin/flannel"]
                volumeMounts = [{ name = "cni-plugin", mountPath = "/opt/cni/bin" }]
              },
              {
                name    = "install-cni"
                image   = local.images.flannel
                command = ["cp"]
                args    = ["-f", "/etc/kube-flannel/cni-conf.json", "/etc/cni/net.d/10-flannel.conflist"]
                volumeMounts = [
                  { name = "cni", mountPath = "/etc/cni/net.d" },
                  { name = "flannel-cfg", mountPath = "/etc/kube-flannel/" },
                ]
              },
            ]
            containers = [{
              name    = "kube-flannel"
              image   = local.images.flannel
              command = ["/opt/bin/flanneld"]
              # Adaptation: --iface=$(POD_IP) (the node's address: host network) picks the
              # interface on hosts with several, as Typhoon does.
              args = ["--ip-masq", "--kube-subnet-mgr", "--iface=$(POD_IP)"]
              env = concat(
                [local.field_env.POD_NAME, local.field_env.POD_NAMESPACE, { name = "EVENT_QUEUE_DEPTH", value = "5000" }, local.field_env.POD_IP],
                local.api_env,
              )
              resources       = { requests = { cpu = "100m", memory = "50Mi" } }
              securityContext = { privileged = false, capabilities = { add = ["NET_ADMIN", "NET_RAW"] } }
              volumeMounts = [
                { name = "run", mountPath = "/run/flannel" },
                { name = "flannel-cfg", mountPath = "/etc/kube-flannel/" },
                { name = "xtables-lock", mountPath = "/run/xtables.lock" },
              ]
            }]
            volumes = [
              { name = "run", hostPath = { path = "/run/flannel" } },
              { name = "cni-plugin", hostPath = { path = "/opt/cni/bin" } },
              { name = "cni", hostPath = { path = "/etc/cni/net.d" } },
              { name = "flannel-cfg", configMap = { name = "kube-flannel-cfg" } },
              local.xtables_lock,
            ]
          }
        }
      }
    },
  ]
}
