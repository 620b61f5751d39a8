"""Snippet texts shared by the snippet tests and the module matrix."""

HELLOWORLD = """\
systemd:
  units:
  - name: helloworld.service
    dropins:
    - name: 10-helloworld.conf
      contents: |
        [Install]
        WantedBy=multi-user.target
"""

CLC_FULL = """\
storage:
  directories:
  - filesystem: root
    path: /opt/tools
    mode: 0750
  files:
  - filesystem: root
    path: /etc/motd.d/hello.conf
    mode: 0644
    contents:
      inline: |
        hello from a snippet
  - filesystem: root
    path: /opt/tools/run.sh
    mode: 493
    user:
      name: core
    contents:
      inline: "#!/bin/sh\\necho 100% done\\n"
  links:
  - filesystem: root
    path: /opt/bin/run
    target: /opt/tools/run.sh
systemd:
  units:
  - name: tools.service
    enabled: true
    contents: |
      [Unit]
      Description=Run the tools
      [Service]
      Type=oneshot
      ExecStart=/opt/tools/run.sh
      [Install]
      WantedBy=multi-user.target
  - name: docker.service
    dropins:
    - name: 20-env.conf
      contents: |
        [Service]
        Environment=FOO=bar
networkd:
  units:
  - name: 00-eth0.network
    contents: |
      [Match]
      Name=eth0
      [Network]
      DHCP=yes
passwd:
  users:
  - name: core
    ssh_authorized_keys:
    - ssh-ed25519 AAAAsnippetkey snippet@example
  - name: ops
    groups: [wheel]
update:
  group: beta
locksmith:
  reboot_strategy: etcd-lock
  window_start: Thu 04:00
  window_length: 1h
"""

BUTANE_FULL = """\
variant: flatcar
version: 1.0.0
storage:
  directories:
  - path: /opt/tools
    mode: 0o750
  files:
  - path: /etc/motd.d/hello.conf
    mode: 0644
    overwrite: true
    contents:
      inline: hello from butane
  - path: /etc/tools.env
    mode: 0600
    contents:
      inline: |
        TOOLS=1
  links:
  - path: /opt/bin/run
    target: /opt/tools/run.sh
systemd:
  units:
  - name: butane-hello.service
    enabled: true
    contents: |
      [Service]
      Type=oneshot
      EnvironmentFile=/etc/tools.env
      ExecStart=/bin/cat /etc/motd.d/hello.conf
      [Install]
      WantedBy=multi-user.target
passwd:
  users:
  - name: core
    ssh_authorized_keys: [ssh-ed25519 AAAAbutanekey butane@example]
"""

BUTANE_REMOTE = f"""\
variant: flatcar
version: 1.0.0
storage:
  files:
  - path: /etc/remote.conf
    contents:
      source: https://example.com/remote.conf
      verification:
        hash: sha512-{"00ff" * 32}
"""
