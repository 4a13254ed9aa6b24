# SPDX-License-Identifier: GPL-2.0
#
# kunit.py QEMU config for kexec_call: x86_64 or i386 (ARCH, as the harness
# exports it) under SeaBIOS, the firmware whose services the project calls
# (the stock x86_64.py and i386.py boot qboot).
# KVM when /dev/kvm is usable, else TCG; TEST_ACCEL=tcg|kvm forces one.
# TEST_SMP sets the vCPU count (default 4); TEST_QEMU_ARGS adds QEMU options
# (for debugging: "-s", "-d int,cpu_reset", a monitor socket).
import os

from ..qemu_config import QemuArchParams


def _accel():
    accel = os.environ.get('TEST_ACCEL', '')
    if accel in ('kvm', 'tcg'):
        return accel
    return 'kvm' if os.access('/dev/kvm', os.R_OK | os.W_OK) else 'tcg'


_ARCH = os.environ.get('ARCH', 'x86_64')
if _ARCH not in ('x86_64', 'i386'):
    raise ValueError(f'seabios.py: ARCH={_ARCH}: only x86_64 and i386')

QEMU_ARCH = QemuArchParams(linux_arch=_ARCH,
                           kconfig='''
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y''',
                           qemu_arch=_ARCH,
                           kernel_path='arch/x86/boot/bzImage',
                           kernel_command_line='console=ttyS0',
                           extra_qemu_params=[
                               '-bios', '/usr/share/seabios/bios-256k.bin',
                               '-accel', _accel(),
                               '-smp', os.environ.get('TEST_SMP', '4'),
                               # fwcall's VBE cases call its video BIOS
                               '-device', 'VGA',
                               # -nographic turns SeaBIOS's serial console
                               # on, which echoes a video mode set to the
                               # kernel's console as escape sequences
                               '-machine', 'graphics=on',
                           ] + os.environ.get('TEST_QEMU_ARGS', '').split())
