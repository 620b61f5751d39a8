# The Ignition document, twice: plain data URLs, and gzip-compressed ones for user data.
locals {
  # Ignition's merge replaces a file's source but keeps a compression the snippet leaves
  # unset, so files a snippet overrides stay uncompressed in the compact form.
  snippet_file_paths = flatten([for snippet in var.snippets : [for file in try(jsondecode(snippet).storage.files, []) : file.path]])

  passwd = length(local.users) == 0 ? {} : { passwd = { users = local.users } }

  config = merge({
    ignition = {
      version = "3.3.0"
      config  = { merge = [for snippet in var.snippets : { source = "data:;base64,${base64encode(snippet)}" }] }
    }
    storage = {
      files = [for file in local.files : {
        path      = file.path
        mode      = file.mode
        overwrite = file.overwrite
        contents  = { source = "data:;base64,${base64encode(file.contents)}" }
      }]
    }
    systemd = { units = local.units }
  }, local.passwd)

  config_compact = merge({
    ignition = {
      version = "3.3.0"
      config = { merge = [for snippet in var.snippets : {
        source      = "data:;base64,${base64gzip(snippet)}"
        compression = "gzip"
      }] }
    }
    storage = {
      files = [for file in local.files : {
        path      = file.path
        mode      = file.mode
        overwrite = file.overwrite
        contents = contains(local.snippet_file_paths, file.path) ? {
          source      = "data:;base64,${base64encode(file.contents)}"
          compression = ""
          } : {
          source      = "data:;base64,${base64gzip(file.contents)}"
          compression = "gzip"
        }
      }]
    }
    systemd = { units = local.units }
  }, local.passwd)
}
