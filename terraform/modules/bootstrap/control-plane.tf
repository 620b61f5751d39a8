# Static pods the kubelet on every controller runs from /etc/kubernetes/manifests, and the
# API server's own configuration: Secrets encrypted at rest, an audit log kept on the host
# with rotation, anonymous requests allowed to the health paths only (the kubelet's probes).

# The Secret encryption key. A random_password is sensitive (never printed as a resource
# id); its 32 characters are the 32 key bytes secretbox needs (~190 bits of entropy).
resource "random_password" "encryption_key" {
  length  = 32
  special = false
}

locals {
  pki_dir       = "/etc/kubernetes/pki"
  apiserver_dir = "/etc/kubernetes/apiserver"
  audit_log_dir = "/var/log/kubernetes/audit"
  etcd_servers  = join(",", [for name in var.etcd_servers : "https://${name}:2379"])
  sa_issuer     = "https://kubernetes.default.svc.${var.cluster_domain}"
  node_critical = "system-node-critical"

  aggregation_flags = var.enable_aggregation ? [
    "--enable-aggregator-routing=true",
    "--proxy-client-cert-file=${local.pki_dir}/front-proxy-client.crt",
    "--proxy-client-key-file=${local.pki_dir}/front-proxy-client.key",
    "--requestheader-allowed-names=front-proxy-client",
    "--requestheader-client-ca-file=${local.pki_dir}/front-proxy-ca.crt",
    "--requestheader-extra-headers-prefix=X-Remote-Extra-",
    "--requestheader-group-headers=X-Remote-Group",
    "--requestheader-username-headers=X-Remote-User",
  ] : []

  pki_volume = {
    name     = "pki"
    hostPath = { path = local.pki_dir, type = "Directory" }
  }
  pki_mount = { name = "pki", mountPath = local.pki_dir, readOnly = true }
  ssl_certs_volume = {
    name     = "ssl-certs"
    hostPath = { path = "/etc/ssl/certs", type = "Directory" }
  }
  ssl_certs_mount = { name = "ssl-certs", mountPath = "/etc/ssl/certs", readOnly = true }
  kubeconfig_mount = { for path in ["/etc/kubernetes/controller-manager.conf", "/etc/kubernetes/scheduler.conf"] : path => {
    name      = "kubeconfig"
    hostPath  = { path = path, type = "File" }
    mountPath = path
    readOnly  = true
  } }

  # Secrets are encrypted with secretbox before they reach etcd; identity reads what was
  # written before encryption was on.
  encryption_config = {
    apiVersion = "apiserver.config.k8s.io/v1"
    kind       = "EncryptionConfiguration"
    resources = [{
      resources = ["secrets"]
      providers = [
        { secretbox = { keys = [{ name = "key1", secret = base64encode(random_password.encryption_key.result) }] } },
        { identity = {} },
      ]
    }]
  }
  # Anonymous requests reach the health paths and nothing else (GA in Kubernetes 1.34).
  authentication_config = {
    apiVersion = "apiserver.config.k8s.io/v1"
    kind       = "AuthenticationConfiguration"
    anonymous = {
      enabled    = true
      conditions = [for path in ["/livez", "/readyz", "/healthz"] : { path = path }]
    }
  }
  # Metadata only for objects that hold secrets or tokens and for reads; request bodies
  # for every other change; nothing for health checks and events.
  audit_policy = {
    apiVersion = "audit.k8s.io/v1"
    kind       = "Policy"
    omitStages = ["RequestReceived"]
    rules = [
      { level = "None", nonResourceURLs = ["/healthz*", "/livez*", "/readyz*", "/version"] },
      { level = "None", resources = [{ group = "", resources = ["events"] }, { group = "events.k8s.io", resources = ["events"] }] },
      { level = "None", users = ["system:kube-proxy"], verbs = ["watch"], resources = [{ group = "", resources = ["endpoints", "services"] }, { group = "discovery.k8s.io", resources = ["endpointslices"] }] },
      { level = "Metadata", resources = [{ group = "", resources = ["secrets", "configmaps", "serviceaccounts/token"] }, { group = "authentication.k8s.io", resources = ["tokenreviews"] }, { group = "certificates.k8s.io", resources = ["certificatesigningrequests"] }] },
      { level = "Metadata", verbs = ["get", "list", "watch"] },
      { level = "Request" },
    ]
  }

  # Component -> the static pod's container; kube-controller-manager and kube-scheduler
  # also read their kubeconfig.
  static_pods = {
    kube-apiserver = {
      image = local.images.kube_apiserver
      command = concat([
        "kube-apiserver",
        "--advertise-address=$(POD_IP)",
        "--allow-privileged=true",
        "--audit-log-maxage=30",
        "--audit-log-maxbackup=10",
        "--audit-log-maxsize=100",
        "--audit-log-path=${local.audit_log_dir}/audit.log",
        "--audit-policy-file=${local.apiserver_dir}/audit-policy.yaml",
        "--authentication-config=${local.apiserver_dir}/authentication.yaml",
        "--authorization-mode=Node,RBAC",
        "--client-ca-file=${local.pki_dir}/ca.crt",
        # NamespaceLifecycle and ServiceAccount are on by default: named so that is visible.
        "--enable-admission-plugins=NamespaceLifecycle,NodeRestriction,ServiceAccount",
        "--enable-bootstrap-token-auth=true",
        "--encryption-provider-config=${local.apiserver_dir}/encryption.yaml",
        "--etcd-cafile=${local.pki_dir}/etcd/ca.crt",
        "--etcd-certfile=${local.pki_dir}/etcd/client.crt",
        "--etcd-keyfile=${local.pki_dir}/etcd/client.key",
        "--etcd-servers=${local.etcd_servers}",
        "--kubelet-client-certificate=${local.pki_dir}/apiserver-kubelet-client.crt",
        "--kubelet-client-key=${local.pki_dir}/apiserver-kubelet-client.key",
        "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
        "--profiling=false",
        "--secure-port=6443",
        "--service-account-issuer=${local.sa_issuer}",
        "--service-account-lookup=true",
        "--service-account-key-file=${local.pki_dir}/sa.pub",
        "--service-account-signing-key-file=${local.pki_dir}/sa.key",
        "--service-cluster-ip-range=${var.service_cidr}",
        "--tls-cert-file=${local.pki_dir}/apiserver.crt",
        "--tls-private-key-file=${local.pki_dir}/apiserver.key",
      ], local.aggregation_flags)
      env   = [{ name = "POD_IP", valueFrom = { fieldRef = { fieldPath = "status.podIP" } } }]
      probe = { port = 6443, live = "/livez", ready = "/readyz" }
      mounts = [
        { name = "apiserver", hostPath = { path = local.apiserver_dir, type = "Directory" }, mountPath = local.apiserver_dir, readOnly = true },
        { name = "audit-log", hostPath = { path = local.audit_log_dir, type = "DirectoryOrCreate" }, mountPath = local.audit_log_dir, readOnly = false },
      ]
      cpu = "250m"
    }
    kube-controller-manager = {
      image = local.images.kube_controller_manager
      command = [
        "kube-controller-manager",
        "--allocate-node-cidrs=true",
        "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
        "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf",
        "--bind-address=127.0.0.1",
        "--client-ca-file=${local.pki_dir}/ca.crt",
        "--cluster-cidr=${var.pod_cidr}",
        "--cluster-name=${var.cluster_name}",
        "--cluster-signing-cert-file=${local.pki_dir}/ca.crt",
        "--cluster-signing-duration=${var.certificate_validity_hours}h",
        "--cluster-signing-key-file=${local.pki_dir}/ca.key",
        "--controllers=*,bootstrapsigner,tokencleaner",
        "--kubeconfig=/etc/kubernetes/controller-manager.conf",
        "--leader-elect=true",
        "--profiling=false",
        "--root-ca-file=${local.pki_dir}/ca.crt",
        "--service-account-private-key-file=${local.pki_dir}/sa.key",
        "--service-cluster-ip-range=${var.service_cidr}",
        "--use-service-account-credentials=true",
      ]
      env    = []
      probe  = { port = 10257, live = "/healthz", ready = "/healthz" }
      mounts = [local.kubeconfig_mount["/etc/kubernetes/controller-manager.conf"]]
      cpu    = "150m"
    }
    kube-scheduler = {
      image = local.images.kube_scheduler
      command = [
        "kube-scheduler",
        "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
        "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf",
        "--bind-address=127.0.0.1",
        "--kubeconfig=/etc/kubernetes/scheduler.conf",
        "--leader-elect=true",
        "--profiling=false",
      ]
      env    = []
      probe  = { port = 10259, live = "/healthz", ready = "/healthz" }
      mounts = [local.kubeconfig_mount["/etc/kubernetes/scheduler.conf"]]
      cpu    = "100m"
    }
  }

  static_pod_manifests = { for name, pod in local.static_pods : name => {
    apiVersion = "v1"
    kind       = "Pod"
    metadata = {
      name      = name
      namespace = "kube-system"
      labels    = { k8s-app = name, tier = "control-plane" }
    }
    spec = {
      hostNetwork       = true
      priorityClassName = local.node_critical
      securityContext   = { seccompProfile = { type = "RuntimeDefault" } }
      containers = [merge(
        {
          name            = name
          image           = pod.image
          command         = pod.command
          resources       = { requests = { cpu = pod.cpu } }
          volumeMounts    = concat([local.pki_mount, local.ssl_certs_mount], [for mount in pod.mounts : { name = mount.name, mountPath = mount.mountPath, readOnly = mount.readOnly }])
          imagePullPolicy = "IfNotPresent"
          # Root (the keys are root's, 0600) without capabilities, privilege escalation or a
          # writable image: the components only read their files and listen on high ports.
          securityContext = {
            allowPrivilegeEscalation = false
            readOnlyRootFilesystem   = true
            capabilities             = { drop = ["ALL"] }
          }
          # The kubelet probes over HTTPS without credentials: the API server lets anonymous
          # requests reach its health paths only (authentication.yaml).
          livenessProbe = {
            httpGet             = { host = "127.0.0.1", path = pod.probe.live, port = pod.probe.port, scheme = "HTTPS" }
            initialDelaySeconds = 15
            timeoutSeconds      = 15
            failureThreshold    = 8
          }
          readinessProbe = {
            httpGet        = { host = "127.0.0.1", path = pod.probe.ready, port = pod.probe.port, scheme = "HTTPS" }
            periodSeconds  = 5
            timeoutSeconds = 15
          }
        },
        length(pod.env) == 0 ? {} : { env = pod.env },
      )]
      volumes = concat([local.pki_volume, local.ssl_certs_volume], [for mount in pod.mounts : { name = mount.name, hostPath = mount.hostPath }])
    }
  } }
}
