# SPDX-License-Identifier: MIT
#
# libwarp, the warp command, their host tests, fuzz targets and benchmark.
#
#   make user          libwarp.so/.a, warp, warp.pc      (in $(BUILD)/user)
#   make warp-static   a static warp (no ISA-L: libdeflate + zlib engine)
#   make check-user    host tests, ASan/UBSan run, compat tests, fuzzing
#   make bench-user    the benchmark table (bench/run.sh)
#   make install-user  PREFIX=/usr/local DESTDIR=
#
# Works on its own too: make -f mk/user.mk <target>.

BUILD ?= build
CC ?= gcc

WARP_O := $(BUILD)/user
WARP_SOVER := 0
WARP_CC := $(CC)
WARP_CLANG ?= clang
WARP_FUZZ_TIME ?= 20
WARP_PREFIX ?= $(if $(PREFIX),$(PREFIX),/usr/local)

WARP_WARN := -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare \
	-Wno-missing-field-initializers -Wno-format-truncation
WARP_CPPFLAGS := -D_GNU_SOURCE -I include -I include/uapi
WARP_CFLAGS := -std=gnu11 -O2 -g $(WARP_WARN) -Werror -pthread \
	-fvisibility=hidden
WARP_LIBS := -lisal -ldeflate -lz -pthread
WARP_STATIC_LIBS := -ldeflate -lz -pthread

