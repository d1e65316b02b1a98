#!/usr/bin/env bash
# LiveKit's open-source server for the real-media tests and for development, built from its Go module at the
# version pinned in scripts/livekit-version (v1.13.6 and later replace pion packages with LiveKit forks that the Go
# module proxy does not serve, so `go install` of those fails).
#   build   build it into .cache/livekit/ unless it is already there; prints the binary's path
#   path    print where the binary is (or would be)
#   run     build if needed, then run a single-node dev server on 127.0.0.1:7880 (keys below, webhook to
#           Tọa đàm on port ${PORT:-3000})
set -euo pipefail
cd "$(dirname "$0")/.."

version="$(tr -d '[:space:]' < scripts/livekit-version)"
dir=".cache/livekit/livekit-server-${version}"
bin="${dir}/livekit-server"

build() {
  if [[ -x "$bin" ]]; then
    echo "$bin"
    return
  fi
  if ! command -v go > /dev/null; then
    echo "livekit-server.sh: Go is not installed, so LiveKit ${version} cannot be built (install Go 1.24 or later)." >&2
    exit 1
  fi
  echo "Building LiveKit server ${version} into ${dir} (a few minutes the first time)..." >&2
  mkdir -p "$dir"
  GOBIN="$(pwd)/${dir}" GOFLAGS=-buildvcs=false go install "github.com/livekit/livekit-server/cmd/server@${version}"
  mv "${dir}/server" "$bin"
  echo "$bin"
}

case "${1:-}" in
  build) build ;;
  path) echo "$bin" ;;
  run)
    build > /dev/null
    config=".cache/livekit/dev.yaml"
    cat > "$config" <<YAML
port: 7880
bind_addresses: [127.0.0.1]
keys:
  devkey: ${LIVEKIT_DEV_SECRET:-dev-secret-that-is-at-least-32-characters}
webhook:
  api_key: devkey
  urls: ["http://127.0.0.1:${PORT:-3000}/livekit/webhook"]
rtc:
  node_ip: 127.0.0.1
  use_external_ip: false
  enable_loopback_candidate: true
  udp_port: 7882
  tcp_port: 7881
logging:
  level: info
YAML
    exec "$bin" --config "$config"
    ;;
  *)
    echo "usage: bash scripts/livekit-server.sh build|path|run" >&2
    exit 2
    ;;
esac
