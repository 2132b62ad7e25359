#!/usr/bin/env bash
# Start the services the test suite needs, when they are not running yet.
set -uo pipefail
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Chromium from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "warning: could not install chromium"
fi
if ! command -v java >/dev/null; then
  echo "installing Java 17 from Debian's packages (the Spark engine)"
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null) || echo "warning: could not install Java"
fi
exit 0
