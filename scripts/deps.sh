#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Install the Debian packages the build, the VM harness and the tests need.
# Idempotent: does nothing when everything is already there.
set -eu

PKGS="build-essential make gcc clang libclang-rt-14-dev lld
      qemu-system-x86 busybox-static cpio kmod
      linux-headers-amd64 linux-source
      zlib1g-dev libisal-dev isal libdeflate-dev libdeflate-tools
      libssl-dev pigz gzip python3 perl xz-utils bc
      flex bison libelf-dev git file"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q "install ok installed" || missing="$missing $p"
done

if [ -n "$missing" ]; then
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing
fi
