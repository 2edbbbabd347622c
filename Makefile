# rescue - read a powered-off server's disks without mounting them
#
#   make          build rescue/rescue against Debian's dev packages
#   make demo     build a demo disk of a compromised server and triage it
#   make check    every test (unit, end to end on the dev, ASan and static
#                 binaries, QEMU boot); ends "N passed, N failed"
#   make quick    the fast loop: dev and ASan builds, unit and end-to-end tests
#   make asan     rescue/rescue.asan with AddressSanitizer and UBSan
#   make static   rescue/rescue.static, musl, no dependencies (mk/static.mk)
#   make bench    rescue's speed next to debsums, fls and last

CC		?= cc
PKGS		:= ext2fs com_err blkid libarchive liblzma liblz4 libzstd zlib \
		   sqlite3 libcrypto
CFLAGS_COMMON	:= -std=c11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 \
		   -Wall -Wextra -Wshadow -Wstrict-prototypes \
		   -Wmissing-prototypes -Wno-missing-field-initializers
CPPFLAGS_COMMON	:= -Ifsread -Irescue
CFLAGS		?= -O2 -g
ASAN_FLAGS	:= -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
		   -fno-sanitize-recover=undefined

SRCS		:= $(sort $(wildcard fsread/*.c rescue/*.c rescue/*/*.c))
HDRS		:= $(wildcard fsread/*.h rescue/*.h rescue/*/*.h rescue/*.def \
		   rescue/*/*.def)
LIB_SRCS	:= $(filter-out rescue/main.c,$(SRCS))
OBJS		:= $(SRCS:%.c=build/dev/%.o)
ASAN_OBJS	:= $(SRCS:%.c=build/asan/%.o)
DEPS_STAMP	:= build/.deps-build

LIBS		= $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lext2fs \
		  -lcom_err -lblkid -larchive -llzma -llz4 -lzstd -lz -lsqlite3 -lcrypto)

all: rescue/rescue

$(DEPS_STAMP): scripts/deps.sh
	@mkdir -p build
	scripts/deps.sh build
	@touch $@

build/dev/%.o: %.c $(HDRS) $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_COMMON) $(CFLAGS_COMMON) $(CFLAGS) -c $< -o $@

build/asan/%.o: %.c $(HDRS) $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_COMMON) $(CFLAGS_COMMON) $(ASAN_FLAGS) -c $< -o $@

rescue/rescue: $(OBJS)
	$(CC) $(CFLAGS) -o $@ $(OBJS) $(LIBS)

rescue/rescue.asan: $(ASAN_OBJS)
	$(CC) $(ASAN_FLAGS) -o $@ $(ASAN_OBJS) $(LIBS)

asan: rescue/rescue.asan

# Unit tests: one runner linking every test file with the library objects.
UNIT_SRCS	:= $(sort $(wildcard tests/unit/test_*.c))
build/tests/unit: $(UNIT_SRCS) tests/unit/unit.h tests/unit/main.c \
		  $(LIB_SRCS:%.c=build/asan/%.o)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_COMMON) -Itests/unit $(CFLAGS_COMMON) $(ASAN_FLAGS) \
	    -o $@ tests/unit/main.c $(UNIT_SRCS) \
	    $(LIB_SRCS:%.c=build/asan/%.o) $(LIBS)

# The fsread helper for shell tests (git's t/helper).
build/tests/fsr-tool: tests/fsr-tool.c $(LIB_SRCS:%.c=build/dev/%.o)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_COMMON) $(CFLAGS_COMMON) $(CFLAGS) -o $@ $< \
	    $(LIB_SRCS:%.c=build/dev/%.o) $(LIBS)

# Fuzz targets: libFuzzer (clang) for `make fuzz`, and a plain replay
# driver (gcc, ASan) that `make check` runs over the seed corpora.
FUZZ_TARGETS	:= $(patsubst tests/fuzz/fuzz_%.c,%,\
		   $(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_SECONDS	?= 60
FUZZ_FLAGS	:= -g -O1 -fsanitize=fuzzer,address,undefined \
		   -fno-sanitize-recover=undefined
FUZZ_OBJS	:= $(LIB_SRCS:%.c=build/fuzz-obj/%.o)

build/fuzz-obj/%.o: %.c $(HDRS) $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS_COMMON) $(CFLAGS_COMMON) -g -O1 \
	    -fsanitize=fuzzer-no-link,address,undefined \
	    -fno-sanitize-recover=undefined -c $< -o $@

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS)
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS_COMMON) $(CFLAGS_COMMON) $(FUZZ_FLAGS) -o $@ $< \
	    $(FUZZ_OBJS) $(LIBS)

build/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c \
		     $(LIB_SRCS:%.c=build/asan/%.o)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_COMMON) $(CFLAGS_COMMON) $(ASAN_FLAGS) -o $@ $< \
	    tests/fuzz/replay.c $(LIB_SRCS:%.c=build/asan/%.o) $(LIBS)

fuzz-replay: $(FUZZ_TARGETS:%=build/fuzz/replay_%)

fuzz: test-deps $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p build/fuzz/corpus-$$t; \
	    cp -n tests/fuzz/corpus/$$t/* build/fuzz/corpus-$$t/ 2>/dev/null; \
	    echo "== fuzz $$t for $(FUZZ_SECONDS)s"; \
	    build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	        -max_len=1048576 -artifact_prefix=build/fuzz/crash-$$t- \
	        build/fuzz/corpus-$$t || exit 1; \
	done

test-deps:
	@scripts/deps.sh test

# The fast loop for development.
quick: rescue/rescue rescue/rescue.asan build/tests/unit fuzz-replay test-deps
	@tests/run.sh --quick

# Everything: the static binary runs the end-to-end tests too, and the
# bootable image is booted in QEMU against the demo disk.
check: rescue/rescue rescue/rescue.asan build/tests/unit fuzz-replay test-deps
	@$(MAKE) --no-print-directory static
	@$(MAKE) --no-print-directory iso
	@STATIC=1 BOOT_TEST=1 tests/run.sh

# Speed next to the reference tools (debsums, fls, last) on the same input.
bench: rescue/rescue
	@sh scripts/bench.sh $(CURDIR)/rescue/rescue

demo: rescue/rescue test-deps
	@mkdir -p build
	scripts/mkdemo.sh build/demo.img >/dev/null
	rescue/rescue triage build/demo.img; test $$? -le 1

clean:
	rm -rf build rescue/rescue rescue/rescue.asan rescue/rescue.static

.PHONY: all asan check quick demo bench clean test-deps fuzz fuzz-replay

-include mk/static.mk
-include mk/initramfs.mk
