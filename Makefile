# SPDX-License-Identifier: MIT
#
# uacce: the whole tree is built from here.
#
#   make            build the kernel modules, the VM test programs and the
#                   user-space library and tools
#   make demo       the main job: build, boot the VM, show uacce at work
#   make check      every test (kernel style, VM suite, host tests)
#
# scripts/demo.sh and scripts/check.sh install the Debian packages first
# and then run these; on a machine that already has them, make is enough.

BUILD ?= build
KVER ?= $(shell scripts/vm/kver.sh)
KDIR ?= /usr/src/linux-headers-$(KVER)
UACCE_CACHE ?= /var/cache/uacce

CC ?= gcc

.PHONY: all check demo clean
all:

include $(sort $(wildcard mk/*.mk))

clean::
	rm -rf $(BUILD)
