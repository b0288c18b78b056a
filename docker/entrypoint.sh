#!/bin/sh
# The image's entrypoint: turns the container's conventions (Eddy's and LocalStack's) into eddy's
# settings, then execs eddy, which serves, runs the init hooks and prints "Ready.".
#   - serves on 0.0.0.0:4566 unless EDDY_HOST / EDDY_PORT say otherwise;
#   - PERSISTENCE=1 (LocalStack's switch) keeps state under /var/lib/localstack unless
#     EDDY_DATA_DIR names another directory; neither: state lives in memory;
#   - init hooks: EDDY_INIT_DIR's directories, then /etc/eddy/init/ready.d, then
#     /etc/localstack/init/ready.d;
#   - `docker run IMAGE --log-level debug` passes flags to eddy; `docker run IMAGE sh` runs sh.
# EDDY_IMAGE_ROOT prefixes every image path and EDDY_BIN names the binary, so the tests run this
# very file outside Docker.
set -eu
root="${EDDY_IMAGE_ROOT:-}"

export EDDY_HOST="${EDDY_HOST:-0.0.0.0}"
export EDDY_PORT="${EDDY_PORT:-4566}"

case "${PERSISTENCE:-0}" in
  1 | true | TRUE | True) persistence=1 ;;
  *) persistence=0 ;;
esac
if [ -z "${EDDY_DATA_DIR:-}" ] && [ "$persistence" = 1 ]; then
  export EDDY_DATA_DIR="$root/var/lib/localstack"
fi
if [ -n "${EDDY_DATA_DIR:-}" ]; then
  mkdir -p "$EDDY_DATA_DIR"
fi

init_dirs="${EDDY_INIT_DIR:-}"
for dir in "$root/etc/eddy/init/ready.d" "$root/etc/localstack/init/ready.d"; do
  if [ -d "$dir" ]; then
    init_dirs="${init_dirs:+$init_dirs:}$dir"
  fi
done
export EDDY_INIT_DIR="$init_dirs"

if [ $# -eq 0 ] || [ "${1#-}" != "$1" ]; then
  exec "${EDDY_BIN:-eddy}" "$@"
fi
exec "$@"
