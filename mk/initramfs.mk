# mk/initramfs.mk - the bootable rescue image (included by the top-level Makefile)
#
#   make initramfs   initramfs/rescue-initramfs.cpio.gz + initramfs/vmlinuz
#   make iso         initramfs/rescue.iso (hybrid BIOS/UEFI, CD or USB stick)
#   make boot-test   boots both in QEMU (TCG) and checks the console and that
#                    the disk images did not change
#
# Needs from the including Makefile: a target `static` that builds
# rescue/rescue.static (mk/static.mk). Nothing else.
#
# Optional variables (command line or environment):
#   RESCUE_BIN=path    the binary installed as /bin/rescue; any other value than
#                      rescue/rescue.static skips `make static` (a stand-in)
#   KERNEL_ABI=6.1.0-NN-amd64   kernel to use (default: linux-image-amd64's)
#   KERNEL_CACHE=dir   unpacked kernel packages (default ~/.cache/rescue/kernel)
#   INITRAMFS_NET=1    add physical NIC drivers for rescue.net=dhcp (+1.1 MB);
#                      after changing it: make initramfs-clean
#   BOOT_TEST_ARGS=... e.g. --expect web01 --expect /home demo.img other.img
#                      (default: two small ext4 images made by the test)

RESCUE_BIN ?= rescue/rescue.static
BOOT_TEST_ARGS ?=

INITRAMFS_IMG := initramfs/rescue-initramfs.cpio.gz
INITRAMFS_KERNEL := initramfs/vmlinuz
RESCUE_ISO := initramfs/rescue.iso
INITRAMFS_SRCS := initramfs/init initramfs/modules.list initramfs/modules-net.list \
	scripts/build-initramfs.sh \
	$(shell find initramfs/rootfs -type f 2>/dev/null)
INITRAMFS_SUBMAKE = $(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST))

.PHONY: initramfs iso boot-test initramfs-clean

# rescue/rescue.static is (re)built by `make static` first; the image itself is
# rebuilt only when one of its inputs is newer
initramfs:
ifeq ($(RESCUE_BIN),rescue/rescue.static)
	$(MAKE) static
endif
	+$(INITRAMFS_SUBMAKE) RESCUE_BIN=$(RESCUE_BIN) $(INITRAMFS_IMG)

$(INITRAMFS_IMG) $(INITRAMFS_KERNEL) &: $(RESCUE_BIN) $(INITRAMFS_SRCS)
	RESCUE_BIN=$(RESCUE_BIN) sh scripts/build-initramfs.sh

iso: initramfs
	+$(INITRAMFS_SUBMAKE) $(RESCUE_ISO)

$(RESCUE_ISO): $(INITRAMFS_IMG) $(INITRAMFS_KERNEL) scripts/build-iso.sh
	sh scripts/build-iso.sh

boot-test: iso
	bash scripts/boot-test.sh $(BOOT_TEST_ARGS)

initramfs-clean:
	rm -f $(INITRAMFS_IMG) $(INITRAMFS_KERNEL) $(RESCUE_ISO)
