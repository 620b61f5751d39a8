# The CNI add-on chosen by var.networking (cilium is in cilium.tf). Each writes its CNI
# config to /etc/cni/net.d and plugins to /opt/cni/bin (flatcar-node's containerd
# defaults) and uses VXLAN between nodes.
locals {
  # VXLAN adds 50 bytes to a 1500-byte host MTU.
  pod_mtu     = 1450
  cni_bin     = { name = "cni-bin", hostPath = { path = "/opt/cni/bin", type = "DirectoryOrCreate" } }
  cni_bin_rw  = { name = "cni-bin", mountPath = "/host/opt/cni/bin" }
  cni_conf    = { name = "cni-conf", hostPath = { path = "/etc/cni/net.d", type = "DirectoryOrCreate" } }
  cni_conf_rw = { name = "cni-conf", mountPath = "/host/etc/cni/net.d" }

  flannel = [
    {
      apiVersion = "v1"
      kind       = "ServiceAccount"
      metadata   = { name = "flannel", namespace = "kube-system" }
    },
    {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRole"
      metadata   = { name = "flannel" }
      rules = [
        { apiGroups = [""], resources = ["pods"], verbs = ["get"] },
        { apiGroups = [""], resources = ["nodes"], verbs = ["get", "list", "watch"] },
        { apiGroups = [""], resources = ["nodes/status"], verbs = ["patch"] },
      ]
    },
    {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRoleBinding"
      metadata   = { name = "flannel" }
      roleRef    = { apiGroup = "rbac.authorization.k8s.io", kind = "ClusterRole", name = "flannel" }
      subjects   = [{ kind = "ServiceAccount", name = "flannel", namespace = "kube-system" }]
    },
    {
      apiVersion = "v1"
      kind       = "ConfigMap"
      metadata   = { name = "flannel-config", namespace = "kube-system", labels = { k8s-app = "flannel" } }
      data = {
        "cni-conf.json" = jsonencode({
          name       = "cbr0"
          cniVersion = "0.3.1"
          plugins = [
            { type = "flannel", delegate = { hairpinMode = true, isDefaultGateway = true } },
            { type = "portmap", capabilities = { portMappings = true } },
          ]
        })
        "net-conf.json" = jsonencode({
          Network = var.pod_cidr
          Backend = { Type = "vxlan", Port = 4789 }
        })
      }
    },
    {
      apiVersion = "apps/v1"
      kind       = "DaemonSet"
      metadata   = { name = "flannel", namespace = "kube-system", labels = { k8s-app = "flannel" } }
      spec = {
        selector       = { matchLabels = { k8s-app = "flannel" } }
        updateStrategy = { type = "RollingUpdate", rollingUpdate = { maxUnavailable = 1 } }
        template = {
          metadata = { labels = { k8s-app = "flannel" } }
          spec = {
            hostNetwork        = true
            priorityClassName  = local.node_critical
            serviceAccountName = "flannel"
            securityContext    = { seccompProfile = { type = "RuntimeDefault" } }
            tolerations        = local.tolerate_all
            initContainers = [
              {
                name         = "install-cni-plugin"
                image        = local.images.flannel_cni
                command      = ["cp", "-f", "/flannel", "/host/opt/cni/bin/flannel"]
                volumeMounts = [local.cni_bin_rw]
              },
              {
                name    = "install-cni-conf"
                image   = local.images.flannel
                command = ["cp", "-f", "/etc/flannel/cni-conf.json", "/host/etc/cni/net.d/10-flannel.conflist"]
                volumeMounts = [
                  { name = "config", mountPath = "/etc/flannel", readOnly = true },
                  local.cni_conf_rw,
                ]
              },
            ]
            containers = [{
              name    = "flannel"
              image   = local.images.flannel
              command = ["/opt/bin/flanneld", "--ip-masq", "--kube-subnet-mgr", "--iface=$(POD_IP)", "--net-config-path=/etc/flannel/net-conf.json"]
              env = concat([
                { name = "POD_NAME", valueFrom = { fieldRef = { fieldPath = "metadata.name" } } },
                { name = "POD_NAMESPACE", valueFrom = { fieldRef = { fieldPath = "metadata.namespace" } } },
                { name = "POD_IP", valueFrom = { fieldRef = { fieldPath = "status.podIP" } } },
              ], local.api_env)
              resources       = { requests = { cpu = "100m", memory = "50Mi" } }
              securityContext = { privileged = false, capabilities = { add = ["NET_ADMIN", "NET_RAW"] } }
              volumeMounts = [
                { name = "run-flannel", mountPath = "/run/flannel" },
                { name = "config", mountPath = "/etc/flannel", readOnly = true },
                local.xtables_lock_rw,
              ]
            }]
            volumes = [
              { name = "run-flannel", hostPath = { path = "/run/flannel", type = "DirectoryOrCreate" } },
              { name = "config", configMap = { name = "flannel-config" } },
              local.cni_bin,
              local.cni_conf,
              local.xtables_lock,
            ]
          }
        }
      }
    },
  ]

  # Calico in Kubernetes-datastore mode. Its CRDs only store Calico's own objects, so they
  # keep their fields without a schema of their own.
  calico_crds = {
    BGPConfiguration             = { plural = "bgpconfigurations", scope = "Cluster" }
    BGPFilter                    = { plural = "bgpfilters", scope = "Cluster" }
    BGPPeer                      = { plural = "bgppeers", scope = "Cluster" }
    BlockAffinity                = { plural = "blockaffinities", scope = "Cluster" }
    CalicoNodeStatus             = { plural = "caliconodestatuses", scope = "Cluster" }
    ClusterInformation           = { plural = "clusterinformations", scope = "Cluster" }
    FelixConfiguration           = { plural = "felixconfigurations", scope = "Cluster" }
    GlobalNetworkPolicy          = { plural = "globalnetworkpolicies", scope = "Cluster" }
    GlobalNetworkSet             = { plural = "globalnetworksets", scope = "Cluster" }
    HostEndpoint                 = { plural = "hostendpoints", scope = "Cluster" }
    IPAMBlock                    = { plural = "ipamblocks", scope = "Cluster" }
    IPAMConfig                   = { plural = "ipamconfigs", scope = "Cluster" }
    IPAMHandle                   = { plural = "ipamhandles", scope = "Cluster" }
    IPPool                       = { plural = "ippools", scope = "Cluster" }
    IPReservation                = { plural = "ipreservations", scope = "Cluster" }
    KubeControllersConfiguration = { plural = "kubecontrollersconfigurations", scope = "Cluster" }
    NetworkPolicy                = { plural = "networkpolicies", scope = "Namespaced" }
    NetworkSet                   = { plural = "networksets", scope = "Namespaced" }
  }

  calico = concat(
    [for kind, crd in local.calico_crds : {
      apiVersion = "apiextensions.k8s.io/v1"
      kind       = "CustomResourceDefinition"
      metadata   = { name = "${crd.plural}.crd.projectcalico.org" }
      spec = {
        group = "crd.projectcalico.org"
        names = { kind = kind, listKind = "${kind}List", plural = crd.plural, singular = lower(kind) }
        scope = crd.scope
        versions = [{
          name    = "v1"
          served  = true
          storage = true
          schema  = { openAPIV3Schema = { type = "object", "x-kubernetes-preserve-unknown-fields" = true } }
        }]
      }
    }],
    [
      {
        apiVersion = "v1"
        kind       = "ServiceAccount"
        metadata   = { name = "calico-node", namespace = "kube-system" }
      },
      {
        apiVersion = "rbac.authorization.k8s.io/v1"
        kind       = "ClusterRole"
        metadata   = { name = "calico-node" }
        rules = [
          { apiGroups = [""], resources = ["pods", "nodes", "namespaces"], verbs = ["get"] },
          { apiGroups = [""], resources = ["endpoints", "services"], verbs = ["watch", "list", "get"] },
          { apiGroups = [""], resources = ["configmaps"], verbs = ["get"] },
          { apiGroups = [""], resources = ["nodes/status"], verbs = ["patch", "update"] },
          { apiGroups = [""], resources = ["serviceaccounts/token"], resourceNames = ["calico-node"], verbs = ["create"] },
          { apiGroups = ["discovery.k8s.io"], resources = ["endpointslices"], verbs = ["watch", "list"] },
          { apiGroups = ["networking.k8s.io"], resources = ["networkpolicies"], verbs = ["watch", "list"] },
          { apiGroups = [""], resources = ["pods", "namespaces", "serviceaccounts", "nodes"], verbs = ["list", "watch"] },
          { apiGroups = [""], resources = ["pods/status"], verbs = ["patch"] },
          { apiGroups = ["policy.networking.k8s.io"], resources = ["adminnetworkpolicies", "baselineadminnetworkpolicies"], verbs = ["watch", "list"] },
          { apiGroups = ["crd.projectcalico.org"], resources = [for crd in local.calico_crds : crd.plural], verbs = ["get", "list", "watch"] },
          { apiGroups = ["crd.projectcalico.org"], resources = ["ippools", "felixconfigurations", "clusterinformations", "caliconodestatuses", "blockaffinities", "ipamblocks", "ipamhandles", "ipamconfigs"], verbs = ["create", "update", "delete", "patch"] },
        ]
      },
      {
        apiVersion = "rbac.authorization.k8s.io/v1"
        kind       = "ClusterRoleBinding"
        metadata   = { name = "calico-node" }
        roleRef    = { apiGroup = "rbac.authorization.k8s.io", kind = "ClusterRole", name = "calico-node" }
        subjects   = [{ kind = "ServiceAccount", name = "calico-node", namespace = "kube-system" }]
      },
      {
        apiVersion = "v1"
        kind       = "ConfigMap"
        metadata   = { name = "calico-config", namespace = "kube-system" }
        data = {
          # install-cni fills in the __PLACEHOLDERS__ on each node.
          cni_network_config = jsonencode({
            name       = "k8s-pod-network"
            cniVersion = "0.3.1"
            plugins = [
              {
                type           = "calico"
                log_level      = "info"
                datastore_type = "kubernetes"
                nodename       = "__KUBERNETES_NODE_NAME__"
                mtu            = local.pod_mtu
                ipam           = { type = "calico-ipam" }
                policy         = { type = "k8s" }
                kubernetes     = { kubeconfig = "__KUBECONFIG_FILEPATH__" }
              },
              { type = "portmap", snat = true, capabilities = { portMappings = true } },
              { type = "bandwidth", capabilities = { bandwidth = true } },
            ]
          })
        }
      },
      {
        apiVersion = "apps/v1"
        kind       = "DaemonSet"
        metadata   = { name = "calico-node", namespace = "kube-system", labels = { k8s-app = "calico-node" } }
        spec = {
          selector       = { matchLabels = { k8s-app = "calico-node" } }
          updateStrategy = { type = "RollingUpdate", rollingUpdate = { maxUnavailable = 1 } }
          template = {
            metadata = { labels = { k8s-app = "calico-node" } }
            spec = {
              hostNetwork                   = true
              priorityClassName             = local.node_critical
              serviceAccountName            = "calico-node"
              terminationGracePeriodSeconds = 0
              tolerations                   = local.tolerate_all
              initContainers = [{
                name    = "install-cni"
                image   = local.images.calico_cni
                command = ["/opt/cni/bin/install"]
                env = concat([
                  { name = "CNI_CONF_NAME", value = "10-calico.conflist" },
                  { name = "CNI_NETWORK_CONFIG", valueFrom = { configMapKeyRef = { name = "calico-config", key = "cni_network_config" } } },
                  { name = "KUBERNETES_NODE_NAME", valueFrom = { fieldRef = { fieldPath = "spec.nodeName" } } },
                  { name = "CNI_MTU", value = tostring(local.pod_mtu) },
                  { name = "SLEEP", value = "false" },
                ], local.api_env)
                securityContext = { privileged = true }
                volumeMounts = [
                  { name = "cni-bin", mountPath = "/host/opt/cni/bin" },
                  { name = "cni-conf", mountPath = "/host/etc/cni/net.d" },
                ]
              }]
              containers = [{
                name  = "calico-node"
                image = local.images.calico_node
                env = concat([
                  { name = "DATASTORE_TYPE", value = "kubernetes" },
                  { name = "WAIT_FOR_DATASTORE", value = "true" },
                  { name = "NODENAME", valueFrom = { fieldRef = { fieldPath = "spec.nodeName" } } },
                  { name = "CALICO_NETWORKING_BACKEND", value = "vxlan" },
                  { name = "CLUSTER_TYPE", value = "k8s" },
                  { name = "IP", value = "autodetect" },
                  { name = "IP_AUTODETECTION_METHOD", value = "first-found" },
                  { name = "CALICO_IPV4POOL_CIDR", value = var.pod_cidr },
                  { name = "CALICO_IPV4POOL_VXLAN", value = "Always" },
                  { name = "CALICO_IPV4POOL_IPIP", value = "Never" },
                  { name = "CALICO_DISABLE_FILE_LOGGING", value = "true" },
                  { name = "FELIX_DEFAULTENDPOINTTOHOSTACTION", value = "ACCEPT" },
                  { name = "FELIX_IPV6SUPPORT", value = "false" },
                  { name = "FELIX_HEALTHENABLED", value = "true" },
                  { name = "FELIX_VXLANMTU", value = tostring(local.pod_mtu) },
                ], local.api_env)
                resources       = { requests = { cpu = "150m" } }
                securityContext = { privileged = true }
                livenessProbe = {
                  exec                = { command = ["/bin/calico-node", "-felix-live"] }
                  periodSeconds       = 10
                  initialDelaySeconds = 10
                  failureThreshold    = 6
                  timeoutSeconds      = 10
                }
                readinessProbe = {
                  exec           = { command = ["/bin/calico-node", "-felix-ready"] }
                  periodSeconds  = 10
                  timeoutSeconds = 10
                }
                volumeMounts = [
                  { name = "lib-modules", mountPath = "/lib/modules", readOnly = true },
                  { name = "var-lib-calico", mountPath = "/var/lib/calico" },
                  { name = "var-run-calico", mountPath = "/var/run/calico" },
                  { name = "policysync", mountPath = "/var/run/nodeagent" },
                  local.xtables_lock_rw,
                ]
              }]
              volumes = [
                { name = "lib-modules", hostPath = { path = "/lib/modules", type = "Directory" } },
                { name = "var-lib-calico", hostPath = { path = "/var/lib/calico", type = "DirectoryOrCreate" } },
                { name = "var-run-calico", hostPath = { path = "/var/run/calico", type = "DirectoryOrCreate" } },
                { name = "policysync", hostPath = { path = "/var/run/nodeagent", type = "DirectoryOrCreate" } },
                local.cni_bin,
                local.cni_conf,
                local.xtables_lock,
              ]
            }
          }
        }
      },
    ],
  )
}
