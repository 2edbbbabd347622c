# ids.sh - sourced: the fixed identifiers of the test images, one place for
# scripts/mkdemo.sh, scripts/mkhostile.sh and the tests (tests/lib/images.sh
# sources it). Changing one changes the images: the tests that name it too.
# shellcheck disable=SC2034

# -- demo.img (scripts/mkdemo.sh): 64 MiB GPT disk of web01
DEMO_DISK_GUID=9b1c3f4e-7d2a-4c85-b3e1-2f6a8d0c5e10
DEMO_BIOS_PARTUUID=9b1c3f4e-7d2a-4c85-b3e1-2f6a8d0c5e01	# p1, PARTLABEL bios, sectors 2048+2048, unformatted
DEMO_ROOT_PARTUUID=9b1c3f4e-7d2a-4c85-b3e1-2f6a8d0c5e02	# p2, PARTLABEL root, sectors 4096+81920
DEMO_HOME_PARTUUID=9b1c3f4e-7d2a-4c85-b3e1-2f6a8d0c5e03	# p3, PARTLABEL home, sectors 86016+40960
DEMO_ROOT_UUID=2f1e6c3a-8b4d-4e7f-9a2c-5d3b1e0f7a92	# ext4, LABEL=root, 4 KiB blocks
DEMO_HOME_UUID=6a0d4b8e-3c1f-4d2a-8e5b-7f9c2a1d3e64	# ext4, no label, 1 KiB blocks
DEMO_ROOT_OFFSET=$((4096 * 512))
DEMO_HOME_OFFSET=$((86016 * 512))
DEMO_SWAP_UUID=0d8e2f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6	# /swapfile in the root fs
DEMO_INSTALL_TIME=20240610091200	# mkfs time, default inode time (UTC)

# -- basic*.img (tests/lib/images.sh): tests/trees/basic, whole-filesystem images
BASIC_UUID=5e5c0e00-0000-4000-8000-00000000ba51		# basic.img: ext4, 4 KiB, 64bit,metadata_csum
BASIC_EXT2_UUID=5e5c0e00-0000-4000-8000-00000000ba52	# basic-ext2.img: ext2, 1 KiB
BASIC_EXT3_UUID=5e5c0e00-0000-4000-8000-00000000ba53	# basic-ext3.img: ext3, 4 KiB
BASIC_1K_UUID=5e5c0e00-0000-4000-8000-00000000ba54	# basic-ext4-1k.img: ext4, 1 KiB
BASIC_NOCSUM_UUID=5e5c0e00-0000-4000-8000-00000000ba55	# basic-nocsum.img: ext4 ^64bit,^metadata_csum
BASIC_INLINE_UUID=5e5c0e00-0000-4000-8000-00000000ba56	# basic-inline.img: ext4 inline_data

# -- scripts/mkhostile.sh
HOSTILE_TIME=20240101000000
TRUNCATED_UUID=5e5c0e00-0000-4000-8000-000000000001
ZEROSB_UUID=5e5c0e00-0000-4000-8000-000000000002
PASTEND_DISK_GUID=5e5c0e00-0000-4000-8000-000000000d03
PASTEND_P1_UUID=5e5c0e00-0000-4000-8000-000000000003	# ext4 in p1, whole
PASTEND_P2_UUID=5e5c0e00-0000-4000-8000-000000000013	# ext4 in p2, cut at the image end
PASTEND_MBR_ID=0x5ec0e003
NAMES_UUID=5e5c0e00-0000-4000-8000-000000000005
SYMLINKS_UUID=5e5c0e00-0000-4000-8000-000000000006
MBRLOG_ID=0x5ec0e007
MBRLOG_P1_UUID=5e5c0e00-0000-4000-8000-000000000071	# primary ext4, LABEL=primary
MBRLOG_P5_UUID=5e5c0e00-0000-4000-8000-000000000075	# logical ext2, LABEL=logical5
MBRLOG_P6_UUID=5e5c0e00-0000-4000-8000-000000000076	# logical ext4, LABEL=logical6
MULTI_DISK_GUID=5e5c0e00-0000-4000-8000-000000000d08
MULTI_DEBIAN_PARTUUID=5e5c0e00-0000-4000-8000-000000000e81
MULTI_UBUNTU_PARTUUID=5e5c0e00-0000-4000-8000-000000000e82
MULTI_DEBIAN_UUID=5e5c0e00-0000-4000-8000-000000000081	# ext4, LABEL=debian, Debian 12
MULTI_UBUNTU_UUID=5e5c0e00-0000-4000-8000-000000000082	# ext4, LABEL=ubuntu, Ubuntu 22.04
