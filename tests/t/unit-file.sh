#!/bin/sh
# unit-file.sh — the systemd units: Type=notify with a watchdog, reload by
# SIGHUP, state and config directories, and hardening that
# `systemd-analyze security --offline=yes` rates 1.5 or better.
. "$TOP/tests/lib/tap.sh"
unit=$TOP/daemon/feedd.service
for line in Type=notify WatchdogSec= 'ExecReload=/bin/kill -HUP $MAINPID' \
    DynamicUser=yes StateDirectory=feedd ConfigurationDirectory=feedd; do
	check "feedd.service has $line" grep -q "^$line" "$unit"
done
check "feedd.socket listens on the default address" \
    grep -q '^ListenStream=127.0.0.1:8080$' "$TOP/daemon/feedd.socket"
if command -v systemd-analyze >/dev/null; then
	cp "$unit" "$T/feedd.service"
	systemd-analyze security --offline=yes "$T/feedd.service" >"$T/sec" 2>&1
	level=$(sed -n 's/.*Overall exposure level for feedd.service: \([0-9.]*\).*/\1/p' "$T/sec")
	check "systemd-analyze rates the exposure ($level) at 1.5 or below" \
	    awk -v l="$level" 'BEGIN { exit !(l != "" && l <= 1.5) }'
	systemd-analyze verify --man=no "$T/feedd.service" >"$T/verify" 2>&1
	check "systemd-analyze verify finds nothing but the missing binary" \
	    sh -c "! grep -v 'feedd: No such file\|Command /usr/local/bin/feedd\|is not executable' '$T/verify' | grep -q ."
else
	notok "systemd-analyze is installed (package systemd)"
fi
finish
