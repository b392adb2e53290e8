# SPDX-License-Identifier: MIT
#
# Out-of-tree kernel modules, built against $(KDIR): uacce.ko first, then
# every module that links against it (each directory with a Kbuild file
# under kernel/ and tests/kernel/).

KMOD_UACCE := kernel/uacce
KMOD_DIRS := $(filter-out $(KMOD_UACCE), \
	$(patsubst %/Kbuild,%,$(wildcard kernel/*/Kbuild tests/kernel/*/Kbuild)))
KMOD_SYMVERS := $(CURDIR)/$(KMOD_UACCE)/Module.symvers
KMAKE = $(MAKE) -C $(KDIR) KCFLAGS=-Werror

.PHONY: modules modules-clean checkpatch
all: modules

modules:
	$(KMAKE) M=$(CURDIR)/$(KMOD_UACCE) modules
	@set -e; for d in $(KMOD_DIRS); do \
		$(KMAKE) M=$(CURDIR)/$$d \
			KBUILD_EXTRA_SYMBOLS=$(KMOD_SYMVERS) modules; \
	done

# The .ko files, for the VM image (exist after 'make modules').
KMOD_FILES = $(wildcard $(KMOD_UACCE)/*.ko $(addsuffix /*.ko,$(KMOD_DIRS)))

modules-clean:
	@for d in $(KMOD_UACCE) $(KMOD_DIRS); do \
		$(MAKE) -C $(KDIR) M=$(CURDIR)/$$d clean; \
	done
clean:: modules-clean

# Kernel style: checkpatch.pl from Debian's linux-source tarball.
CHECKPATCH_FILES = $(wildcard kernel/*/*.[ch] tests/kernel/*/*.[ch] \
	include/linux/*.h include/uapi/misc/uacce/*.h)

checkpatch:
	scripts/checkpatch.sh $(CHECKPATCH_FILES)
