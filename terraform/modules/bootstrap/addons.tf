# Cluster add-ons applied once by the bootstrap unit: node join RBAC and bootstrap token,
# CoreDNS and kube-proxy (as poseidon/terraform-render-bootstrap e834a08 renders them). The
# CNI is in flannel.tf, calico.tf or cilium.tf.
locals {
  cluster_role_bindings = {
    # A bootstrap token may ask for a client certificate, which is then approved...
    "kubelet-bootstrap"         = { role = "system:node-bootstrapper", kind = "Group", subject = "system:bootstrappers" }
    "kubelet-bootstrap-approve" = { role = "system:certificates.k8s.io:certificatesigningrequests:nodeclient", kind = "Group", subject = "system:bootstrappers" }
    # ...and nodes renew their own client certificates.
    "kubelet-rotate-approve"     = { role = "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", kind = "Group", subject = "system:nodes" }
    "kube-apiserver-kubelet-api" = { role = "system:kubelet-api-admin", kind = "User", subject = "kube-apiserver-kubelet-client" }
  }

  node_join = concat(
    [{
      apiVersion = "v1"
      kind       = "Secret"
      metadata   = { name = "bootstrap-token-${random_string.bootstrap_token_id.result}", namespace = "kube-system" }
      type       = "bootstrap.kubernetes.io/token"
      stringData = {
        description                    = "kubelet TLS bootstrap token (railyard)"
        token-id                       = random_string.bootstrap_token_id.result
        token-secret                   = random_password.bootstrap_token_secret.result
        usage-bootstrap-authentication = "true"
      }
    }],
    [for name, binding in local.cluster_role_bindings : {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRoleBinding"
      metadata   = { name = name }
      roleRef    = { apiGroup = "rbac.authorization.k8s.io", kind = "ClusterRole", name = binding.role }
      subjects   = [{ apiGroup = "rbac.authorization.k8s.io", kind = binding.kind, name = binding.subject }]
    }],
  )

  coredns = [
    {
      apiVersion = "v1"
      kind       = "ServiceAccount"
      metadata   = { name = "coredns", namespace = "kube-system" }
    },
    {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRole"
      metadata   = { name = "system:coredns" }
      rules = [
        { apiGroups = [""], resources = ["endpoints", "services", "pods", "namespaces"], verbs = ["list", "watch"] },
        { apiGroups = [""], resources = ["nodes"], verbs = ["get"] },
        { apiGroups = ["discovery.k8s.io"], resources = ["endpointslices"], verbs = ["list", "watch"] },
      ]
    },
    {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRoleBinding"
      metadata   = { name = "system:coredns" }
      roleRef    = { apiGroup = "rbac.authorization.k8s.io", kind = "ClusterRole", name = "system:coredns" }
      subjects   = [{ kind = "ServiceAccount", name = "coredns", namespace = "kube-system" }]
    },
    {
      apiVersion = "v1"
      kind       = "ConfigMap"
      metadata   = { name = "coredns", namespace = "kube-system" }
      data       = { Corefile = templatefile("${path.module}/templates/Corefile", { cluster_domain = var.cluster_domain }) }
    },
    {
      apiVersion = "apps/v1"
      kind       = "Deployment"
      metadata   = { name = "coredns", namespace = "kube-system", labels = { k8s-app = "coredns" } }
      spec = {
        replicas = 2
        selector = { matchLabels = { k8s-app = "coredns" } }
        strategy = { type = "RollingUpdate", rollingUpdate = { maxUnavailable = 1 } }
        template = {
          metadata = { labels = { k8s-app = "coredns" } }
          spec = {
            serviceAccountName = "coredns"
            priorityClassName  = "system-cluster-critical"
            securityContext    = { seccompProfile = { type = "RuntimeDefault" } }
            tolerations        = [local.controller_toleration, { key = "CriticalAddonsOnly", operator = "Exists" }]
            affinity = {
              podAntiAffinity = {
                preferredDuringSchedulingIgnoredDuringExecution = [{
                  weight = 100
                  podAffinityTerm = {
                    labelSelector = { matchLabels = { k8s-app = "coredns" } }
                    topologyKey   = "kubernetes.io/hostname"
                  }
                }]
              }
            }
            containers = [{
              name  = "coredns"
              image = local.images.coredns
              args  = ["-conf", "/etc/coredns/Corefile"]
              ports = [
                { name = "dns", containerPort = 53, protocol = "UDP" },
                { name = "dns-tcp", containerPort = 53, protocol = "TCP" },
                { name = "metrics", containerPort = 9153, protocol = "TCP" },
              ]
              resources      = { requests = { cpu = "100m", memory = "70Mi" }, limits = { memory = "170Mi" } }
              livenessProbe  = { httpGet = { path = "/health", port = 8080, scheme = "HTTP" }, initialDelaySeconds = 60, timeoutSeconds = 5, failureThreshold = 5 }
              readinessProbe = { httpGet = { path = "/ready", port = 8181, scheme = "HTTP" } }
              securityContext = {
                allowPrivilegeEscalation = false
                readOnlyRootFilesystem   = true
                capabilities             = { add = ["NET_BIND_SERVICE"], drop = ["ALL"] }
              }
              volumeMounts = [{ name = "config", mountPath = "/etc/coredns", readOnly = true }]
            }]
            dnsPolicy = "Default"
            volumes   = [{ name = "config", configMap = { name = "coredns", items = [{ key = "Corefile", path = "Corefile" }] } }]
          }
        }
      }
    },
    {
      apiVersion = "v1"
      kind       = "Service"
      metadata   = { name = "kube-dns", namespace = "kube-system", labels = { k8s-app = "coredns", "kubernetes.io/name" = "CoreDNS" } }
      spec = {
        selector  = { k8s-app = "coredns" }
        clusterIP = local.cluster_dns_ip
        ports = [
          { name = "dns", port = 53, protocol = "UDP" },
          { name = "dns-tcp", port = 53, protocol = "TCP" },
          { name = "metrics", port = 9153, protocol = "TCP" },
        ]
      }
    },
  ]

  kube_proxy = [
    {
      apiVersion = "v1"
      kind       = "ServiceAccount"
      metadata   = { name = "kube-proxy", namespace = "kube-system" }
    },
    {
      apiVersion = "rbac.authorization.k8s.io/v1"
      kind       = "ClusterRoleBinding"
      metadata   = { name = "kube-proxy" }
      roleRef    = { apiGroup = "rbac.authorization.k8s.io", kind = "ClusterRole", name = "system:node-proxier" }
      subjects   = [{ kind = "ServiceAccount", name = "kube-proxy", namespace = "kube-system" }]
    },
    {
      apiVersion = "apps/v1"
      kind       = "DaemonSet"
      metadata   = { name = "kube-proxy", namespace = "kube-system", labels = { k8s-app = "kube-proxy" } }
      spec = {
        selector       = { matchLabels = { k8s-app = "kube-proxy" } }
        updateStrategy = { type = "RollingUpdate", rollingUpdate = { maxUnavailable = 1 } }
        template = {
          metadata = { labels = { k8s-app = "kube-proxy" } }
          spec = {
            hostNetwork        = true
            priorityClassName  = local.node_critical
            serviceAccountName = "kube-proxy"
            tolerations        = local.tolerate_all
            containers = [{
              name  = "kube-proxy"
              image = local.images.kube_proxy
              command = [
                "kube-proxy",
                "--cluster-cidr=${var.pod_cidr}",
                "--hostname-override=$(NODE_NAME)",
                "--proxy-mode=iptables",
              ]
              env             = concat([local.field_env.NODE_NAME], local.api_env)
              securityContext = { privileged = true }
              # kube-proxy's health server (0.0.0.0:10256): /livez while it runs, /healthz
              # while its rules are current.
              livenessProbe  = { httpGet = { path = "/livez", port = 10256, scheme = "HTTP" }, initialDelaySeconds = 15, timeoutSeconds = 15, failureThreshold = 8 }
              readinessProbe = { httpGet = { path = "/healthz", port = 10256, scheme = "HTTP" }, periodSeconds = 10, timeoutSeconds = 15 }
              volumeMounts = [
                { name = "lib-modules", mountPath = "/lib/modules", readOnly = true },
                { name = "xtables-lock", mountPath = "/run/xtables.lock" },
              ]
            }]
            volumes = [local.lib_modules, local.xtables_lock]
          }
        }
      }
    },
  ]
}
