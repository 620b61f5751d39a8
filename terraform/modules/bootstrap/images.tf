# Every container image the cluster's control plane and add-ons run, pinned to an exact
# release in this one place. var.container_images overrides entries by key.
locals {
  default_images = {
    kube_apiserver          = "registry.k8s.io/kube-apiserver:${var.kubernetes_version}"
    kube_controller_manager = "registry.k8s.io/kube-controller-manager:${var.kubernetes_version}"
    kube_scheduler          = "registry.k8s.io/kube-scheduler:${var.kubernetes_version}"
    kube_proxy              = "registry.k8s.io/kube-proxy:${var.kubernetes_version}"
    kubectl                 = "registry.k8s.io/kubectl:${var.kubernetes_version}"
    kubelet                 = "quay.io/poseidon/kubelet:${coalesce(var.kubelet_version, var.kubernetes_version)}"
    etcd                    = "quay.io/coreos/etcd:v3.5.21"
    coredns                 = "registry.k8s.io/coredns/coredns:v1.12.1"
    flannel                 = "docker.io/flannel/flannel:v0.26.7"
    flannel_cni             = "docker.io/flannel/flannel-cni-plugin:v1.6.2-flannel1"
    calico_node             = "quay.io/calico/node:v3.28.2"
    calico_cni              = "quay.io/calico/cni:v3.28.2"
    cilium                  = "quay.io/cilium/cilium:v1.16.5"
    cilium_operator         = "quay.io/cilium/operator-generic:v1.16.5"
  }
  images = merge(local.default_images, var.container_images)
}
