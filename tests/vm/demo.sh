#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The main job's guest side: load the framework and the devices, show them
# from sysfs, and take a queue of each through open/map/start/put/close.
set -e
step() { echo; echo "## $*"; }

step "load uacce.ko and the drivers"
insmod /modules/uacce.ko
for m in /modules/*.ko; do
	case "$m" in */uacce.ko) continue ;; esac
	insmod "$m" && echo "loaded $(basename "$m")"
done

step "devices in /sys/class/uacce"
ls -l /sys/class/uacce/

step "each device: attributes, then one queue opened, mapped, started"
uacce-probe
