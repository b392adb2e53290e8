#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The main job's guest side: load the framework and the HiSilicon ZIP
# device model, create a device, show it from sysfs, and take a queue
# through open/map/start/put/close.
set -e
step() { echo; echo "## $*"; }

step "load uacce.ko and the HiSilicon QM/ZIP device model"
insmod /modules/uacce.ko
insmod /modules/hisi_sim.ko
echo "0 16" > /sys/bus/hisi_sim/new_device
echo "created hisi_sim0 with 16 queues"

step "devices in /sys/class/uacce"
ls -l /sys/class/uacce/

step "each device: attributes, then one queue opened, mapped, started"
uacce-probe

step "warp list: what the library sees"
warp list

step "warp bench: the device and the CPU side by side"
warp bench -e device,cpu -T 1 -s 64k -i /tools/warp
