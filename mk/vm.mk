# SPDX-License-Identifier: MIT
#
# The test VM: static test programs (every tests/kernel/*.c is one), the
# initramfs, and the runs.
#
#   make vm-check [VM_TESTS="prog ..."]   run the VM suite (or some of it)
#   make demo                             boot the VM in demo mode

VM_DIR := $(BUILD)/vm
VM_TEST_SRCS := $(sort $(wildcard tests/kernel/*.c))
VM_TEST_NAMES := $(basename $(notdir $(VM_TEST_SRCS)))
VM_PROGS := $(addprefix $(VM_DIR)/tests/,$(VM_TEST_NAMES))
VM_TEST_HDRS := $(wildcard tests/kernel/*.h tests/kernel/*/*_uapi.h \
	include/uapi/misc/uacce/*.h)
VM_CFLAGS := -static -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE \
	-I include/uapi -I tests/kernel -I tests/kernel/mock -pthread
VM_TESTS ?=
VM_TIMEOUT ?= 1200
# The zlib-compatible library on the device: static, libwarpz.a for -lz.
# (mk/zlib.mk is read after this file, hence the spelled-out path.)
$(VM_DIR)/tests/zlib_%: tests/kernel/zlib_%.c $(VM_TEST_HDRS) \
		$(BUILD)/zlib/libwarpz.a
	@mkdir -p $(@D)
	$(CC) $(VM_CFLAGS) -o $@ $< $(BUILD)/zlib/libwarpz.a -ldeflate

# Tools for the image (dynamic ones bring their libraries along).
VM_TOOLS += $(VM_DIR)/tools/uacce-probe $(WARP_BIN)
# Host programs the guest tests cross-check against.
VM_BINS := /usr/bin/pigz /usr/bin/igzip

.PHONY: vm-progs vm-image vm-check demo
all: vm-progs

vm-progs: $(VM_PROGS) $(VM_TOOLS)

$(VM_DIR)/tests/%: tests/kernel/%.c $(VM_TEST_HDRS)
	@mkdir -p $(@D)
	$(CC) $(VM_CFLAGS) -o $@ $< -lz

# Tests of libwarp on the device: linked with libwarp.a, and dynamically
# with the engines' libraries (Debian has no static ISA-L).
$(VM_DIR)/tests/warp_%: tests/kernel/warp_%.c $(VM_TEST_HDRS) $(WARP_A)
	@mkdir -p $(@D)
	$(CC) $(filter-out -static,$(VM_CFLAGS)) -I include -o $@ $< \
		$(WARP_A) $(WARP_LIBS)

$(VM_DIR)/tools/uacce-probe: tools/uacce-probe.c include/uapi/misc/uacce/uacce.h
	@mkdir -p $(@D)
	$(CC) $(VM_CFLAGS) -o $@ $<

VM_KERNEL = $(shell scripts/vm/kernel.sh)

vm-image: modules vm-progs
	scripts/vm/initramfs.sh $(VM_DIR)/initramfs.cpio.gz \
		--modules "$(call kmod_files,$(KMOD_OUT))" --tests "$(VM_PROGS)" \
		--tools "$(VM_TOOLS)" --bins "$(VM_BINS)" \
		--demo tests/vm/demo.sh

vm-check: vm-image
	scripts/vm/run.sh --kernel $(VM_KERNEL) \
		--initrd $(VM_DIR)/initramfs.cpio.gz --mode test \
		--expect "$(if $(VM_TESTS),$(VM_TESTS),$(VM_TEST_NAMES))" \
		--only "$(VM_TESTS)" --timeout $(VM_TIMEOUT) \
		--logdir $(VM_DIR)/log-test

demo: vm-image $(WARP_BIN)
	scripts/vm/run.sh --kernel $(VM_KERNEL) \
		--initrd $(VM_DIR)/initramfs.cpio.gz --mode demo \
		--timeout $(VM_TIMEOUT) --logdir $(VM_DIR)/log-demo
	scripts/demo-host.sh $(WARP_BIN)

check: checkpatch vm-check
