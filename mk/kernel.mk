# SPDX-License-Identifier: MIT
#
# Out-of-tree kernel modules. scripts/kmod-build.sh builds uacce.ko and
# every module that links against it, in a copy of the sources per target
# kernel: $(BUILD)/kmod/debian for the Debian kernel ($(KDIR)), and
# $(BUILD)/kmod/debug for the debug kernel (mk/debug.mk).

KMOD_OUT := $(BUILD)/kmod/debian

.PHONY: modules checkpatch
all: modules

modules:
	+scripts/kmod-build.sh $(KDIR) $(KMOD_OUT)

# The .ko files of a build directory, for a VM image (after the build).
kmod_files = $(shell find $(1) -name '*.ko' | sort)

# Kernel style: checkpatch.pl from Debian's linux-source tarball.
CHECKPATCH_FILES = $(filter-out %.mod.c,$(wildcard kernel/*/*.[ch] tests/kernel/*/*.[ch] \
	include/linux/*.h include/uapi/misc/uacce/*.h))

checkpatch:
	scripts/checkpatch.sh $(CHECKPATCH_FILES)
