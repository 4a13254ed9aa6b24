# SPDX-License-Identifier: GPL-2.0
#
# kexec_call harness: builds Linux 6.12 with the project overlaid and runs
# it under QEMU with SeaBIOS.  Not part of the kernel series.
#
#   make run       build if needed, boot to a shell showing kexec_call at work
#                  (ARCH=i386 for the i386 kernel, KUNIT_VARIANT=pae for PAE)
#   make test      KUnit and the initramfs tests, x86_64 and i386, under KVM
#                  and TCG (TEST_ACCEL=kvm|tcg for one only)
#   make bench     measure BIOS services through fwcall against libx86emu
#   make check     checkpatch --strict and sparse over the project's code
#   make patchset  git format-patch series against pristine 6.12 in outgoing/
#   make clean     remove build output (keeps the unpacked tree and ccache)

ARCH		?= x86_64
# i386 builds with 2-level page tables, or with PAE for KUNIT_VARIANT=pae
KUNIT_VARIANT	?= $(if $(filter i386,$(ARCH)),nopae)
TOP		:= $(abspath .)
BUILD		:= $(TOP)/build
KSRC		:= $(BUILD)/linux
KOUT		:= $(BUILD)/out/$(ARCH)
export CCACHE_DIR ?= $(HOME)/.cache/kexec_call/ccache
# Debian's python3 (with python3-ply, python3-git for checkpatch's spdxcheck).
export PATH := /usr/bin:$(PATH)
export ARCH KUNIT_VARIANT TOP BUILD KSRC KOUT

.PHONY: all deps tree kernel run test bench check patchset clean

all: kernel

deps:
	@scripts/install-deps.sh

tree: deps
	@scripts/prepare-tree.sh

kernel: tree
	@scripts/build-kernel.sh

run: kernel
	@scripts/run-qemu.sh

test: tree
	@scripts/test.sh

bench: kernel
	@scripts/bench.sh

check: kernel
	@scripts/check.sh

patchset: tree
	@scripts/patchset.sh

clean:
	rm -rf $(BUILD)/out $(BUILD)/initramfs-* outgoing
