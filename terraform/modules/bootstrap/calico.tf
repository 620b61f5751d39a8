# calico, from projectcalico/calico v3.32.1 manifests/calico.yaml (Kubernetes datastore).
locals {
  calico_groups = ["projectcalico.org", "crd.projectcalico.org"]

  # Adaptation: the CRDs store Calico's own objects, which calico-node and its clients
  # validate; railyard registers them without upstream's 7000 lines of schema.
  calico_crds = {
    "crd.projectcalico.org" = {
      BGPConfiguration              = { plural = "bgpconfigurations", scope = "Cluster" }
      BGPFilter                     = { plural = "bgpfilters", scope = "Cluster" }
      BGPPeer                       = { plural = "bgppeers", scope = "Cluster" }
      BlockAffinity                 = { plural = "blockaffinities", scope = "Cluster" }
      CalicoNodeStatus              = { plural = "caliconodestatuses", scope = "Cluster" }
      ClusterInformation            = { plural = "clusterinformations", scope = "Cluster" }
      FelixConfiguration            = { plural = "felixconfigurations", scope = "Cluster" }
      GlobalNetworkPolicy           = { plural = "globalnetworkpolicies", scope = "Cluster" }
      GlobalNetworkSet              = { plural = "globalnetworksets", scope = "Cluster" }
      HostEndpoint                  = { plural = "hostendpoints", scope = "Cluster" }
      IPAMBlock                     = { plural = "ipamblocks", scope = "Cluster" }
      IPAMConfig                    = { plural = "ipamconfigs", scope = "Cluster" }
      IPAMHandle                    = { plural = "ipamhandles", scope = "Cluster" }
      IPPool                        = { plural = "ippools", scope = "Cluster" }
      IPReservation                 = { plural = "ipreservations", scope = "Cluster" }
      KubeControllersConfiguration  = { plural = "kubecontrollersconfigurations", scope = "Cluster" }
      NetworkPolicy                 = { plural = "networkpolicies", scope = "Namespaced" }
      NetworkSet                    = { plural = "networksets", scope = "Namespaced" }
      StagedGlobalNetworkPolicy     = { plural = "stagedglobalnetworkpolicies", scope = "Cluster" }
      StagedKubernetesNetworkPolicy = { plural = "stagedkubernetesnetworkpolicies", scope = "Namespaced" }
      StagedNetworkPolicy           = { plural = "stagednetworkpolicies", scope = "Namespaced" }
      Tier                          = { plural = "tiers", scope = "Cluster" }
    }
    "policy.networking.k8s.io" = {
      ClusterNetworkPolicy = { plural = "clusternetworkpolicies", scope = "Cluster" }
    }
  }
  # The kinds whose status is a subresource upstream.
  calico_status_kinds = ["KubeControllersConfiguration", "ClusterNetworkPolicy"]

  calico_cluster_roles = {
    calico-kube-controllers = [
      { apiGroups = [""], resources = ["nodes"], verbs = ["watch", "list", "get"] },
      { apiGroups = [""], resources = ["pods"], verbs = ["get", "list", "watch"] },
      { apiGroups = [""], resources = ["namespaces"], verbs = ["get", "list", "watch"] },
      { apiGroups = [""], resources = ["services", "services/status"], verbs = ["get", "list", "update", "watch"] },
      { apiGroups = local.calico_groups, resources = ["ipreservations"], verbs = ["list"] },
      { apiGroups = local.calico_groups, resources = ["blockaffinities", "ipamblocks", "ipamhandles", "ipamconfigurations", "ipamconfigs", "tiers"], verbs = ["get", "list", "create", "update", "delete", "watch"] },
      { apiGroups = local.calico_groups, resources = ["ippools"], verbs = ["list", "watch"] },
      { apiGroups = local.calico_groups, resources = ["hostendpoints"], verbs = ["get", "list", "create", "update", "delete", "watch"] },
      { apiGroups = local.calico_groups, resources = ["clusterinformations"], verbs = ["get", "list", "create", "update", "watch"] },
      { apiGroups = local.calico_groups, resources = ["kubecontrollersconfigurations"], verbs = ["get", "list", "create", "update", "watch"] },
      { apiGroups = local.calico_groups, resources = ["kubecontrollersconfigurations/status"], verbs = ["get", "update"] },
      { apiGroups = local.calico_groups, resources = ["networkpolicies", "stagednetworkpolicies", "globalnetworkpolicies", "stagedglobalnetworkpolicies"], verbs = ["watch", "list", "get", "create", "update", "delete"] },
      { apiGroups = ["apps"], resources = ["daemonsets", "deployments"], verbs = ["get", "list", "watch"] },
      { apiGroups = ["migration.projectcalico.org"], resources = ["datastoremigrations", "datastoremigrations/status"], verbs = ["get", "list", "watch", "create", "update", "patch"] },
      { apiGroups = ["apiextensions.k8s.io"], resources = ["customresourcedefinitions"], verbs = ["get", "list", "watch", "delete"] },
      { apiGroups = ["apiregistration.k8s.io"], resources = ["apiservices"], verbs = ["get", "list", "watch", "create", "delete"] },
      { apiGroups = ["projectcalico.org"], resources = ["*"], verbs = ["get", "list", "watch", "create", "update", "patch", "delete"] },
      { apiGroups = ["crd.projectcalico.org"], resources = ["*"], verbs = ["get", "list", "watch"] },
      { apiGroups = ["kubevirt.io"], resources = ["virtualmachines", "virtualmachineinstances"], verbs = ["get", "list", "watch"] },
    ]
    calico-node = [
      # calico-node hands the CNI plugin a token of its own account (install-cni refreshes it).
      { apiGroups = [""], resources = ["serviceaccounts/token"], resourceNames = ["calico-cni-plugin"], verbs = ["create"] },
      { apiGroups = [""], resources = ["pods", "nodes", "namespaces"], verbs = ["get"] },
      { apiGroups = ["discovery.k8s.io"], resources = ["endpointslices"], verbs = ["watch", "list"] },
      { apiGroups = [""], resources = ["endpoints", "services"], verbs = ["watch", "list", "get"] },
      { apiGroups = [""], resources = ["configmaps"], verbs = ["get"] },
      { apiGroups = [""], resources = ["nodes/status"], verbs = ["patch", "update"] },
      { apiGroups = ["networking.k8s.io"], resources = ["networkpolicies"], verbs = ["watch", "list"] },
      { apiGroups = ["policy.networking.k8s.io"], resources = ["clusternetworkpolicies"], verbs = ["watch", "list"] },
      { apiGroups = [""], resources = ["pods", "namespaces", "serviceaccounts"], verbs = ["list", "watch"] },
      { apiGroups = [""], resources = ["pods/status"], verbs = ["patch"] },
      { apiGroups = local.calico_groups, resources = ["globalfelixconfigs", "globalbgpconfigs", "felixconfigurations", "bgppeers", "bgpfilters", "bgpconfigurations", "ippools", "ipreservations", "ipamblocks", "globalnetworkpolicies", "stagedglobalnetworkpolicies", "networkpolicies", "stagednetworkpolicies", "stagedkubernetesnetworkpolicies", "globalnetworksets", "networksets", "clusterinformations", "hostendpoints", "blockaffinities", "caliconodestatuses", "tiers"], verbs = ["get", "list", "watch"] },
      { apiGroups = local.calico_groups, resources = ["tiers"], verbs = ["create"] },
      { apiGroups = local.calico_groups, resources = ["ippools", "felixconfigurations", "bgpconfigurations", "clusterinformations"], verbs = ["create", "update"] },
      { apiGroups = local.calico_groups, resources = ["caliconodestatuses"], verbs = ["update"] },
      { apiGroups = [""], resources = ["nodes"], verbs = ["get", "list", "watch"] },
      { apiGroups = local.calico_groups, resources = ["bgpconfigurations", "bgppeers"], verbs = ["create", "update"] },
      { apiGroups = local.calico_groups, resources = ["blockaffinities", "ipamblocks", "ipamhandles"], verbs = ["get", "list", "create", "update", "delete"] },
      { apiGroups = local.calico_groups, resources = ["ipamconfigurations", "ipamconfigs"], verbs = ["get", "create"] },
      { apiGroups = local.calico_groups, resources = ["blockaffinities"], verbs = ["watch"] },
      { apiGroups = ["apps"], resources = ["daemonsets"], verbs = ["get"] },
      { apiGroups = ["kubevirt.io"], resources = ["virtualmachineinstancemigrations"], verbs = ["get", "list", "watch"] },
    ]
    calico-cni-plugin = [
      { apiGroups = [""], resources = ["pods", "nodes", "namespaces"], verbs = ["get"] },
      { apiGroups = [""], resources = ["pods/status"], verbs = ["patch"] },
      { apiGroups = local.calico_groups, resources = ["blockaffinities", "ipamblocks", "ipamhandles", "clusterinformations", "ippools", "ipreservations", "ipamconfigurations", "ipamconfigs"], verbs = ["get", "list", "create", "update", "delete"] },
      { apiGroups = ["kubevirt.io"], resources = ["virtualmachineinstances", "virtualmachines"], verbs = ["get"] },
    ]
    calico-tier-getter = [
      { apiGroups = ["projectcalico.org"], resources = ["tiers"], verbs = ["get"] },
    ]
  }
  # Binding name (= its ClusterRole) -> subject.
  calico_bindings = {
    calico-kube-controllers = { kind = "ServiceAccount", name = "calico-kube-controllers", namespace = "kube-system" }
    calico-node             = { kind = "ServiceAccount", name = "calico-node", namespace = "kube-system" }
    calico-cni-plugin       = { kind = "ServiceAccount", name = "calico-cni-plugin", namespace = "kube-system" }
    calico-tier-getter      = { apiGroup = "rbac.authorization.k8s.io", kind = "User", name = "system:kube-controller-manager" }
  }

  calico_node_labels = { k8s-app = "calico-node" }
  calico_env_from    = [{ configMapRef = { name = "kubernetes-services-endpoint", optional = true } }]
  calico_config_env  = { for name, key in { CALICO_NETWORKING_BACKEND = "calico_backend", CNI_MTU = "veth_mtu", FELIX_IPINIPMTU = "veth_mtu", FELIX_VXLANMTU = "veth_mtu", FELIX_WIREGUARDMTU = "veth_mtu" } : name => { name = name, valueFrom = { configMapKeyRef = { name = "calico-config", key = key } } } }

  calico = concat(
    [for item in flatten([for group, crds in local.calico_crds : [for kind, crd in crds : merge(crd, { group = group, kind = kind })]]) : {
      apiVersion = "apiextensions.k8s.io/v1"
      kind       = "CustomResourceDefinition"
      metadata = merge(
        { name = "${item.plural}.${item.group}" },
        # A *.k8s.io group needs its API review named (kubernetes-sigs/network-policy-api).
        item.group == "policy.networking.k8s.io" ? { annotations = { "api-approved.kubernetes.io" = "https://github.com/kubernetes-sigs/network-policy-api/pull/347" } } : {},
      )
      spec = {
        group = item.group
        names = { kind = item.kind, listKind = "${item.kind}List", plural = item.plural, singular = lower(item.kind) }
        scope = item.scope
        versions = [merge(
          {
            name    = item.group == "crd.projectcalico.org" ? "v1" : "v1alpha2"
            served  = true
            storage = true
            schema  = { openAPIV3Schema = { type = "object", "x-kubernetes-preserve-unknown-fields" = true } }
          },
          contains(local.calico_status_kinds, item.kind) ? { subresources = { status = {} } } : {},
        )]
      }
    }],
    [
      {
        apiVersion = "policy/v1"
        kind       = "PodDisruptionBudget"
        metadata   = { name = "calico-kube-controllers", namespace = "kube-system", labels = { k8s-app = "calico-kube-controllers" } }
        spec       = { maxUnavailable = 1, selector = { matchLabels = { k8s-app = "calico-kube-controllers" } } }
      },
    ],
    [for name in ["calico-kube-controllers", "calico-node", "calico-cni-plugin"] : {
      apiVersion = "v1"
      kind       = "ServiceAccount"
      metadata   = { name = name, namespace = "kube-system" }
    }],
    [
      {
        apiVersion = "v1"
        kind       = "ConfigMap"
        metadata   = { name = "calico-config", namespace = "kube-system" }
        data = {
          typha_service_name = "none"
          # Adaptation: VXLAN, not BGP (bird): it needs no BGP peering between nodes and
          # crosses any layer-3 network, AWS VPCs included (UDP 4789, opened by the platforms).
          calico_backend = "vxlan"
          # Adaptation: the MTU is set, not auto-detected (VXLAN over a 1500-byte host MTU).
          veth_mtu = tostring(local.pod_mtu)
          # install-cni fills in the __PLACEHOLDERS__ on each node.
          # (the MTU placeholder is a bare number in the JSON, as upstream writes it).
          cni_network_config = replace(jsonencode({
            name       = "k8s-pod-network"
            cniVersion = "0.3.1"
            plugins = [
              {
                type           = "calico"
                log_level      = "info"
                log_file_path  = "/var/log/calico/cni/cni.log"
                datastore_type = "kubernetes"
                nodename       = "__KUBERNETES_NODE_NAME__"
                mtu            = "__CNI_MTU__"
                ipam           = { type = "calico-ipam" }
                policy         = { type = "k8s" }
                kubernetes     = { kubeconfig = "__KUBECONFIG_FILEPATH__" }
              },
              { type = "portmap", snat = true, capabilities = { portMappings = true } },
            ]
          }), "\"__CNI_MTU__\"", "__CNI_MTU__")
        }
      },
      {
        # Adaptation: upstream's documented way (its envFrom, optional there) to point calico
        # at the API server by name before kube-proxy programs the service IP.
        apiVersion = "v1"
        kind       = "ConfigMap"
        metadata   = { name = "kubernetes-services-endpoint", namespace = "kube-system" }
        data       = { for env in local.api_env : env.name => env.value }
      },
    ],
    [for name, rules in local.calico_cluster_roles : {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRole"
      metadata   = { name = name }
      rules      = rules
    }],
    [for name, subject in local.calico_bindings : {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRoleBinding"
      metadata   = { name = name }
      roleRef    = { apiGroup = "rbac.authorization.k8s.io", kind = "ClusterRole", name = name }
      subjects   = [subject]
    }],
    [
      {
        apiVersion = "apps/v1"
        kind       = "DaemonSet"
        metadata   = { name = "calico-node", namespace = "kube-system", labels = local.calico_node_labels }
        spec = {
          selector       = { matchLabels = local.calico_node_labels }
          updateStrategy = { type = "RollingUpdate", rollingUpdate = { maxUnavailable = 1 } }
          template = {
            metadata = { labels = local.calico_node_labels }
            spec = {
              nodeSelector                  = { "kubernetes.io/os" = "linux" }
              hostNetwork                   = true
              tolerations                   = local.tolerate_all
              serviceAccountName            = "calico-node"
              securityContext               = { seccompProfile = { type = "RuntimeDefault" } }
              terminationGracePeriodSeconds = 0
              priorityClassName             = local.node_critical
              initContainers = [
                {
                  name            = "upgrade-ipam"
                  image           = local.images.calico_cni
                  imagePullPolicy = "IfNotPresent"
                  command         = ["/opt/cni/bin/calico-ipam", "-upgrade"]
                  envFrom         = local.calico_env_from
                  env             = [{ name = "KUBERNETES_NODE_NAME", valueFrom = { fieldRef = { fieldPath = "spec.nodeName" } } }, local.calico_config_env.CALICO_NETWORKING_BACKEND]
                  volumeMounts = [
                    { mountPath = "/var/lib/cni/networks", name = "host-local-net-dir" },
                    { mountPath = "/host/opt/cni/bin", name = "cni-bin-dir" },
                  ]
                  securityContext = { privileged = true }
                },
                {
                  name            = "install-cni"
                  image           = local.images.calico_cni
                  imagePullPolicy = "IfNotPresent"
                  command         = ["/opt/cni/bin/install"]
                  envFrom         = local.calico_env_from
                  env = [
                    { name = "CNI_CONF_NAME", value = "10-calico.conflist" },
                    { name = "CNI_NETWORK_CONFIG", valueFrom = { configMapKeyRef = { name = "calico-config", key = "cni_network_config" } } },
                    { name = "KUBERNETES_NODE_NAME", valueFrom = { fieldRef = { fieldPath = "spec.nodeName" } } },
                    local.calico_config_env.CNI_MTU,
                    { name = "SLEEP", value = "false" },
                  ]
                  volumeMounts = [
                    { mountPath = "/host/opt/cni/bin", name = "cni-bin-dir" },
                    { mountPath = "/host/etc/cni/net.d", name = "cni-net-dir" },
                  ]
                  securityContext = { privileged = true }
                },
                {
                  name            = "ebpf-bootstrap"
                  image           = local.images.calico_node
                  imagePullPolicy = "IfNotPresent"
                  command         = ["calico-node", "-init", "-best-effort"]
                  volumeMounts = [
                    { mountPath = "/sys/fs", name = "sys-fs", mountPropagation = "Bidirectional" },
                    { mountPath = "/var/run/calico", name = "var-run-calico", mountPropagation = "Bidirectional" },
                    { mountPath = "/nodeproc", name = "nodeproc", readOnly = true },
                  ]
                  securityContext = { privileged = true }
                },
              ]
              containers = [{
                name            = "calico-node"
                image           = local.images.calico_node
                imagePullPolicy = "IfNotPresent"
                envFrom         = local.calico_env_from
                env = [
                  { name = "DATASTORE_TYPE", value = "kubernetes" },
                  { name = "WAIT_FOR_DATASTORE", value = "true" },
                  { name = "NODENAME", valueFrom = { fieldRef = { fieldPath = "spec.nodeName" } } },
                  local.calico_config_env.CALICO_NETWORKING_BACKEND,
                  # Adaptation: no "bgp" cluster type, VXLAN instead of IP-in-IP (see calico_backend).
                  { name = "CLUSTER_TYPE", value = "k8s" },
                  { name = "IP", value = "autodetect" },
                  { name = "CALICO_IPV4POOL_IPIP", value = "Never" },
                  { name = "CALICO_IPV4POOL_VXLAN", value = "Always" },
                  { name = "CALICO_IPV6POOL_VXLAN", value = "Never" },
                  # Adaptation: the default pool is var.pod_cidr (commented out upstream).
                  { name = "CALICO_IPV4POOL_CIDR", value = var.pod_cidr },
                  local.calico_config_env.FELIX_IPINIPMTU,
                  local.calico_config_env.FELIX_VXLANMTU,
                  local.calico_config_env.FELIX_WIREGUARDMTU,
                  { name = "CALICO_DISABLE_FILE_LOGGING", value = "true" },
                  { name = "FELIX_DEFAULTENDPOINTTOHOSTACTION", value = "ACCEPT" },
                  { name = "FELIX_IPV6SUPPORT", value = "false" },
                  { name = "FELIX_HEALTHENABLED", value = "true" },
                ]
                securityContext = { privileged = true }
                resources       = { requests = { cpu = "250m" } }
                lifecycle       = { preStop = { exec = { command = ["/bin/calico-node", "-shutdown"] } } }
                # Adaptation: no -bird-live / -bird-ready: bird does not run without BGP.
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
                  { mountPath = "/host/etc/cni/net.d", name = "cni-net-dir", readOnly = false },
                  { mountPath = "/lib/modules", name = "lib-modules", readOnly = true },
                  { mountPath = "/run/xtables.lock", name = "xtables-lock", readOnly = false },
                  { mountPath = "/var/run/calico", name = "var-run-calico", readOnly = false },
                  { mountPath = "/var/lib/calico", name = "var-lib-calico", readOnly = false },
                  { mountPath = "/var/run/nodeagent", name = "policysync" },
                  { mountPath = "/sys/fs/bpf", name = "bpffs" },
                  { mountPath = "/var/log/calico/cni", name = "cni-log-dir", readOnly = true },
                ]
              }]
              volumes = [
                local.lib_modules,
                { name = "var-run-calico", hostPath = { path = "/var/run/calico", type = "DirectoryOrCreate" } },
                { name = "var-lib-calico", hostPath = { path = "/var/lib/calico", type = "DirectoryOrCreate" } },
                local.xtables_lock,
                { name = "sys-fs", hostPath = { path = "/sys/fs/", type = "DirectoryOrCreate" } },
                { name = "bpffs", hostPath = { path = "/sys/fs/bpf", type = "Directory" } },
                { name = "nodeproc", hostPath = { path = "/proc" } },
                { name = "cni-bin-dir", hostPath = { path = "/opt/cni/bin", type = "DirectoryOrCreate" } },
                { name = "cni-net-dir", hostPath = { path = "/etc/cni/net.d" } },
                { name = "cni-log-dir", hostPath = { path = "/var/log/calico/cni" } },
                { name = "host-local-net-dir", hostPath = { path = "/var/lib/cni/networks" } },
                { name = "policysync", hostPath = { type = "DirectoryOrCreate", path = "/var/run/nodeagent" } },
              ]
            }
          }
        }
      },
      {
        apiVersion = "apps/v1"
        kind       = "Deployment"
        metadata   = { name = "calico-kube-controllers", namespace = "kube-system", labels = { k8s-app = "calico-kube-controllers" } }
        spec = {
          replicas = 1
          selector = { matchLabels = { k8s-app = "calico-kube-controllers" } }
          strategy = { type = "Recreate" }
          template = {
            metadata = { name = "calico-kube-controllers", namespace = "kube-system", labels = { k8s-app = "calico-kube-controllers" } }
            spec = {
              nodeSelector       = { "kubernetes.io/os" = "linux" }
              tolerations        = [{ key = "CriticalAddonsOnly", operator = "Exists" }, local.controller_toleration]
              serviceAccountName = "calico-kube-controllers"
              securityContext    = { seccompProfile = { type = "RuntimeDefault" } }
              priorityClassName  = "system-cluster-critical"
              containers = [{
                name            = "calico-kube-controllers"
                image           = local.images.calico_kube_controllers
                imagePullPolicy = "IfNotPresent"
                env = [
                  { name = "ENABLED_CONTROLLERS", value = "node,loadbalancer" },
                  { name = "DATASTORE_TYPE", value = "kubernetes" },
                ]
                livenessProbe = {
                  exec                = { command = ["/usr/bin/check-status", "-l"] }
                  periodSeconds       = 10
                  initialDelaySeconds = 10
                  failureThreshold    = 6
                  timeoutSeconds      = 10
                }
                readinessProbe  = { exec = { command = ["/usr/bin/check-status", "-r"] }, periodSeconds = 10 }
                securityContext = { runAsNonRoot = true }
              }]
            }
          }
        }
      },
    ],
  )
}
