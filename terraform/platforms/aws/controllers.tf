# Controllers: etcd members and the control plane. Their full Ignition sits in the private
# bucket (assets.tf); user data only points Ignition at it, with the object's hash.
data "aws_ami" "flatcar" {
  most_recent = true
  owners      = ["075585003325"] # Kinvolk / Flatcar

  filter {
    name   = "architecture"
    values = [var.arch == "arm64" ? "arm64" : "x86_64"]
  }

  filter {
    name   = "virtualization-type"
    values = ["hvm"]
  }

  filter {
    name   = "name"
    values = ["Flatcar-${var.os_channel}-${var.os_version == "current" ? "*" : var.os_version}-${var.arch == "arm64" ? "arm64-" : ""}hvm"]
  }
}

resource "aws_instance" "controller" {
  count = var.controller_count

  ami                  = data.aws_ami.flatcar.image_id
  instance_type        = var.controller_type
  subnet_id            = aws_subnet.public[count.index % length(local.zones)].id
  iam_instance_profile = aws_iam_instance_profile.controller[count.index].name
  user_data_base64     = base64encode(local.controller_user_data[count.index])

  vpc_security_group_ids = [aws_security_group.controller.id]

  root_block_device {
    volume_type = var.disk_type
    volume_size = var.disk_size
    iops        = local.disk_iops
    encrypted   = true
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  tags = merge(local.tags, { Name = local.controller_names[count.index] })

  # etcd lives on the controllers: a new AMI or Ignition waits for a deliberate
  # replacement (see the pending_controller_replacements output).
  lifecycle {
    ignore_changes = [ami, user_data_base64]
  }

  # Ignition fetches its object on first boot with the instance role.
  depends_on = [aws_s3_object.controller, aws_iam_role_policy.controller]
}

locals {
  controller_names = [for index in range(var.controller_count) : "${var.cluster_name}-controller-${index}"]
  # IOPS are provisioned for gp3, io1 and io2; gp2 derives them from the size.
  disk_iops = var.disk_type == "gp2" ? null : var.disk_iops
}

# One role per controller: it may read its own Ignition object and nothing else.
data "aws_iam_policy_document" "assume_ec2" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "controller" {
  count = var.controller_count

  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.assets.arn}/${local.controller_objects[count.index]}"]
  }
}

resource "aws_iam_role" "controller" {
  count = var.controller_count

  name               = local.controller_names[count.index]
  assume_role_policy = data.aws_iam_policy_document.assume_ec2.json

  tags = local.tags
}

resource "aws_iam_role_policy" "controller" {
  count = var.controller_count

  name   = "ignition"
  role   = aws_iam_role.controller[count.index].id
  policy = data.aws_iam_policy_document.controller[count.index].json
}

resource "aws_iam_instance_profile" "controller" {
  count = var.controller_count

  name = local.controller_names[count.index]
  role = aws_iam_role.controller[count.index].name

  tags = local.tags
}
