# SPDX-License-Identifier: MIT
#
# The VM suite on the debug kernel (KASAN, lockdep, kmemleak, UBSAN, ...:
# kernel/config/debug.config), and a test that the debug kernel's checks do
# catch bugs: a deliberately broken build of the test driver must fail.
#
#   make vm-check-debug [VM_TESTS="prog ..."]
#   make vm-check-checker

DEBUG_KMOD_OUT := $(BUILD)/kmod/debug

.PHONY: vm-check-debug vm-check-checker
check: vm-check-debug vm-check-checker

vm-check-debug: vm-progs
	+kdir=$$(scripts/vm/debug-kernel.sh) && \
	scripts/kmod-build.sh $$kdir $(DEBUG_KMOD_OUT) && \
	scripts/vm/initramfs.sh $(VM_DIR)/initramfs-debug.cpio.gz \
		--modules "$$(find $(DEBUG_KMOD_OUT) -name '*.ko' | sort)" \
		--tests "$(VM_PROGS)" --tools "$(VM_TOOLS)" --bins "$(VM_BINS)" \
		--demo tests/vm/demo.sh && \
	scripts/vm/run.sh --kernel $$kdir/arch/x86/boot/bzImage \
		--initrd $(VM_DIR)/initramfs-debug.cpio.gz --mode test \
		--append uacce.kmemleak=1 --mem 2048 \
		--expect "$(if $(VM_TESTS),$(VM_TESTS),$(VM_TEST_NAMES))" \
		--only "$(VM_TESTS)" --timeout $(VM_TIMEOUT) \
		--logdir $(VM_DIR)/log-debug

vm-check-checker: $(BUILD)/vm/tests/uacce_queue
	+scripts/vm/check-checker.sh $(BUILD) $(BUILD)/vm/tests/uacce_queue
