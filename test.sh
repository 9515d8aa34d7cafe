#!/usr/bin/env bash
# Installs the test peers, builds, runs every test project and ends with one line:
#   N passed, N failed, N skipped
# Under CI (CI=true, root) nothing is skipped: a test that cannot get its peer fails.
set -uo pipefail
cd "$(dirname "$0")"

# Debian packages the suites drive as real peers.
readonly PEERS=(unbound bind9-dnsutils knot-dnsutils dnsperf iproute2 procps openssl curl python3 iputils-ping bird2 gobgpd frr ngtcp2-client ngtcp2-server)

install_peers() {
  local missing=()
  for package in "${PEERS[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: missing packages ${missing[*]} and not root to install them" >&2
    return 1
  fi
  echo "test.sh: installing ${missing[*]}"
  local apt=(apt-get -o DPkg::Lock::Timeout=300 -q)
  "${apt[@]}" update >/dev/null &&
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null
}

install_peers || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! dotnet build Gate64.slnx -c Release -v quiet -nologo; then
  echo "test.sh: build failed" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

results=artifacts/test-results
rm -rf "$results"
projects=(tests/*/*.Tests.csproj tests/*/*.FunctionalTests.csproj)
status=0
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build -nologo \
    --blame-hang-timeout 10m \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=1
done

# Sum the counters of every TRX file; a project without one crashed and counts as a failure.
passed=0 failed=0 skipped=0
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then
    echo "test.sh: $name produced no results" >&2
    failed=$((failed + 1)); status=1; continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(attr passed)))
  failed=$((failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted)))
  skipped=$((skipped + $(attr notExecuted)))
done
if [ "${CI:-}" = "true" ] && [ "$skipped" -ne 0 ]; then
  echo "test.sh: $skipped tests were skipped under CI; that is a failure" >&2
  status=1
fi
[ "$failed" -ne 0 ] && status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
