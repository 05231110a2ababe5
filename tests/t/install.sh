#!/bin/sh
# install.sh — make install honours DESTDIR, PREFIX and SYSCONFDIR, never
# overwrites an existing feeds.conf, and make uninstall reverses it.
. "$TOP/tests/lib/tap.sh"

root=$T/root
inst() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$TOP" "$@" DESTDIR="$root" PREFIX=/usr SYSCONFDIR=/etc >"$T/make.log" 2>&1; }
check "make install succeeds" inst install
for f in usr/bin/feedd usr/share/man/man8/feedd.8 usr/share/man/man5/feeds.conf.5 \
    usr/lib/systemd/system/feedd.service usr/lib/systemd/system/feedd.socket \
    etc/feedd/feeds.conf; do
	check "installs /$f" test -s "$root/$f"
done
check "the binary runs" "$root/usr/bin/feedd" -c "$root/etc/feedd/feeds.conf" check
check "the unit points at the installed binary" \
    grep -q '^ExecStart=/usr/bin/feedd -c /etc/feedd/feeds.conf run' \
    "$root/usr/lib/systemd/system/feedd.service"
echo "# mine" >>"$root/etc/feedd/feeds.conf"
inst install
check "a second install keeps the edited feeds.conf" grep -q '^# mine' "$root/etc/feedd/feeds.conf"
check "make uninstall succeeds" inst uninstall
check "uninstall removes the binary" test ! -e "$root/usr/bin/feedd"
check "uninstall removes the units" test ! -e "$root/usr/lib/systemd/system/feedd.service" -o \
    -e "$root/usr/lib/systemd/system/feedd.socket"
check "uninstall keeps the user's config" test -e "$root/etc/feedd/feeds.conf"
finish
