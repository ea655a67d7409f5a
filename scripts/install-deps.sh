#!/bin/sh
# Installs the Debian packages StructD builds and tests with, if any are missing:
#   liblua5.3-dev lua-cjson-dev        scripting (Lua 5.3 plus the cjson and bit libraries;
#   lua-bitop-dev                      the -dev packages give the unversioned .so names the
#                                      linker is asked for, and pull in lua-cjson, lua-bitop)
#   libssl-dev                         TLS
#   openssl                            the openssl command (scripts/gen-test-certs.sh)
#   python3-redis                      redis-py, a TLS client in the tests
#   pkg-config                         locates both for SwiftPM
#   redis-server redis-tools           the oracle of differential tests, redis-cli,
#                                      redis-benchmark, redis-check-rdb
# Quiet and quick when everything is present. Runs apt-get as root, or through sudo; otherwise
# names the packages and exits 1. Debian's redis-server service is never left running: the
# tests start their own servers on free ports.
set -eu

PACKAGES="liblua5.3-dev lua-cjson lua-bitop lua-cjson-dev lua-bitop-dev libssl-dev openssl pkg-config redis-server redis-tools python3-redis"

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: not a Debian system (no dpkg-query/apt-get)." >&2
    echo "install-deps: install these packages or their equivalents: $PACKAGES" >&2
    exit 1
fi

missing=""
for package in $PACKAGES; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing="$missing $package"
done
[ -n "$missing" ] || exit 0

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
    as_root="sudo"
else
    echo "install-deps: missing Debian packages:$missing" >&2
    echo "install-deps: run as root (or with sudo): apt-get install -y$missing" >&2
    exit 1
fi

echo "install-deps: installing$missing"

redis_was_installed=yes
case " $missing " in *" redis-server "*) redis_was_installed=no ;; esac

# Ask Debian's maintainer scripts not to start services during this install (policy-rc.d
# exit 101 = "action forbidden"), unless the machine already has a policy of its own.
policy=/usr/sbin/policy-rc.d
own_policy=no
if [ ! -e "$policy" ]; then
    $as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
    own_policy=yes
fi
cleanup() {
    if [ "$own_policy" = yes ]; then $as_root rm -f "$policy"; fi
}
trap cleanup EXIT INT TERM

apt_install() {
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}
# shellcheck disable=SC2086 # $missing is a list of package names
if ! apt_install $missing; then
    # Package lists missing or stale (fresh container): refresh once and retry.
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    apt_install $missing
fi

# A redis-server we just installed must not keep running or start at boot. Only Debian's
# service is touched (by its unit or init script), never a redis-server somebody started.
if [ "$redis_was_installed" = no ]; then
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
        $as_root systemctl disable --now redis-server >/dev/null 2>&1 || true
    else
        if [ -x /etc/init.d/redis-server ]; then
            $as_root /etc/init.d/redis-server stop >/dev/null 2>&1 || true
        fi
        if command -v update-rc.d >/dev/null 2>&1; then
            $as_root update-rc.d redis-server disable >/dev/null 2>&1 || true
        fi
    fi
fi

still=""
for package in $PACKAGES; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    [ "$status" = "installed" ] || still="$still $package"
done
if [ -n "$still" ]; then
    echo "install-deps: still missing after apt-get:$still" >&2
    exit 1
fi
echo "install-deps: done"
