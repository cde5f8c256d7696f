# shellcheck shell=bash
# Shared set-up for ./test.sh and ./run.sh. Source it, then call `bootstrap`.
# Idempotent: on a machine that already has everything it only runs `dotnet restore`.
#   - apt-get: ffmpeg, chromium, openssl, python3 (and Node.js/npm if absent), only when missing
#   - npm ci: the pinned local services (Azurite, maildev) from package-lock.json, only when stale
#   - dotnet restore VideoGen.sln

VIDEOGEN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export VIDEOGEN_ROOT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export npm_config_update_notifier=false

bootstrap_log() { printf 'bootstrap: %s\n' "$*"; }

bootstrap_apt_install() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "bootstrap: need root or sudo to apt-get install $*" >&2; return 1; }
    sudo=(sudo)
  fi
  local log
  log="$(mktemp -t videogen-apt.XXXXXX.log)"
  bootstrap_log "apt-get install $* (log: $log)"
  if ! { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
         "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"; } \
       >"$log" 2>&1 </dev/null; then
    tail -n 40 "$log" >&2
    echo "bootstrap: apt-get install $* failed (full log: $log)" >&2
    return 1
  fi
}

bootstrap_system_packages() {
  local missing=()
  command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
  [ -x /usr/bin/chromium ] || missing+=(chromium)   # the review page's browser test (Playwright drives Debian's Chromium)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    bootstrap_apt_install "${missing[@]}"
  else
    bootstrap_log "ffmpeg, chromium, openssl, python3, node and npm present"
  fi
  command -v dotnet >/dev/null 2>&1 || {
    echo "bootstrap: the .NET SDK (dotnet, version 10) is not on PATH; install it first" >&2
    return 1
  }
}

bootstrap_npm() {
  local root="$VIDEOGEN_ROOT"
  if [ -x "$root/node_modules/.bin/azurite" ] && [ -f "$root/node_modules/.package-lock.json" ] &&
     [ "$root/package-lock.json" -ot "$root/node_modules/.package-lock.json" ]; then
    bootstrap_log "node_modules up to date"
  else
    bootstrap_log "npm ci"
    (cd "$root" && npm ci --no-audit --no-fund)
  fi
}

bootstrap_dotnet_restore() {
  bootstrap_log "dotnet restore VideoGen.sln"
  (cd "$VIDEOGEN_ROOT" && dotnet restore VideoGen.sln --verbosity quiet)
}

# wait_for_port HOST PORT WHAT [LOG] [PID]: waits until HOST:PORT accepts TCP connections, for at most
# $WAIT_FOR_PORT_TIMEOUT seconds (default 60). On time-out, or as soon as process PID (if given) has exited, prints an
# error naming WHAT, HOST:PORT and the last lines of LOG (if given), and returns 1.
wait_for_port() {
  local host="$1" port="$2" what="$3" log="${4:-}" pid="${5:-}"
  local limit="${WAIT_FOR_PORT_TIMEOUT:-60}"
  local deadline=$((SECONDS + limit)) why=""
  # A subshell opens the connection through bash's /dev/tcp and closes it on exit; `timeout` bounds a connect that hangs.
  # shellcheck disable=SC2016 # $0 and $1 are the inner shell's arguments
  until timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      why="its process $pid exited"
    elif [ "$SECONDS" -ge "$deadline" ]; then
      why="nothing accepted connections within $limit s"
    else
      sleep 0.2
      continue
    fi
    echo "wait_for_port: $what is not listening on $host:$port: $why" >&2
    if [ -n "$log" ] && [ -f "$log" ]; then
      echo "wait_for_port: last lines of $log:" >&2
      tail -n 20 "$log" >&2
    fi
    return 1
  done
}

bootstrap() {
  bootstrap_system_packages
  bootstrap_npm
  bootstrap_dotnet_restore
}
