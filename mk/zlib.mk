# SPDX-License-Identifier: MIT
#
# libz.so.1 on top of libwarp (issue 6): a zlib-ABI library that unmodified
# programs use by LD_PRELOAD or in place of the system zlib.
#
#   make zlib         $(BUILD)/zlib/libz.so.1 (and libz.so for -lz), plus
#                     libwarpz.a for static programs (system zlib inside)
#   make check-zlib   every zlib test; last line "N passed, N failed"
#   make bench-zlib   real programs with and without the library
#
# Uses libwarp's objects as mk/user.mk builds them (WARP_PIC_OBJS,
# WARP_ST_OBJS), with their zlib calls renamed to warpz_sys_* so that they
# reach the system zlib, never this library.

BUILD ?= build
WZ_O := $(BUILD)/zlib
WZ_CC ?= $(if $(CC),$(CC),gcc)
WZ_CLANG ?= clang-14
WZ_FUZZ_TIME ?= 20
WZ_MULTIARCH := $(shell $(WZ_CC) -print-multiarch 2>/dev/null)

WZ_SRCS := $(sort $(wildcard zlib/*.c))
WZ_HDRS := $(wildcard zlib/*.h) $(wildcard include/warp/*.h)
WZ_CPPFLAGS := -D_GNU_SOURCE -I include -I zlib \
	$(if $(WZ_MULTIARCH),-DWARPZ_MULTIARCH='"$(WZ_MULTIARCH)"')
WZ_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter \
	-Wno-sign-compare -Werror -pthread -fvisibility=hidden
WZ_LIBS := -lisal -ldeflate -ldl -pthread

WZ_PIC_OBJS := $(patsubst %.c,$(WZ_O)/pic/%.o,$(WZ_SRCS))
WZ_ST_OBJS := $(patsubst %.c,$(WZ_O)/static/%.o,$(WZ_SRCS))
WZ_WARP_PIC := $(patsubst $(WARP_O)/pic/%,$(WZ_O)/warp-pic/%,$(WARP_PIC_OBJS))
WZ_WARP_ST := $(patsubst $(WARP_O)/static/%,$(WZ_O)/warp-static/%, \
	$(WARP_ST_OBJS))
WZ_RENAME := $(WZ_O)/rename.syms
WZ_RENAME_WARP := $(WZ_O)/rename-warp.syms
WZ_SO := $(WZ_O)/libz.so.1
WZ_A := $(WZ_O)/libwarpz.a
WZ_SYS_A ?= $(firstword $(wildcard /usr/lib/$(WZ_MULTIARCH)/libz.a \
	/usr/lib/libz.a))
WZ_EXAMPLES ?= /usr/share/doc/zlib1g-dev/examples
WZ_T := $(WZ_O)/tests
WZ_TEST_BINS := $(WZ_T)/example $(WZ_T)/minigzip $(WZ_T)/zdiff \
	$(WZ_T)/zdiff-sys $(WZ_T)/zapi $(WZ_T)/zlib_vm_demo \
	$(WZ_T)/zlib_vm_demo-static
WZ_FUZZ := $(WZ_T)/fuzz_zinflate
WZ_ASAN_BINS := $(WZ_T)/zdiff-asan $(WZ_T)/zapi-asan

.PHONY: zlib check-zlib bench-zlib clean-zlib
all: zlib
check: check-zlib

zlib: $(WZ_SO) $(WZ_O)/libz.so $(WZ_A)

$(WZ_RENAME): zlib/sysfn.h
	@mkdir -p $(@D)
	sed -n 's/^WZ_FN(\(.*\))$$/\1 warpz_sys_\1/p' $< > $@

# libwarp's objects also allocate through zlib/alloc.c.
$(WZ_RENAME_WARP): $(WZ_RENAME) mk/zlib.mk
	cp $< $@
	for f in malloc calloc realloc free aligned_alloc posix_memalign; do echo "$$f warpz_$$f"; done >> $@

$(WZ_O)/pic/%.o: %.c $(WZ_HDRS)
	@mkdir -p $(@D)
	$(WZ_CC) $(WZ_CPPFLAGS) $(WZ_CFLAGS) -fPIC -c -o $@ $<

$(WZ_O)/static/%.o: %.c $(WZ_HDRS)
	@mkdir -p $(@D)
	$(WZ_CC) $(WZ_CPPFLAGS) $(WZ_CFLAGS) -DWARPZ_STATIC_SYS -c -o $@ $<

$(WZ_O)/warp-pic/%.o: $(WARP_O)/pic/%.o $(WZ_RENAME_WARP)
	@mkdir -p $(@D)
	objcopy --redefine-syms=$(WZ_RENAME_WARP) $< $@

$(WZ_O)/warp-static/%.o: $(WARP_O)/static/%.o $(WZ_RENAME_WARP)
	@mkdir -p $(@D)
	objcopy --redefine-syms=$(WZ_RENAME_WARP) $< $@

$(WZ_SO): $(WZ_PIC_OBJS) $(WZ_WARP_PIC) zlib/libz.map
	$(WZ_CC) -shared -Wl,-soname,libz.so.1 \
		-Wl,--version-script=zlib/libz.map -Wl,-z,defs \
		-Wl,-z,nodelete -o $@ $(WZ_PIC_OBJS) $(WZ_WARP_PIC) $(WZ_LIBS)

$(WZ_O)/libz.so: $(WZ_SO)
	ln -sf libz.so.1 $@

# Static: our objects, libwarp without ISA-L, and the system libz.a with
# every zlib name renamed, as the "system zlib" of the fallback paths.
$(WZ_A): $(WZ_ST_OBJS) $(WZ_WARP_ST) $(WZ_RENAME)
	rm -rf $(WZ_O)/libz-a && mkdir -p $(WZ_O)/libz-a
	cd $(WZ_O)/libz-a && ar x $(WZ_SYS_A)
	for o in $(WZ_O)/libz-a/*.o; do \
		objcopy --redefine-syms=$(WZ_RENAME) $$o || exit 1; done
	rm -f $@
	ar rcs $@ $(WZ_ST_OBJS) $(WZ_WARP_ST) $(WZ_O)/libz-a/*.o

# ---- tests ----

WZ_TEST_CFLAGS := -D_GNU_SOURCE -O2 -g -Wall -Wno-unused-parameter -pthread
WZ_RPATH := -Wl,-rpath,$(abspath $(WZ_O))

$(WZ_T)/%.c: $(WZ_EXAMPLES)/%.c
	@mkdir -p $(@D)
	cp $< $@

$(WZ_T)/%.c: $(WZ_EXAMPLES)/%.c.gz
	@mkdir -p $(@D)
	gzip -dc $< > $@

$(WZ_T)/example $(WZ_T)/minigzip: $(WZ_T)/%: $(WZ_T)/%.c $(WZ_O)/libz.so
	$(WZ_CC) -O2 -w -o $@ $< -L$(WZ_O) -lz $(WZ_RPATH)

$(WZ_T)/zdiff: tests/zlib/zdiff.c tests/zlib/zt.h $(WZ_O)/libz.so
	@mkdir -p $(@D)
	$(WZ_CC) $(WZ_TEST_CFLAGS) -o $@ $< -L$(WZ_O) -lz -ldl $(WZ_RPATH)

# The same differential test against the system zlib alone: its
# expectations hold for the reference too.
$(WZ_T)/zdiff-sys: tests/zlib/zdiff.c tests/zlib/zt.h
	@mkdir -p $(@D)
	$(WZ_CC) $(WZ_TEST_CFLAGS) -o $@ $< -lz -ldl

$(WZ_T)/zapi: tests/zlib/zapi.c tests/zlib/zt.h $(WZ_O)/libz.so
	@mkdir -p $(@D)
	$(WZ_CC) $(WZ_TEST_CFLAGS) -o $@ $< -L$(WZ_O) -lz -ldl $(WZ_RPATH)

$(WZ_T)/zlib_vm_demo: tests/zlib/zlib_vm_demo.c $(WZ_O)/libz.so
	@mkdir -p $(@D)
	$(WZ_CC) $(WZ_TEST_CFLAGS) -o $@ $< -L$(WZ_O) -lz $(WZ_RPATH)

# How the VM test links it: static, with libwarpz.a in place of -lz.
$(WZ_T)/zlib_vm_demo-static: tests/zlib/zlib_vm_demo.c $(WZ_A)
	@mkdir -p $(@D)
	$(WZ_CC) $(WZ_TEST_CFLAGS) -DWARPZ_STATIC_DEMO -static -o $@ $< \
		$(WZ_A) -ldeflate \
		-pthread

$(WZ_FUZZ): tests/zlib/fuzz_zinflate.c $(WZ_SRCS) $(WZ_HDRS) $(WZ_WARP_PIC)
	@mkdir -p $(@D)
	$(WZ_CLANG) $(WZ_CPPFLAGS) -std=gnu11 -O1 -g -pthread \
		-fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -o $@ $< $(WZ_SRCS) \
		$(WZ_WARP_PIC) $(WZ_LIBS)

# The library's sources built into the tests with ASan and UBSan.
$(WZ_T)/%-asan: tests/zlib/%.c tests/zlib/zt.h $(WZ_SRCS) $(WZ_HDRS) \
		$(WZ_WARP_PIC)
	@mkdir -p $(@D)
	$(WZ_CLANG) $(WZ_CPPFLAGS) -std=gnu11 -O1 -g -pthread \
		-fsanitize=address,undefined -fno-sanitize-recover=undefined \
		-fno-omit-frame-pointer -o $@ $< $(WZ_SRCS) $(WZ_WARP_PIC) \
		$(WZ_LIBS)

check-zlib: $(WZ_SO) $(WZ_A) $(WZ_TEST_BINS) $(WZ_FUZZ) $(WZ_ASAN_BINS)
	WZ_O=$(WZ_O) WZ_FUZZ_TIME=$(WZ_FUZZ_TIME) tests/zlib/run.sh

bench-zlib: $(WZ_SO)
	tests/zlib/bench.sh $(WZ_SO)

clean-zlib:
	rm -rf $(WZ_O)
