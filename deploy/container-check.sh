#!/usr/bin/env bash
# Builds the container image from the Containerfile and checks it from a running container:
# /readyz turns ready, GET /openai answers an intervention, the healthcheck passes, the server runs
# as a non-root user, and no secret is in the image. Needs Maven and podman (or docker).
#
#   deploy/container-check.sh                   # podman; a local base image from Debian's packages
#   BASE_IMAGE=docker.io/library/eclipse-temurin:17-jre deploy/container-check.sh   # a registry's base
#   ENGINE=docker deploy/container-check.sh
#
# With no BASE_IMAGE it makes (once) a base with Debian's openjdk-17-jre-headless by mmdebstrap,
# from the machine's own apt sources, so it passes on a machine that reaches no container
# registry. Where podman runs inside a sandbox that refuses setrlimit and cgroups, it runs podman
# with the runc runtime and a containers.conf without default ulimits.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image="${IMAGE:-localhost/intervensi:check}"
local_base="localhost/intervensi-jre17-base:bookworm"
port="${PORT:-18899}"
name="intervensi-check-$$"

say() { echo "container-check: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

install_missing() {
  local missing=()
  for tool in "$@"; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]} from Debian's packages..."
    apt-get install -y -q "${missing[@]}" >/dev/null
  else
    fail "${missing[*]} not found; install them (Debian: apt-get install ${missing[*]})"
  fi
}

engine="${ENGINE:-}"
if [ -z "$engine" ]; then
  if command -v podman >/dev/null; then engine=podman
  elif command -v docker >/dev/null && docker info >/dev/null 2>&1; then engine=docker
  else install_missing podman runc; engine=podman
  fi
fi
run_engine=("$engine")
if [ "$engine" = podman ]; then
  install_missing runc
  # This sandbox refuses setrlimit: no default ulimits (only when the caller has no config of its own).
  if [ -z "${CONTAINERS_CONF:-}" ]; then
    conf="$(mktemp)"
    printf '[containers]\ndefault_ulimits = []\n' > "$conf"
    export CONTAINERS_CONF="$conf"
  fi
  run_engine=(podman --runtime "$(command -v runc)")
fi

# podman without systemd (a sandbox) cannot put healthchecks on timers and says so at each run,
# stop and removal; the check runs the healthcheck by hand, so those lines are only noise.
engine_run() {
  "${run_engine[@]}" "$@" 2> >(grep -v 'unable to get systemd connection' >&2)
}

cleanup() {
  "${run_engine[@]}" rm -f "$name" >/dev/null 2>&1 || true
  [ -n "${conf:-}" ] && rm -f "$conf"
}
trap cleanup EXIT

if [ -z "${BASE_IMAGE:-}" ]; then
  BASE_IMAGE="$local_base"
  if ! "${run_engine[@]}" image exists "$local_base" 2>/dev/null && ! "${run_engine[@]}" image inspect "$local_base" >/dev/null 2>&1; then
    install_missing mmdebstrap
    say "making a local base image from Debian's packages (openjdk-17-jre-headless; once, a few minutes)..."
    tar="$(mktemp --suffix=.tar)"
    mmdebstrap --quiet --variant=apt --include=openjdk-17-jre-headless,ca-certificates bookworm "$tar"
    "${run_engine[@]}" import --quiet "$tar" "$local_base" >/dev/null
    rm -f "$tar"
  fi
fi

if [ "${SKIP_BUILD:-}" != 1 ]; then
  say "building the distribution..."
  rm -f "$root"/cli/target/intervensi-*.tar.gz
  (cd "$root" && mvn -B -q -DskipTests package -pl cli -am)
fi

say "building the image $image on $BASE_IMAGE..."
build_flags=()
[ "$engine" = podman ] && build_flags+=(--format docker)
"${run_engine[@]}" build -q "${build_flags[@]}" --build-arg "BASE_IMAGE=$BASE_IMAGE" -f "$root/Containerfile" -t "$image" "$root" >/dev/null

say "starting it on 127.0.0.1:$port..."
started=$(date +%s%N)
run_flags=()
# podman runs a healthcheck on a systemd timer, and a sandbox without systemd has none: the check
# below runs it by hand instead.
[ "$engine" = podman ] && run_flags+=(--health-interval=disable)
engine_run run -d "${run_flags[@]}" --name "$name" -p "127.0.0.1:$port:8000" "$image" >/dev/null
ready=""
for _ in $(seq 1 600); do
  if curl -sf -o /dev/null "http://127.0.0.1:$port/readyz"; then ready=yes; break; fi
  sleep 0.1
done
[ -n "$ready" ] || { "${run_engine[@]}" logs "$name" >&2 || true; fail "/readyz did not turn ready within 60 s"; }
ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
say "ready ${ready_ms} ms after docker/podman run: $(curl -s "http://127.0.0.1:$port/readyz")"

answer="$(curl -s -w '\n%{http_code}' "http://127.0.0.1:$port/openai?username=Budi&emotion=bosan&classname=XII-IPA-1&subject=Fisika")"
status="${answer##*$'\n'}"
body="${answer%$'\n'*}"
[ "$status" = 200 ] || fail "GET /openai answered $status: $body"
case "$body" in
  *'"status":"success"'*Budi*) say "GET /openai: $body" ;;
  *) fail "GET /openai did not answer an intervention for Budi: $body" ;;
esac

uid="$("${run_engine[@]}" exec "$name" id -u)"
[ "$uid" != 0 ] || fail "the server runs as root"
say "runs as uid $uid"

if [ "$engine" = podman ]; then
  "${run_engine[@]}" healthcheck run "$name" >/dev/null || fail "the image's HEALTHCHECK failed"
  say "HEALTHCHECK passes"
fi

env_and_history="$("${run_engine[@]}" image inspect "$image" --format '{{json .Config.Env}}')$("${run_engine[@]}" history --no-trunc "$image" 2>/dev/null || true)"
case "$env_and_history" in
  *OPENAI_API_KEY=*|*INTERVENSI_API_TOKENS=*) fail "the image holds a secret setting: $env_and_history" ;;
esac
say "no secret in the image's environment or history"

engine_run stop -t 15 "$name" >/dev/null
code="$("${run_engine[@]}" inspect "$name" --format '{{.State.ExitCode}}')"
[ "$code" = 0 ] || fail "the server exited $code on stop, expected 0"
say "stops on SIGTERM with exit 0"
say "passed"
