#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The main job's guest side: load the framework and the HiSilicon ZIP
# device model, create a device, show it from sysfs, take a queue through
# open/map/start/put/close, then let libwarp use it: warp list, warp zip of
# a real file on the device (checked byte for byte with busybox gzip), and
# warp bench with the device and the CPU side by side.
set -e
step() { echo; echo "## $*"; }
dbg=/sys/kernel/debug/hisi_sim/hisi_sim0

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

step "a real file: the modules and programs of this image"
cat /modules/*.ko /tools/* /bin/busybox /usr/bin/pigz /usr/bin/igzip \
	/tests/* > /tmp/corpus
ls -l /tmp/corpus

step "warp zip -v: compressed by the device (default policy: device first)"
before=$(cat $dbg/completed)
# (stderr to a file: no progress line, just the -v report)
time warp zip -v -k /tmp/corpus 2> /tmp/zip.log
cat /tmp/zip.log
echo "device requests completed during warp zip: $(($(cat $dbg/completed) - before))"
ls -l /tmp/corpus /tmp/corpus.gz

step "busybox gzip -d reads it back byte for byte"
gzip -dc /tmp/corpus.gz > /tmp/corpus.out
cmp /tmp/corpus /tmp/corpus.out && echo "identical: $(md5sum < /tmp/corpus.out)"

step "warp unzip -e device: a device stream decompresses it too"
before=$(cat $dbg/completed)
warp unzip -e device -v -c /tmp/corpus.gz 2> /tmp/unzip.log > /tmp/corpus.out
cat /tmp/unzip.log
echo "device requests completed during warp unzip: $(($(cat $dbg/completed) - before))"
cmp /tmp/corpus /tmp/corpus.out && echo "identical: $(md5sum < /tmp/corpus.out)"
rm -f /tmp/corpus.out /tmp/corpus.gz

step "warp bench: the device and the CPU side by side (compression)"
warp bench -e device,cpu -T 1 -s 256k -l 6 -i /tmp/corpus

step "warp bench: decompression"
warp bench -e device,cpu -d -T 1 -s 256k -l 6 -i /tmp/corpus
