# A region's zones as they were read at the first apply, kept in state from then on: when
# the cloud opens a zone later, the platform's subnets and controllers (spread over the
# zones by index) stay where they are. The zones ride in keepers, which ignore_changes
# freezes.
resource "random_id" "zones" {
  byte_length = 2
  keepers = {
    names = join(",", var.zones)
  }

  lifecycle {
    ignore_changes = [keepers]
  }
}
