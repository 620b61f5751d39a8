# Every container image the cluster's control plane and add-ons run, pinned to an exact
# release in this one place; beside each, where that release was seen tagged upstream.
# var.container_images overrides entries by key.
locals {
  default_images = {
    # kubernetes/kubernetes release tags (v1.36.1 as Typhoon 21428170, v1.36.2 as
    # poseidon/terraform-render-bootstrap e834a08).
    kube_apiserver          = "registry.k8s.io/kube-apiserver:${var.kubernetes_version}"
    kube_controller_manager = "registry.k8s.io/kube-controller-manager:${var.kubernetes_version}"
    kube_scheduler          = "registry.k8s.io/kube-scheduler:${var.kubernetes_version}"
    kube_proxy              = "registry.k8s.io/kube-proxy:${var.kubernetes_version}"
    kubectl                 = "registry.k8s.io/kubectl:${var.kubernetes_version}"
    # poseidon/kubelet tag v1.36.1, as Typhoon 21428170 runs it; kubelet_version may hold the
    # kubelet back within the skew policy.
    kubelet = "quay.io/poseidon/kubelet:${coalesce(var.kubelet_version, var.kubernetes_version)}"
    # etcd-io/etcd tag v3.5.21.
    etcd = "quay.io/coreos/etcd:v3.5.21"
    # coredns/coredns tag v1.13.1 (terraform-render-bootstrap e834a08 variables.tf).
    coredns = "registry.k8s.io/coredns/coredns:v1.13.1"
    # flannel-io/flannel tag v0.27.0: Documentation/kube-flannel.yml names both images.
    flannel     = "ghcr.io/flannel-io/flannel:v0.27.0"
    flannel_cni = "ghcr.io/flannel-io/flannel-cni-plugin:v1.7.1-flannel1"
    # poseidon/flannel-cni tag v0.4.2 (CHANGES.md): CNI plugins v0.9.1 (bridge, host-local,
    # loopback, portmap, tuning, bandwidth; scripts/fetch-cni.sh), as Typhoon installs them.
    cni_plugins = "quay.io/poseidon/flannel-cni:v0.4.2"
    # projectcalico/calico tag v3.32.1: manifests/calico.yaml names these three.
    calico_node             = "quay.io/calico/node:v3.32.1"
    calico_cni              = "quay.io/calico/cni:v3.32.1"
    calico_kube_controllers = "quay.io/calico/kube-controllers:v3.32.1"
    # cilium/cilium v1.18.9 (terraform-render-bootstrap e834a08 variables.tf).
    cilium          = "quay.io/cilium/cilium:v1.18.9"
    cilium_operator = "quay.io/cilium/operator-generic:v1.18.9"
    # flatcar/flatcar-linux-update-operator tag v0.9.0: examples/deploy names it.
    flatcar_linux_update_operator = "ghcr.io/flatcar/flatcar-linux-update-operator:v0.9.0"
  }
  images = merge(local.default_images, var.container_images)
}
