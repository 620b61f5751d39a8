#!/bin/sh
# Written by railyard: the secret files of ${name}. Each file is written beside its path and then
# renamed over it, so an interrupted copy leaves every file whole, old or new.
set -eu
umask 077
partial=""
trap 'rm -f "$partial"' EXIT
trap 'exit 1' HUP INT TERM
changed=0
install_file() {
  mkdir -p "$(dirname "$1")"
  partial=$(mktemp "$(dirname "$1")/.railyard.XXXXXX")
  base64 -d >"$partial"
  chown 0:0 "$partial"
  chmod "$2" "$partial"
  cmp -s "$partial" "$1" || changed=$((changed + 1))
  mv -f "$partial" "$1"
  partial=""
}
%{ for file in files ~}
install_file '${file.path}' ${format("%o", file.mode)} <<'RAILYARD_EOF'
${base64encode(file.contents)}
RAILYARD_EOF
%{ endfor ~}
echo "railyard: ${length(files)} files in place on ${name}, $changed changed"
