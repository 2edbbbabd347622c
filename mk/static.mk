# mk/static.mk - `make static`: rescue/rescue.static, one stripped binary
# linked with musl against the libraries scripts/build-static-deps.sh builds
# from Debian source packages.
#
# The including Makefile defines SRCS (every .c of the program),
# CPPFLAGS_COMMON and CFLAGS_COMMON.  Nothing here runs unless `static` is a
# goal: its recipe runs the dependency build (minutes the first time, a
# second once cached), then make again with STATIC_PREFIX set to the prefix
# the script printed.  `make static STATIC_PREFIX=DIR` uses DIR as it is.
#
#	make static		build/static/*.o -> rescue/rescue.static
#	make static-clean	remove them (the dependency cache stays)

_static_goal	:= $(.DEFAULT_GOAL)
_static_mk	:= $(dir $(lastword $(MAKEFILE_LIST)))

STATIC_DEPS	?= $(_static_mk)../scripts/build-static-deps.sh
MUSL_CC		?= musl-gcc
STRIP		?= strip
STATIC_DIR	:= build/static
STATIC_BIN	:= rescue/rescue.static
STATIC_CFLAGS	?= -O2 -ffunction-sections -fdata-sections
STATIC_LDFLAGS	?= -static -Wl,--gc-sections
STATIC_LIBS	:= -lext2fs -lcom_err -lblkid -luuid -larchive -lzstd -llz4 \
		   -llzma -lz -lcrypto -lsqlite3 -lpthread
STATIC_OBJS	:= $(patsubst %.c,$(STATIC_DIR)/%.o,$(SRCS))

.PHONY: static static-clean

ifeq ($(origin STATIC_PREFIX),undefined)

# The script prints its progress on stderr and the prefix last on stdout.
static:
	@prefix=$$($(STATIC_DEPS)) || exit 1; \
	prefix=$$(printf '%s\n' "$$prefix" | tail -n 1); \
	test -f "$$prefix/lib/libext2fs.a" || { \
		echo "static: $(STATIC_DEPS) gave no prefix" >&2; \
		exit 1; }; \
	$(MAKE) --no-print-directory static STATIC_PREFIX="$$prefix"

else

STATIC_ALL_CPPFLAGS = $(CPPFLAGS_COMMON) -I$(STATIC_PREFIX)/include
STATIC_ALL_CFLAGS = $(CFLAGS_COMMON) $(STATIC_CFLAGS)

# Objects depend on this file, rewritten only when the compiler, the flags
# or the prefix change (a new prefix means new library headers).
_static_id := $(MUSL_CC) $(STATIC_ALL_CPPFLAGS) $(STATIC_ALL_CFLAGS) \
	$(STATIC_LDFLAGS) $(STATIC_LIBS)
ifneq ($(_static_id),$(file <$(STATIC_DIR)/flags))
$(shell mkdir -p $(STATIC_DIR))
$(file >$(STATIC_DIR)/flags,$(_static_id))
endif

static: $(STATIC_BIN)
	@if readelf -lW $(STATIC_BIN) | grep -q INTERP; then \
		echo "static: $(STATIC_BIN) is not statically linked" >&2; \
		exit 1; fi
	@bytes=$$(wc -c <$(STATIC_BIN)); \
	echo "$(STATIC_BIN): $$bytes bytes," \
	    "$$(awk -v b=$$bytes 'BEGIN { printf "%.2f", b / 1048576 }') MiB" \
	    "(stripped, static; prefix $(STATIC_PREFIX))"

$(STATIC_BIN): $(STATIC_DIR)/rescue.unstripped
	@mkdir -p $(@D)
	$(STRIP) -o $@ $<

$(STATIC_DIR)/rescue.unstripped: $(STATIC_OBJS) $(STATIC_DIR)/flags
	$(MUSL_CC) $(STATIC_LDFLAGS) -o $@ $(STATIC_OBJS) \
	    -L$(STATIC_PREFIX)/lib $(STATIC_LIBS)

$(STATIC_DIR)/%.o: %.c $(STATIC_DIR)/flags
	@mkdir -p $(@D)
	$(MUSL_CC) $(STATIC_ALL_CPPFLAGS) $(STATIC_ALL_CFLAGS) -MMD -MP \
	    -c $< -o $@

-include $(STATIC_OBJS:.o=.d)

endif

static-clean:
	rm -rf $(STATIC_DIR) $(STATIC_BIN)

# Including this file never changes the including Makefile's default goal.
.DEFAULT_GOAL	:= $(_static_goal)
