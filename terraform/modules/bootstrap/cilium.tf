# cilium v1.18.9 as poseidon/terraform-render-bootstrap e834a08 renders it (resources/cilium;
# cilium itself publishes a Helm chart, not a manifest): VXLAN tunnel, cluster-pool IPAM over
# var.pod_cidr. The operator registers Cilium's CRDs itself.
locals {
  cilium_config_mount = { name = "config", mountPath = "/tmp/cilium/config-map", readOnly = true }
  cilium_status       = { exec = { command = ["cilium", "status", "--brief"] } }
  cilium_operator_health = {
    httpGet        = { scheme = "HTTP", host = "127.0.0.1", port = 9234, path = "/healthz" }
    timeoutSeconds = 3
  }
  cilium_env = [
    { name = "K8S_NODE_NAME", valueFrom = { fieldRef = { apiVersion = "v1", fieldPath = "spec.nodeName" } } },
    { name = "CILIUM_K8S_NAMESPACE", valueFrom = { fieldRef = { apiVersion = "v1", fieldPath = "metadata.namespace" } } },
  ]

  cilium_resources = {
    operator = ["ciliumnetworkpolicies", "ciliumnetworkpolicies/status", "ciliumnetworkpolicies/finalizers", "ciliumclusterwidenetworkpolicies", "ciliumclusterwidenetworkpolicies/status", "ciliumclusterwidenetworkpolicies/finalizers", "ciliumendpoints", "ciliumendpoints/status", "ciliumendpoints/finalizers", "ciliumnodes", "ciliumnodes/status", "ciliumnodes/finalizers", "ciliumidentities", "ciliumidentities/status", "ciliumidentities/finalizers", "ciliumlocalredirectpolicies", "ciliumlocalredirectpolicies/status", "ciliumlocalredirectpolicies/finalizers", "ciliumendpointslices", "ciliumloadbalancerippools", "ciliumloadbalancerippools/status", "ciliumcidrgroups", "ciliuml2announcementpolicies", "ciliuml2announcementpolicies/status", "ciliumpodippools"]
    agent    = ["ciliumnetworkpolicies", "ciliumnetworkpolicies/status", "ciliumclusterwidenetworkpolicies", "ciliumclusterwidenetworkpolicies/status", "ciliumendpoints", "ciliumendpoints/status", "ciliumnodes", "ciliumnodes/status", "ciliumidentities", "ciliumidentities/status", "ciliumlocalredirectpolicies", "ciliumlocalredirectpolicies/status", "ciliumegressnatpolicies", "ciliumendpointslices", "ciliumcidrgroups", "ciliuml2announcementpolicies", "ciliuml2announcementpolicies/status", "ciliumpodippools"]
  }
  cilium_cluster_roles = {
    cilium-operator = [
      # Deletes the DNS pods that started before Cilium, so Cilium manages them.
      { apiGroups = [""], resources = ["pods"], verbs = ["get", "list", "watch", "delete"] },
      { apiGroups = [""], resources = ["nodes"], verbs = ["list", "watch"] },
      { apiGroups = [""], resources = ["nodes", "nodes/status"], verbs = ["patch"] },
      { apiGroups = ["discovery.k8s.io"], resources = ["endpointslices"], verbs = ["get", "list", "watch"] },
      { apiGroups = [""], resources = ["services"], verbs = ["get", "list", "watch"] },
      { apiGroups = [""], resources = ["services/status"], verbs = ["update"] },
      { apiGroups = [""], resources = ["services", "endpoints", "namespaces"], verbs = ["get", "list", "watch"] },
      { apiGroups = ["cilium.io"], resources = local.cilium_resources.operator, verbs = ["*"] },
      { apiGroups = ["apiextensions.k8s.io"], resources = ["customresourcedefinitions"], verbs = ["create", "get", "list", "update", "watch"] },
      { apiGroups = ["coordination.k8s.io"], resources = ["leases"], verbs = ["create", "get", "update"] },
    ]
    cilium-agent = [
      { apiGroups = ["networking.k8s.io"], resources = ["networkpolicies"], verbs = ["get", "list", "watch"] },
      { apiGroups = ["discovery.k8s.io"], resources = ["endpointslices"], verbs = ["get", "list", "watch"] },
      { apiGroups = [""], resources = ["namespaces", "services", "pods", "endpoints", "nodes"], verbs = ["get", "list", "watch"] },
      { apiGroups = [""], resources = ["nodes/status"], verbs = ["patch"] },
      { apiGroups = ["apiextensions.k8s.io"], resources = ["customresourcedefinitions"], verbs = ["create", "get", "list", "watch", "update"] },
      { apiGroups = ["cilium.io"], resources = local.cilium_resources.agent, verbs = ["*"] },
    ]
  }

  cilium = concat(
    [for name in ["cilium-operator", "cilium-agent"] : {
      apiVersion = "v1"
      kind       = "ServiceAccount"
      metadata   = { name = name, namespace = "kube-system" }
    }],
    [for name, rules in local.cilium_cluster_roles : {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRole"
      metadata   = { name = name }
      rules      = rules
    }],
    [for name, rules in local.cilium_cluster_roles : {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRoleBinding"
      metadata   = { name = name }
      roleRef    = { apiGroup = "rbac.authorization.k8s.io", kind = "ClusterRole", name = name }
      subjects   = [{ kind = "ServiceAccount", name = name, namespace = "kube-system" }]
    }],
    [
      {
        apiVersion = "v1"
        kind       = "ConfigMap"
        metadata   = { name = "cilium", namespace = "kube-system" }
        data = {
          identity-allocation-mode     = "crd"
          cilium-endpoint-gc-interval  = "5m0s"
          nodes-gc-interval            = "5m0s"
          debug                        = "false"
          enable-policy                = "default"
          enable-ipv4                  = "true"
          enable-ipv6                  = "false"
          enable-bpf-clock-probe       = "true"
          enable-bpf-tproxy            = "false"
          monitor-aggregation          = "medium"
          monitor-aggregation-interval = "5s"
          monitor-aggregation-flags    = "all"
          bpf-map-dynamic-size-ratio   = "0.0025"
          bpf-policy-map-max           = "16384"
          bpf-lb-map-max               = "65536"
          preallocate-bpf-maps         = "false"
          # Adaptation: the cluster's own name (upstream: "default").
          cluster-name = var.cluster_name
          cluster-id   = "0"
          routing-mode = "tunnel"
          # Adaptation: tunnel-protocol (cilium >= 1.14's name; upstream still writes the old
          # `tunnel` key, which cilium 1.18 ignores). VXLAN on cilium's port, UDP 8472.
          tunnel-protocol           = "vxlan"
          enable-l7-proxy           = "true"
          auto-direct-node-routes   = "false"
          enable-xt-socket-fallback = "true"
          install-iptables-rules    = "true"
          enable-ipv4-masquerade    = "true"
          enable-ipv6-masquerade    = "false"
          # Adaptation: railyard runs kube-proxy with every CNI, so cilium does not replace it:
          # it masquerades with iptables, which kube-proxy's rules expect, and leaves out the
          # replacement's own options (session affinity, host ports, health-check node port).
          enable-bpf-masquerade           = "false"
          kube-proxy-replacement          = "false"
          ipam                            = "cluster-pool"
          disable-cnp-status-updates      = "true"
          cluster-pool-ipv4-cidr          = var.pod_cidr
          cluster-pool-ipv4-mask-size     = "24"
          agent-health-port               = "9876"
          enable-health-checking          = "true"
          enable-endpoint-health-checking = "true"
          enable-well-known-identities    = "false"
          enable-remote-node-identity     = "true"
          enable-bandwidth-manager        = "false"
          enable-local-redirect-policy    = "false"
          policy-audit-mode               = "false"
          operator-api-serve-addr         = "127.0.0.1:9234"
          enable-l2-neigh-discovery       = "true"
          enable-k8s-terminating-endpoint = "true"
          enable-k8s-networkpolicy        = "true"
          external-envoy-proxy            = "false"
          write-cni-conf-when-ready       = "/host/etc/cni/net.d/05-cilium.conflist"
          cni-exclusive                   = "true"
          cni-log-file                    = "/var/run/cilium/cilium-cni.log"
        }
      },
      {
        apiVersion = "apps/v1"
        kind       = "DaemonSet"
        metadata   = { name = "cilium", namespace = "kube-system", labels = { k8s-app = "cilium" } }
        spec = {
          selector       = { matchLabels = { k8s-app = "cilium-agent" } }
          updateStrategy = { type = "RollingUpdate", rollingUpdate = { maxUnavailable = 1 } }
          template = {
            metadata = { labels = { k8s-app = "cilium-agent" } }
            spec = {
              hostNetwork        = true
              priorityClassName  = local.node_critical
              serviceAccountName = "cilium-agent"
              securityContext    = { seccompProfile = { type = "RuntimeDefault" } }
              # Adaptation: every taint (upstream: controllers and not-ready only), so nodes
              # of a tainted worker pool get pod networking too.
              tolerations = local.tolerate_all
              initContainers = [
                {
                  name            = "install-cni"
                  image           = local.images.cilium
                  command         = ["/install-plugin.sh"]
                  securityContext = { privileged = true, capabilities = { drop = ["ALL"] } }
                  volumeMounts    = [{ name = "cni-bin-dir", mountPath = "/host/opt/cni/bin" }]
                },
                {
                  # Mounts the cgroup2 filesystem in the host's namespaces with a static binary
                  # copied next to the CNI plugins (the host may lack sh and mount).
                  name    = "mount-cgroup"
                  image   = local.images.cilium
                  command = ["sh", "-ec", "cp /usr/bin/cilium-mount /hostbin/cilium-mount && nsenter --cgroup=/hostproc/1/ns/cgroup --mount=/hostproc/1/ns/mnt \"$${BIN_PATH}/cilium-mount\" $CGROUP_ROOT; rm /hostbin/cilium-mount"]
                  env = [
                    { name = "CGROUP_ROOT", value = "/run/cilium/cgroupv2" },
                    { name = "BIN_PATH", value = "/opt/cni/bin" },
                  ]
                  securityContext = { privileged = true }
                  volumeMounts = [
                    { name = "hostproc", mountPath = "/hostproc" },
                    { name = "cni-bin-dir", mountPath = "/hostbin" },
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
                name            = "cilium-agent"
                image           = local.images.cilium
                command         = ["cilium-agent"]
                args            = ["--config-dir=/tmp/cilium/config-map"]
                env             = concat(local.cilium_env, local.api_env)
                ports           = [{ name = "health", protocol = "TCP", containerPort = 9876 }]
                lifecycle       = { preStop = { exec = { command = ["/cni-uninstall.sh"] } } }
                securityContext = { privileged = true }
                livenessProbe = merge(local.cilium_status, {
                  periodSeconds       = 30
                  initialDelaySeconds = 120
                  successThreshold    = 1
                  failureThreshold    = 10
                  timeoutSeconds      = 5
                })
                readinessProbe = merge(local.cilium_status, {
                  periodSeconds       = 20
                  initialDelaySeconds = 5
                  successThreshold    = 1
                  failureThreshold    = 3
                  timeoutSeconds      = 5
                })
                volumeMounts = [
                  { name = "lib-modules", mountPath = "/lib/modules", readOnly = true },
                  { name = "xtables-lock", mountPath = "/run/xtables.lock" },
                  { name = "var-run-cilium", mountPath = "/var/run/cilium" },
                  { name = "sys-fs-bpf", mountPath = "/sys/fs/bpf", mountPropagation = "Bidirectional" },
                  local.cilium_config_mount,
                  { name = "cni-conf-dir", mountPath = "/host/etc/cni/net.d" },
                ]
              }]
              terminationGracePeriodSeconds = 1
              volumes = [
                local.lib_modules,
                local.xtables_lock,
                { name = "var-run-cilium", hostPath = { path = "/var/run/cilium", type = "DirectoryOrCreate" } },
                { name = "sys-fs-bpf", hostPath = { path = "/sys/fs/bpf", type = "DirectoryOrCreate" } },
                { name = "hostproc", hostPath = { path = "/proc", type = "Directory" } },
                { name = "cilium-cgroup", hostPath = { path = "/run/cilium/cgroupv2", type = "DirectoryOrCreate" } },
                { name = "config", configMap = { name = "cilium" } },
                { name = "cni-bin-dir", hostPath = { type = "DirectoryOrCreate", path = "/opt/cni/bin" } },
                { name = "cni-conf-dir", hostPath = { type = "DirectoryOrCreate", path = "/etc/cni/net.d" } },
              ]
            }
          }
        }
      },
      {
        apiVersion = "apps/v1"
        kind       = "Deployment"
        metadata   = { name = "cilium-operator", namespace = "kube-system" }
        spec = {
          replicas = 1
          strategy = { type = "RollingUpdate", rollingUpdate = { maxUnavailable = 1 } }
          selector = { matchLabels = { name = "cilium-operator" } }
          template = {
            metadata = { labels = { name = "cilium-operator" } }
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
                args    = ["--config-dir=/tmp/cilium/config-map", "--debug=$(CILIUM_DEBUG)"]
                env = concat(local.cilium_env, local.api_env, [
                  { name = "CILIUM_DEBUG", valueFrom = { configMapKeyRef = { name = "cilium", key = "debug", optional = true } } },
                ])
                ports          = [{ name = "health", protocol = "TCP", containerPort = 9234 }]
                livenessProbe  = merge(local.cilium_operator_health, { initialDelaySeconds = 60, periodSeconds = 10 })
                readinessProbe = merge(local.cilium_operator_health, { periodSeconds = 15, failureThreshold = 5 })
                volumeMounts   = [local.cilium_config_mount]
              }]
              topologySpreadConstraints = [{
                topologyKey       = "kubernetes.io/hostname"
                labelSelector     = { matchLabels = { name = "cilium-operator" } }
                maxSkew           = 1
                whenUnsatisfiable = "DoNotSchedule"
              }]
              volumes = [{ name = "config", configMap = { name = "cilium" } }]
            }
          }
        }
      },
    ],
  )
}
