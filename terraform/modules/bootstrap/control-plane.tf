# Static pods the kubelet on every controller runs from /etc/kubernetes/manifests.
locals {
  pki_dir       = "/etc/kubernetes/pki"
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

  # Component -> the static pod's container; kube-controller-manager and kube-scheduler
  # also read their kubeconfig.
  static_pods = {
    kube-apiserver = {
      image = local.images.kube_apiserver
      command = concat([
        "kube-apiserver",
        "--advertise-address=$(POD_IP)",
        "--allow-privileged=true",
        "--anonymous-auth=false",
        "--authorization-mode=Node,RBAC",
        "--client-ca-file=${local.pki_dir}/ca.crt",
        "--enable-admission-plugins=NodeRestriction",
        "--enable-bootstrap-token-auth=true",
        "--etcd-cafile=${local.pki_dir}/etcd/ca.crt",
        "--etcd-certfile=${local.pki_dir}/etcd/client.crt",
        "--etcd-keyfile=${local.pki_dir}/etcd/client.key",
        "--etcd-servers=${local.etcd_servers}",
        "--kubelet-client-certificate=${local.pki_dir}/apiserver-kubelet-client.crt",
        "--kubelet-client-key=${local.pki_dir}/apiserver-kubelet-client.key",
        "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
        "--secure-port=6443",
        "--service-account-issuer=${local.sa_issuer}",
        "--service-account-key-file=${local.pki_dir}/sa.pub",
        "--service-account-signing-key-file=${local.pki_dir}/sa.key",
        "--service-cluster-ip-range=${var.service_cidr}",
        "--tls-cert-file=${local.pki_dir}/apiserver.crt",
        "--tls-private-key-file=${local.pki_dir}/apiserver.key",
      ], local.aggregation_flags)
      env        = [{ name = "POD_IP", valueFrom = { fieldRef = { fieldPath = "status.podIP" } } }]
      probe      = null
      kubeconfig = null
      cpu        = "250m"
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
        "--root-ca-file=${local.pki_dir}/ca.crt",
        "--service-account-private-key-file=${local.pki_dir}/sa.key",
        "--service-cluster-ip-range=${var.service_cidr}",
        "--use-service-account-credentials=true",
      ]
      env        = []
      probe      = 10257
      kubeconfig = "/etc/kubernetes/controller-manager.conf"
      cpu        = "150m"
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
      ]
      env        = []
      probe      = 10259
      kubeconfig = "/etc/kubernetes/scheduler.conf"
      cpu        = "100m"
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
          volumeMounts    = concat([local.pki_mount, local.ssl_certs_mount], pod.kubeconfig == null ? [] : [{ name = "kubeconfig", mountPath = pod.kubeconfig, readOnly = true }])
          imagePullPolicy = "IfNotPresent"
        },
        length(pod.env) == 0 ? {} : { env = pod.env },
        pod.probe == null ? {} : {
          livenessProbe = {
            httpGet             = { host = "127.0.0.1", path = "/healthz", port = pod.probe, scheme = "HTTPS" }
            initialDelaySeconds = 15
            timeoutSeconds      = 15
            failureThreshold    = 8
          }
        },
      )]
      volumes = concat([local.pki_volume, local.ssl_certs_volume], pod.kubeconfig == null ? [] : [{
        name     = "kubeconfig"
        hostPath = { path = pod.kubeconfig, type = "File" }
      }])
    }
  } }
}
