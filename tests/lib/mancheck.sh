#!/bin/sh
# mancheck.sh — the manual pages lint clean and describe everything the
# code knows: every key of conf.c's table in feeds.conf(5) and in the
# shipped feeds.conf, every command of main.c in feedd(8).
set -u
cd "$TOP" || exit 1
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }

for page in man/*.[0-9]; do
	if command -v mandoc >/dev/null; then
		out=$(mandoc -Tlint -W warning "$page" 2>&1)
		if [ -z "$out" ]; then ok "mandoc -Tlint $page"; else
			notok "mandoc -Tlint $page"; echo "$out" | sed 's/^/# /'; fi
	fi
done
keys=$(sed -n 's/^[[:space:]]*{ "\([a-z_]*\)",.*/\1/p' daemon/conf.c)
[ -n "$keys" ] || notok "found the config keys in daemon/conf.c"
for k in $keys; do
	if grep -q "^\.It Ic $k " man/feeds.conf.5; then
		ok "feeds.conf(5) documents $k"
	else
		notok "feeds.conf(5) documents $k"
	fi
	if grep -Eq "^#? *$k +=" feeds.conf; then
		ok "shipped feeds.conf shows $k"
	else
		notok "shipped feeds.conf shows $k"
	fi
done
cmds=$(sed -n 's/.*strcmp(cmd, "\([a-z-]*\)").*/\1/p' daemon/main.c)
[ -n "$cmds" ] || notok "found the commands in daemon/main.c"
for c in $cmds; do
	if grep -q "^\.It Cm $c" man/feedd.8; then
		ok "feedd(8) documents $c"
	else
		notok "feedd(8) documents $c"
	fi
done
echo "1..$n"
