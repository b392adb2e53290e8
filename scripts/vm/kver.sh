#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Print the kernel release the modules are built for: the one whose
# headers the linux-headers-amd64 metapackage pulled in (newest wins).
set -eu

if [ -n "${UACCE_KVER:-}" ]; then
	echo "$UACCE_KVER"
	exit 0
fi
ls -d /usr/src/linux-headers-*-amd64 2>/dev/null |
	sed 's|.*/linux-headers-||' | sort -V | tail -n 1 | grep . ||
	{ echo "kver: no linux-headers-*-amd64 installed" >&2; exit 1; }
