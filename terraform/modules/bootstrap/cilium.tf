# Cilium: VXLAN tunnel, cluster-pool IPAM over var.pod_cidr, alongside kube-proxy. The
# operator registers Cilium's CRDs itself.
locals {
  cilium_labels = { k8s-app = "cilium" }
  cilium_config = { name = "config", mountPath = "/tmp/cilium/config-map", readOnly = true }

  cilium = [
    {
      apiVersion = "v1"
      kind       = "ServiceAccount"
      metadata   = { name = "cilium-agent", namespace = "kube-system" }
    },
    {
      apiVersion = "v1"
      kind       = "ServiceAccount"
      metadata   = { name = "cilium-operator", namespace = "kube-system" }
    },
    {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRole"
      metadata   = { name = "cilium-agent" }
      rules = [
        { apiGroups = ["networking.k8s.io"], resources = ["networkpolicies"], verbs = ["get", "list", "watch"] },
        { apiGroups = ["discovery.k8s.io"], resources = ["endpointslices"], verbs = ["get", "list", "watch"] },
        { apiGroups = [""], resources = ["namespaces", "services", "pods", "endpoints", "nodes"], verbs = ["get", "list", "watch"] },
        { apiGroups = [""], resources = ["pods", "nodes", "nodes/status"], verbs = ["patch", "update"] },
        { apiGroups = ["apiextensions.k8s.io"], resources = ["customresourcedefinitions"], verbs = ["get", "list", "watch"] },
        { apiGroups = ["cilium.io"], resources = ["*"], verbs = ["*"] },
      ]
    },
    {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRole"
      metadata   = { name = "cilium-operator" }
      rules = [
        { apiGroups = [""], resources = ["pods"], verbs = ["get", "list", "watch", "delete"] },
        { apiGroups = [""], resources = ["nodes", "namespaces", "services", "endpoints", "configmaps"], verbs = ["get", "list", "watch"] },
        { apiGroups = [""], resources = ["nodes", "nodes/status"], verbs = ["patch"] },
        { apiGroups = [""], resources = ["services/status"], verbs = ["update", "patch"] },
        { apiGroups = ["discovery.k8s.io"], resources = ["endpointslices"], verbs = ["get", "list", "watch"] },
        { apiGroups = ["cilium.io"], resources = ["*"], verbs = ["*"] },
        { apiGroups = ["apiextensions.k8s.io"], resources = ["customresourcedefinitions"], verbs = ["create", "get", "list", "watch", "update"] },
        { apiGroups = ["coordination.k8s.io"], resources = ["leases"], verbs = ["create", "get", "update"] },
      ]
    },
    {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRoleBinding"
      metadata   = { name = "cilium-agent" }
      roleRef    = { apiGroup = "rbac.authorization.k8s.io", kind = "ClusterRole", name = "cilium-agent" }
      subjects   = [{ kind = "ServiceAccount", name = "cilium-agent", namespace = "kube-system" }]
    },
    {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRoleBinding"
      metadata   = { name = "cilium-operator" }
      roleRef    = { apiGroup = "rbac.authorization.k8s.io", kind = "ClusterRole", name = "cilium-operator" }
      subjects   = [{ kind = "ServiceAccount", name = "cilium-operator", namespace = "kube-system" }]
    },
    {
      apiVersion = "v1"
      kind       = "ConfigMap"
      metadata   = { name = "cilium", namespace = "kube-system" }
      data = {
        identity-allocation-mode    = "crd"
        cluster-name                = var.cluster_name
        enable-ipv4                 = "true"
        enable-ipv6                 = "false"
        routing-mode                = "tunnel"
        tunnel-protocol             = "vxlan"
        ipam                        = "cluster-pool"
        cluster-pool-ipv4-cidr      = var.pod_cidr
        cluster-pool-ipv4-mask-size = "24"
        kube-proxy-replacement      = "false"
        enable-ipv4-masquerade      = "true"
        enable-bpf-masquerade       = "false"
        install-iptables-rules      = "true"
        enable-policy               = "default"
        enable-health-checking      = "true"
        agent-health-port           = "9879"
        operator-api-serve-addr     = "127.0.0.1:9234"
        write-cni-conf-when-ready   = "/host/etc/cni/net.d/05-cilium.conflist"
        cni-exclusive               = "true"
        cni-log-file                = "/var/run/cilium/cilium-cni.log"
      }
    },
    {
      apiVersion = "apps/v1"
      kind       = "DaemonSet"
      metadata   = { name = "cilium", namespace = "kube-system", labels = local.cilium_labels }
      spec = {
        selector       = { matchLabels = local.cilium_labels }
        updateStrategy = { type = "RollingUpdate", rollingUpdate = { maxUnavailable = 1 } }
        template = {
          metadata = { labels = local.cilium_labels }
          spec = {
            hostNetwork                   = true
            priorityClassName             = local.node_critical
            serviceAccountName            = "cilium-agent"
            terminationGracePeriodSeconds = 1
            tolerations                   = local.tolerate_all
            initContainers = [
              {
                name            = "install-cni-plugin"
                image           = local.images.cilium
                command         = ["/install-plugin.sh"]
                securityContext = { privileged = true }
                volumeMounts    = [local.cni_bin_rw]
              },
              {
                # Mounts the cgroup2 filesystem in the host's namespaces.
                name            = "mount-cgroup"
                image           = local.images.cilium
                command         = ["sh", "-ec", "cp /usr/bin/cilium-mount /hostbin/cilium-mount && nsenter --cgroup=/hostproc/1/ns/cgroup --mount=/hostproc/1/ns/mnt /opt/cni/bin/cilium-mount /run/cilium/cgroupv2; rm /hostbin/cilium-mount"]
                securityContext = { privileged = true }
                volumeMounts = [
                  { name = "hostproc", mountPath = "/hostproc" },
                  { name = "cni-bin", mountPath = "/hostbin" },
                ]
              },
              {
                name            = "clean-cilium-state"
                image           = local.images.cilium
                command         = ["/init-container.sh"]
                securityContext = { privileged = true }
                volumeMounts = [
                  { name = "sys-fs-bpf", mountPath = "/sys/fs/bpf" },
                  { name = "var-run-cilium", mountPath = "/var/run/cilium" },
                  { name = "cilium-cgroup", mountPath = "/run/cilium/cgroupv2", mountPropagation = "HostToContainer" },
                ]
              },
            ]
            containers = [{
              name    = "cilium-agent"
              image   = local.images.cilium
              command = ["cilium-agent"]
              args    = ["--config-dir=/tmp/cilium/config-map"]
              env = concat([
                { name = "K8S_NODE_NAME", valueFrom = { fieldRef = { fieldPath = "spec.nodeName" } } },
                { name = "CILIUM_K8S_NAMESPACE", valueFrom = { fieldRef = { fieldPath = "metadata.namespace" } } },
              ], local.api_env)
              securityContext = { privileged = true }
              livenessProbe = {
                exec                = { command = ["cilium", "status", "--brief"] }
                periodSeconds       = 30
                initialDelaySeconds = 120
                failureThreshold    = 10
                timeoutSeconds      = 5
              }
              readinessProbe = {
                exec           = { command = ["cilium", "status", "--brief"] }
                periodSeconds  = 20
                timeoutSeconds = 5
              }
              volumeMounts = [
                { name = "lib-modules", mountPath = "/lib/modules", readOnly = true },
                local.xtables_lock_rw,
                { name = "var-run-cilium", mountPath = "/var/run/cilium" },
                { name = "sys-fs-bpf", mountPath = "/sys/fs/bpf", mountPropagation = "Bidirectional" },
                local.cilium_config,
                local.cni_conf_rw,
              ]
            }]
            volumes = [
              { name = "lib-modules", hostPath = { path = "/lib/modules", type = "Directory" } },
              local.xtables_lock,
              { name = "var-run-cilium", hostPath = { path = "/var/run/cilium", type = "DirectoryOrCreate" } },
              { name = "sys-fs-bpf", hostPath = { path = "/sys/fs/bpf", type = "DirectoryOrCreate" } },
              { name = "hostproc", hostPath = { path = "/proc", type = "Directory" } },
              { name = "cilium-cgroup", hostPath = { path = "/run/cilium/cgroupv2", type = "DirectoryOrCreate" } },
              { name = "config", configMap = { name = "cilium" } },
              local.cni_bin,
              local.cni_conf,
            ]
          }
        }
      }
    },
    {
      apiVersion = "apps/v1"
      kind       = "Deployment"
      metadata   = { name = "cilium-operator", namespace = "kube-system", labels = { k8s-app = "cilium-operator" } }
      spec = {
        replicas = 1
        strategy = { type = "RollingUpdate", rollingUpdate = { maxUnavailable = 1 } }
        selector = { matchLabels = { k8s-app = "cilium-operator" } }
        template = {
          metadata = { labels = { k8s-app = "cilium-operator" } }
          spec = {
            hostNetwork        = true
            priorityClassName  = "system-cluster-critical"
            serviceAccountName = "cilium-operator"
            securityContext    = { seccompProfile = { type = "RuntimeDefault" } }
            tolerations        = [local.controller_toleration, { key = "node.kubernetes.io/not-ready", operator = "Exists" }]
            containers = [{
              name    = "cilium-operator"
              image   = local.images.cilium_operator
              command = ["cilium-operator-generic"]
              args    = ["--config-dir=/tmp/cilium/config-map"]
              env = concat([
                { name = "K8S_NODE_NAME", valueFrom = { fieldRef = { fieldPath = "spec.nodeName" } } },
                { name = "CILIUM_K8S_NAMESPACE", valueFrom = { fieldRef = { fieldPath = "metadata.namespace" } } },
              ], local.api_env)
              livenessProbe = {
                httpGet             = { scheme = "HTTP", host = "127.0.0.1", port = 9234, path = "/healthz" }
                initialDelaySeconds = 60
                periodSeconds       = 10
                timeoutSeconds      = 3
              }
              volumeMounts = [local.cilium_config]
            }]
            volumes = [{ name = "config", configMap = { name = "cilium" } }]
          }
        }
      }
    },
  ]
}