WARP_LIB_SRCS := $(sort $(wildcard lib/core/*.c lib/drivers/*.c \
	lib/engines/*.c))
WARP_HDRS := $(wildcard include/warp/*.h lib/*.h lib/*/*.h \
	include/uapi/misc/uacce/*.h)
WARP_PIC_OBJS := $(patsubst %.c,$(WARP_O)/pic/%.o,$(WARP_LIB_SRCS))
WARP_OBJS := $(patsubst %.c,$(WARP_O)/obj/%.o,$(WARP_LIB_SRCS))
WARP_ST_OBJS := $(patsubst %.c,$(WARP_O)/static/%.o,$(WARP_LIB_SRCS))
WARP_TOOL_SRCS := $(sort $(wildcard tools/warp/*.c))
WARP_TEST_SRCS := $(sort $(wildcard tests/lib/*.c))
WARP_FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
WARP_FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(WARP_O)/fuzz/%, \
	$(WARP_FUZZ_SRCS))

WARP_SO := $(WARP_O)/libwarp.so.$(WARP_SOVER)
WARP_A := $(WARP_O)/libwarp.a
WARP_BIN := $(WARP_O)/warp
WARP_PC := $(WARP_O)/warp.pc
WARP_TEST_BIN := $(WARP_O)/tests/warp-tests
WARP_ASAN_BIN := $(WARP_O)/tests/warp-tests-asan

.PHONY: user warp-static check-user check-user-unit check-user-asan \
	check-user-compat check-user-fuzz check-user-abi bench-user \
	install-user clean-user
all: user
check: check-user

user: $(WARP_SO) $(WARP_A) $(WARP_BIN) $(WARP_PC)

$(WARP_O)/pic/%.o: %.c $(WARP_HDRS)
	@mkdir -p $(@D)
	$(WARP_CC) $(WARP_CPPFLAGS) $(WARP_CFLAGS) -fPIC -c -o $@ $<

$(WARP_O)/obj/%.o: %.c $(WARP_HDRS)
	@mkdir -p $(@D)
	$(WARP_CC) $(WARP_CPPFLAGS) $(WARP_CFLAGS) -c -o $@ $<

$(WARP_O)/static/%.o: %.c $(WARP_HDRS)
	@mkdir -p $(@D)
	$(WARP_CC) $(WARP_CPPFLAGS) $(WARP_CFLAGS) -DWARP_HAVE_ISAL=0 -c -o $@ $<

$(WARP_SO): $(WARP_PIC_OBJS) lib/libwarp.map
	$(WARP_CC) -shared -Wl,-soname,libwarp.so.$(WARP_SOVER) \
		-Wl,--version-script=lib/libwarp.map -Wl,-z,defs \
		-o $@ $(WARP_PIC_OBJS) $(WARP_LIBS)
	ln -sf libwarp.so.$(WARP_SOVER) $(WARP_O)/libwarp.so

$(WARP_A): $(WARP_OBJS)
	rm -f $@
	ar rcs $@ $^

$(WARP_BIN): $(WARP_TOOL_SRCS) $(WARP_A) $(WARP_HDRS) $(wildcard tools/warp/*.h)
	$(WARP_CC) $(WARP_CPPFLAGS) -DWARP_HAVE_ISAL=1 $(WARP_CFLAGS) \
		-o $@ $(WARP_TOOL_SRCS) \
		$(WARP_A) $(WARP_LIBS) -lm

warp-static: $(WARP_O)/warp-static
$(WARP_O)/warp-static: $(WARP_TOOL_SRCS) $(WARP_ST_OBJS) $(WARP_HDRS)
	$(WARP_CC) $(WARP_CPPFLAGS) $(WARP_CFLAGS) -DWARP_HAVE_ISAL=0 -static \
		-o $@ $(WARP_TOOL_SRCS) $(WARP_ST_OBJS) $(WARP_STATIC_LIBS) -lm

$(WARP_PC): lib/warp.pc.in
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(WARP_PREFIX)|' \
		-e 's|@VERSION@|$(shell sed -n 's/^#define WARP_VERSION_[A-Z]* //p' \
			include/warp/warp.h | paste -sd.)|' $< > $@

# ---- tests ----

$(WARP_TEST_BIN): $(WARP_TEST_SRCS) $(WARP_A) $(WARP_HDRS) tests/lib/tap.h
	@mkdir -p $(@D)
	$(WARP_CC) $(WARP_CPPFLAGS) -I lib $(WARP_CFLAGS) -o $@ \
		$(WARP_TEST_SRCS) $(WARP_A) $(WARP_LIBS)

$(WARP_ASAN_BIN): $(WARP_TEST_SRCS) $(WARP_LIB_SRCS) $(WARP_HDRS) tests/lib/tap.h
	@mkdir -p $(@D)
	$(WARP_CC) $(WARP_CPPFLAGS) -I lib $(WARP_CFLAGS) -O1 \
		-fsanitize=address,undefined -fno-sanitize-recover=undefined \
		-fno-omit-frame-pointer -o $@ $(WARP_TEST_SRCS) \
		$(WARP_LIB_SRCS) $(WARP_LIBS)

$(WARP_O)/fuzz/%: tests/fuzz/%.c $(WARP_LIB_SRCS) $(WARP_HDRS)
	@mkdir -p $(@D)
	$(WARP_CLANG) $(WARP_CPPFLAGS) -I lib -std=gnu11 -O1 -g -pthread \
		-fvisibility=hidden -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -o $@ $< $(WARP_LIB_SRCS) \
		$(WARP_LIBS)

# Every step prints TAP and "N passed, N failed"; the last line totals them.
check-user: $(WARP_TEST_BIN) $(WARP_ASAN_BIN) $(WARP_BIN) $(WARP_SO) \
		$(WARP_FUZZ_BINS)
	tests/lib/check.sh \
		"WARP_BIN=$(WARP_BIN) $(WARP_TEST_BIN)" \
		"tests/compat/abi.sh $(WARP_SO)" \
		"ASAN_OPTIONS=detect_leaks=1 WARP_TEST_QUICK=1 $(WARP_ASAN_BIN)" \
		"tests/compat/compat.sh $(WARP_BIN)" \
		"tests/fuzz/run.sh $(WARP_FUZZ_TIME) $(WARP_FUZZ_BINS)"

check-user-unit: $(WARP_TEST_BIN) $(WARP_BIN)
	WARP_BIN=$(WARP_BIN) $(WARP_TEST_BIN)

check-user-asan: $(WARP_ASAN_BIN) $(WARP_BIN)
	ASAN_OPTIONS=detect_leaks=1 WARP_BIN=$(WARP_BIN) WARP_TEST_QUICK=1 \
		$(WARP_ASAN_BIN)

check-user-abi: $(WARP_SO)
	tests/compat/abi.sh $(WARP_SO)

check-user-compat: $(WARP_BIN)
	tests/compat/compat.sh $(WARP_BIN)

check-user-fuzz: $(WARP_FUZZ_BINS)
	tests/fuzz/run.sh $(WARP_FUZZ_TIME) $(WARP_FUZZ_BINS)

bench-user: $(WARP_BIN)
	BENCH_OUT=$(abspath $(WARP_O))/bench.md bench/run.sh $(WARP_BIN)

install-user: user
	install -d $(DESTDIR)$(WARP_PREFIX)/lib $(DESTDIR)$(WARP_PREFIX)/bin \
		$(DESTDIR)$(WARP_PREFIX)/include/warp \
		$(DESTDIR)$(WARP_PREFIX)/lib/pkgconfig
	install -m 644 include/warp/*.h $(DESTDIR)$(WARP_PREFIX)/include/warp/
	install -m 755 $(WARP_SO) $(DESTDIR)$(WARP_PREFIX)/lib/
	ln -sf libwarp.so.$(WARP_SOVER) $(DESTDIR)$(WARP_PREFIX)/lib/libwarp.so
	install -m 644 $(WARP_A) $(DESTDIR)$(WARP_PREFIX)/lib/
	install -m 644 $(WARP_PC) $(DESTDIR)$(WARP_PREFIX)/lib/pkgconfig/
	install -m 755 $(WARP_BIN) $(DESTDIR)$(WARP_PREFIX)/bin/

clean-user:
	rm -rf $(WARP_O)
