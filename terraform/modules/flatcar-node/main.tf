locals {
  runtime = {
    containerd = {
      service  = "containerd.service"
      endpoint = "unix:///run/containerd/containerd.sock"
      data_dir = "/var/lib/containerd"
    }
    docker = {
      service  = "docker.service"
      endpoint = "unix:///run/cri-dockerd.sock"
      data_dir = "/var/lib/docker"
    }
  }[var.container_runtime]

  # Host path -> mount in the kubelet container; var.kubelet_mounts adds, changes (same
  # host path) or drops (null) entries.
  default_kubelet_mounts = {
    "/etc/kubernetes"            = { options = ["ro"] }
    (var.cni_conf_dir)           = { options = ["ro"] }
    "/etc/machine-id"            = { options = ["ro"] }
    "/sys/fs/cgroup"             = { options = [] }
    "/etc/ssl/certs"             = { options = ["ro"] }
    "/usr/share/ca-certificates" = { options = ["ro"] }
    "/var/lib/kubelet"           = { options = ["rshared"] }
    (local.runtime.data_dir)     = { options = [] }
    "/var/lib/cni"               = { options = [] }
    "/var/lib/calico"            = { options = [] }
    "/var/log"                   = { options = [] }
    "/usr/lib/os-release"        = { container_path = "/etc/os-release", options = ["ro"] }
    "/run"                       = { options = [] }
    "/lib/modules"               = { options = ["ro"] }
    "/etc/resolv.conf"           = { options = [] }
    "/opt/cni/bin"               = { options = [] }
  }
  kubelet_mounts = [
    for host, mount in merge(local.default_kubelet_mounts, var.kubelet_mounts) :
    join(":", concat([host, try(mount.container_path, host)], length(try(mount.options, [])) > 0 ? [join(",", mount.options)] : []))
    if mount != null
  ]

  role_labels = {
    controller = { "node.kubernetes.io/controller" = "true" }
    worker     = { "node.kubernetes.io/node" = "" }
  }[var.role]
  role_taints = {
    controller = ["node-role.kubernetes.io/controller:NoSchedule"]
    worker     = []
  }[var.role]
  node_labels = merge(local.role_labels, var.node_labels)
  node_taints = [
    for taint in distinct(concat(local.role_taints, var.node_taints)) :
    regex("^(?P<key>[^=:]+)(?:=(?P<value>[^:]*))?:(?P<effect>[A-Za-z]+)$", taint)
  ]

  kubelet_config = {
    apiVersion = "kubelet.config.k8s.io/v1beta1"
    kind       = "KubeletConfiguration"
    authentication = {
      anonymous = { enabled = false }
      webhook   = { enabled = true }
      x509      = { clientCAFile = "/etc/kubernetes/ca.crt" }
    }
    authorization       = { mode = "Webhook" }
    cgroupDriver        = var.cgroup_driver
    clusterDNS          = [var.cluster_dns_ip]
    clusterDomain       = var.cluster_domain
    readOnlyPort        = 0
    rotateCertificates  = true
    registerWithTaints  = [for taint in local.node_taints : { for key, value in taint : key => value if value != null }]
    resolvConf          = "/run/systemd/resolve/resolv.conf"
    staticPodPath       = var.pod_manifest_path
    volumePluginDir     = var.volume_plugin_dir
    serializeImagePulls = false
    # Graceful node shutdown: logind delays the shutdown (InhibitDelayMaxSec below) while
    # the kubelet stops pods, critical ones last; what spot interruptions need most.
    shutdownGracePeriod             = "${local.shutdown_grace_seconds}s"
    shutdownGracePeriodCriticalPods = "${local.shutdown_grace_critical_seconds}s"
  }
  shutdown_grace_seconds          = 45
  shutdown_grace_critical_seconds = 30
  # Set only what was given: the kubelet's own defaults stand otherwise.
  kubelet_resources = { for key, value in {
    maxPods        = var.max_pods
    kubeReserved   = length(var.kube_reserved) > 0 ? var.kube_reserved : null
    systemReserved = length(var.system_reserved) > 0 ? var.system_reserved : null
    evictionHard   = length(var.eviction_hard) > 0 ? var.eviction_hard : null
  } : key => value if value != null }

  # coreos-metadata (afterburn) writes the instance's identity to /run/metadata/coreos.
  metadata = {
    none = { service = "", provider_id = "" }
    aws  = { service = "coreos-metadata.service", provider_id = "aws:///$${COREOS_EC2_AVAILABILITY_ZONE}/$${COREOS_EC2_INSTANCE_ID}" }
  }[var.instance_metadata]

  kubelet_unit = templatefile("${path.module}/templates/kubelet.service", {
    runtime_service = local.runtime.service
    runtime_socket  = local.runtime.endpoint
    metadata        = local.metadata
    make_dirs       = distinct([var.cni_conf_dir, var.pod_manifest_path, var.volume_plugin_dir, "/opt/cni/bin", "/var/lib/calico", "/var/lib/cni"])
    mounts          = local.kubelet_mounts
  })
  kubelet_environment = templatefile("${path.module}/templates/kubelet-environment.conf", {
    image       = var.kubelet_image
    node_labels = join(",", [for key, value in local.node_labels : "${key}=${value}"])
    extra_args  = replace(join(" ", var.kubelet_extra_args), "%", "%%")
  })

  # locksmithd reboots only with reboot_strategy = "reboot"; "off" leaves updates for the
  # next reboot (as Typhoon) and "coordinated" leaves them to the Flatcar update operator.
  locksmith_on = var.reboot_strategy == "reboot" && !var.disable_auto_update

  module_files = concat(
    [
      { path = "/etc/kubernetes/bootstrap-kubeconfig", mode = 384, contents = var.bootstrap_kubeconfig, overwrite = true },
      { path = "/etc/kubernetes/kubelet-config.json", mode = 420, contents = jsonencode(merge(local.kubelet_config, local.kubelet_resources)), overwrite = true },
      { path = "/etc/systemd/logind.conf.d/inhibitors.conf", mode = 420, contents = "[Login]\nInhibitDelayMaxSec=${local.shutdown_grace_seconds}s\n", overwrite = true },
      # The kernel sizes the default by memory (about 16k on a 2 GiB node): pods watching
      # files (log shippers, config reloaders) run out of it.
      { path = "/etc/sysctl.d/max-user-watches.conf", mode = 420, contents = "fs.inotify.max_user_watches=524288\n", overwrite = true },
      {
        path      = "/etc/flatcar/update.conf"
        mode      = 420
        overwrite = true
        contents = templatefile("${path.module}/templates/update.conf", {
          channel             = var.os_channel
          reboot_strategy     = local.locksmith_on ? "reboot" : "off"
          disable_auto_update = var.disable_auto_update
        })
      },
    ],
    var.hostname == "" ? [] : [{ path = "/etc/hostname", mode = 420, contents = "${var.hostname}\n", overwrite = true }],
    var.container_runtime == "containerd" ? [{
      path      = "/etc/containerd/config.toml"
      mode      = 420
      overwrite = true
      contents = templatefile("${path.module}/templates/containerd.toml", {
        systemd_cgroup = var.cgroup_driver == "systemd"
        cni_conf_dir   = var.cni_conf_dir
      })
    }] : [],
  )
  files = concat(local.module_files, [
    for file in var.files : { path = file.path, mode = file.mode, contents = file.contents, overwrite = try(file.overwrite, true) }
  ])

  module_units = concat(
    [
      {
        name     = "kubelet.service"
        enabled  = true
        contents = local.kubelet_unit
        dropins  = [{ name = "10-environment.conf", contents = local.kubelet_environment }]
      },
      {
        name     = "wait-for-dns.service"
        enabled  = true
        contents = file("${path.module}/templates/wait-for-dns.service")
      },
      # The kubelet runs in a docker container (as Typhoon does on Flatcar), whatever the CRI runtime.
      {
        name    = "docker.service"
        enabled = true
        dropins = var.container_runtime == "docker" ? [{
          name = "10-runtime.conf"
          contents = templatefile("${path.module}/templates/docker-runtime.conf", {
            cgroup_driver  = var.cgroup_driver
            logging_driver = var.docker_logging_driver
            storage_driver = var.docker_storage_driver
          })
        }] : []
      },
    ],
    var.container_runtime == "containerd" ? [{
      name    = "containerd.service"
      enabled = true
      dropins = [{ name = "10-config.conf", contents = file("${path.module}/templates/containerd-config.conf") }]
    }] : [],
    var.disable_auto_update ? [{ name = "update-engine.service", mask = true }] : [],
    local.locksmith_on ? [] : [{ name = "locksmithd.service", mask = true }],
  )
  # Drop null and empty attributes so the config holds only what was set.
  units = [
    for unit in concat(local.module_units, var.units) : {
      for key, value in {
        name     = unit.name
        contents = try(unit.contents, null)
        enabled  = try(unit.enabled, null)
        mask     = try(unit.mask, null)
        dropins  = length(try(unit.dropins, [])) > 0 ? unit.dropins : null
      } : key => value if value != null
    }
  ]

  users = length(var.ssh_authorized_keys) == 0 ? [] : [{ name = "core", sshAuthorizedKeys = var.ssh_authorized_keys }]
}
