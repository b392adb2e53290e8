// SPDX-License-Identifier: GPL-2.0-only
/*
 * uacce: user-space access to accelerators that share the process's
 * virtual address space.
 *
 * Each open() of /dev/<name>-<id> is one hardware queue, bound at open to
 * the opener's address space. The queue's regions (doorbell page, shared
 * rings) are mapped with mmap(), started with UACCE_CMD_START_Q and released
 * with UACCE_CMD_PUT_Q or close(). See docs/uacce.rst.
 *
 * Locking, outermost first:
 *   uacce->mutex	open, release, PUT_Q and uacce_remove(); queue list
 *   mmap_lock		held by the mm core around our mmap and vma callbacks
 *   q->mutex		queue state; start_queue, mmap, ioctl, is_q_updated,
 *			region_write
 *
 * Killing a queue (PUT_Q, release, removal) marks it dead under q->mutex
 * and then, holding only uacce->mutex, zaps its mappings and calls
 * stop_queue and put_queue. stop_queue may wait for device work that
 * faults on the process's memory (takes that mm's mmap_lock), and an
 * mmap() of the queue holds the mmap_lock while it waits for q->mutex, so
 * q->mutex must not be held there.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/poll.h>
#include <linux/pseudo_fs.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uacce.h>

#define UACCE_FS_MAGIC	0x75616363	/* "uacc" */
#define UACCE_PASID_MAX	((1U << 20) - 1)

static struct class *uacce_class;
static dev_t uacce_devt;
static DEFINE_IDA(uacce_ida);		/* device ids, also the minors */
static DEFINE_IDA(uacce_pasid_ida);	/* PASIDs of software SVA bindings */
static struct vfsmount *uacce_mnt;	/* pseudo fs for per-queue inodes */
static int uacce_mnt_count;

static inline struct uacce_device *to_uacce(struct device *dev)
{
	return container_of(dev, struct uacce_device, dev);
}

/*
 * Per-queue inodes. Each open file gets its own address_space, so that the
 * user mappings of one queue can be zapped with unmap_mapping_range()
 * without touching the other queues of the device, and without the mm
 * locks of the processes that map them.
 */
static int uacce_fs_init_fs_context(struct fs_context *fc)
{
	return init_pseudo(fc, UACCE_FS_MAGIC) ? 0 : -ENOMEM;
}

static struct file_system_type uacce_fs_type = {
	.owner = THIS_MODULE,
	.name = "uacce",
	.init_fs_context = uacce_fs_init_fs_context,
	.kill_sb = kill_anon_super,
};

/* Address-space binding at open. */
static int uacce_bind_mm(struct uacce_queue *q)
{
	struct uacce_device *uacce = q->uacce;
	struct iommu_sva *sva;
	int pasid;

	q->mm = current->mm;
	mmgrab(q->mm);

	if (!(uacce->flags & UACCE_DEV_SVA))
		return 0;

	if (uacce->flags & UACCE_DEV_SOFT_SVA) {
		/*
		 * A software device reaches the memory through q->mm itself;
		 * the PASID only names the binding, as a real one would.
		 */
		pasid = ida_alloc_range(&uacce_pasid_ida, 1, UACCE_PASID_MAX,
					GFP_KERNEL);
		if (pasid < 0)
			goto err_drop_mm;
		q->pasid = pasid;
		return 0;
	}

	sva = iommu_sva_bind_device(uacce->parent, q->mm, NULL);
	if (IS_ERR(sva)) {
		pasid = PTR_ERR(sva);
		goto err_drop_mm;
	}
	q->sva = sva;
	q->pasid = iommu_sva_get_pasid(sva);
	return 0;

err_drop_mm:
	mmdrop(q->mm);
	q->mm = NULL;
	return pasid;
}

/* Drop the PASID; q->mm itself stays grabbed until the file is released. */
static void uacce_unbind_pasid(struct uacce_queue *q)
{
	if (q->sva)
		iommu_sva_unbind_device(q->sva);
	else if (q->pasid)
		ida_free(&uacce_pasid_ida, q->pasid);
	q->sva = NULL;
	q->pasid = 0;
}

/*
 * Remove every user mapping of @q. Taking the owner's mmap_lock waits for
 * an mmap() of this queue that has populated its vma but not yet linked it
 * into the queue's address_space; once the queue is dead no new one can
 * start, so nothing survives the zap.
 */
static void uacce_queue_zap(struct uacce_queue *q)
{
	mmap_read_lock(q->mm);
	unmap_mapping_range(q->inode->i_mapping, 0, 0, 1);
	mmap_read_unlock(q->mm);
}

/*
 * Stop and release @q for good; the caller holds uacce->mutex. Returns
 * false when it was already dead.
 */
static bool uacce_queue_kill(struct uacce_queue *q)
{
	const struct uacce_ops *ops = q->uacce->ops;
	enum uacce_q_state was;

	lockdep_assert_held(&q->uacce->mutex);

	mutex_lock(&q->mutex);
	was = q->state;
	q->state = UACCE_Q_ZOMBIE;
	mutex_unlock(&q->mutex);
	if (was == UACCE_Q_ZOMBIE)
		return false;

	wake_up_interruptible_all(&q->wait);
	uacce_queue_zap(q);
	if (was == UACCE_Q_STARTED && ops->stop_queue)
		ops->stop_queue(q);
	if (ops->put_queue)
		ops->put_queue(q);
	uacce_unbind_pasid(q);
	return true;
}

static long uacce_start_queue(struct uacce_queue *q)
{
	const struct uacce_ops *ops = q->uacce->ops;
	long ret = 0;

	mutex_lock(&q->mutex);
	if (q->state == UACCE_Q_ZOMBIE) {
		ret = -ENXIO;
	} else if (q->state != UACCE_Q_INIT) {
		ret = -EINVAL;
	} else {
		if (ops->start_queue)
			ret = ops->start_queue(q);
		if (!ret)
			q->state = UACCE_Q_STARTED;
	}
	mutex_unlock(&q->mutex);
	return ret;
}

static long uacce_put_queue(struct uacce_queue *q)
{
	struct uacce_device *uacce = q->uacce;
	bool killed;

	mutex_lock(&uacce->mutex);
	killed = uacce_queue_kill(q);
	mutex_unlock(&uacce->mutex);
	return killed ? 0 : -ENXIO;
}

/* Driver commands: the argument is copied here, never by the driver. */
static long uacce_driver_ioctl(struct uacce_queue *q, unsigned int cmd,
			       void __user *uarg)
{
	const struct uacce_ops *ops = q->uacce->ops;
	u64 buf[UACCE_IOCTL_MAX_ARG / sizeof(u64)];
	size_t size = _IOC_SIZE(cmd);
	long ret;

	if (size > sizeof(buf))
		return -ENOTTY;
	if (_IOC_DIR(cmd) & _IOC_WRITE) {
		if (copy_from_user(buf, uarg, size))
			return -EFAULT;
	} else {
		memset(buf, 0, size);
	}

	mutex_lock(&q->mutex);
	if (q->state == UACCE_Q_ZOMBIE)
		ret = -ENXIO;
	else if (!ops->ioctl)
		ret = -ENOTTY;
	else
		ret = ops->ioctl(q, cmd, size ? buf : NULL);
	mutex_unlock(&q->mutex);

	if (ret >= 0 && (_IOC_DIR(cmd) & _IOC_READ) &&
	    copy_to_user(uarg, buf, size))
		ret = -EFAULT;
	return ret;
}

static long uacce_fops_unl_ioctl(struct file *filep, unsigned int cmd,
				 unsigned long arg)
{
	struct uacce_queue *q = filep->private_data;

	switch (cmd) {
	case UACCE_CMD_START_Q:
		return uacce_start_queue(q);
	case UACCE_CMD_PUT_Q:
		return uacce_put_queue(q);
	default:
		return uacce_driver_ioctl(q, cmd, (void __user *)arg);
	}
}

static int uacce_fops_open(struct inode *inode, struct file *filep)
{
	struct uacce_device *uacce;
	struct uacce_queue *q;
	int ret;

	uacce = container_of(inode->i_cdev, struct uacce_device, cdev);
	if (!current->mm)
		return -EPERM;

	q = kzalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	q->uacce = uacce;
	mutex_init(&q->mutex);
	init_waitqueue_head(&q->wait);
	INIT_LIST_HEAD(&q->list);

	q->inode = alloc_anon_inode(uacce_mnt->mnt_sb);
	if (IS_ERR(q->inode)) {
		ret = PTR_ERR(q->inode);
		goto err_free_q;
	}

	mutex_lock(&uacce->mutex);
	if (uacce->removed) {
		ret = -ENODEV;
		goto err_unlock;
	}
	ret = uacce_bind_mm(q);
	if (ret)
		goto err_unlock;
	ret = uacce->ops->get_queue(uacce, q->pasid, q);
	if (ret)
		goto err_unbind;
	q->state = UACCE_Q_INIT;
	list_add(&q->list, &uacce->queues);
	get_device(&uacce->dev);
	mutex_unlock(&uacce->mutex);

	filep->private_data = q;
	filep->f_mapping = q->inode->i_mapping;
	return 0;

err_unbind:
	uacce_unbind_pasid(q);
	mmdrop(q->mm);
err_unlock:
	mutex_unlock(&uacce->mutex);
	iput(q->inode);
err_free_q:
	mutex_destroy(&q->mutex);
	kfree(q);
	return ret;
}

static int uacce_fops_release(struct inode *inode, struct file *filep)
{
	struct uacce_queue *q = filep->private_data;
	struct uacce_device *uacce = q->uacce;

	mutex_lock(&uacce->mutex);
	uacce_queue_kill(q);
	list_del(&q->list);
	mutex_unlock(&uacce->mutex);

	mmdrop(q->mm);
	iput(q->inode);
	mutex_destroy(&q->mutex);
	kfree(q);
	put_device(&uacce->dev);
	return 0;
}

/*
 * A region vma is never split, moved or copied into a child, so each one
 * maps a whole region of one queue. mremap() still creates a transient
 * copy (open) before our mremap hook refuses the move (close of the copy):
 * hence a count, not a flag.
 */
static void uacce_vma_open(struct vm_area_struct *vma)
{
	struct uacce_queue *q = vma->vm_private_data;

	mutex_lock(&q->mutex);
	q->mapped[vma->vm_pgoff]++;
	mutex_unlock(&q->mutex);
}

static void uacce_vma_close(struct vm_area_struct *vma)
{
	struct uacce_queue *q = vma->vm_private_data;

	mutex_lock(&q->mutex);
	q->mapped[vma->vm_pgoff]--;
	mutex_unlock(&q->mutex);
}

static int uacce_vma_may_split(struct vm_area_struct *vma, unsigned long addr)
{
	return -EINVAL;
}

static int uacce_vma_mremap(struct vm_area_struct *vma)
{
	return -EPERM;
}

/* Only reached once the pages were zapped: the queue is gone. */
static vm_fault_t uacce_vma_fault(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

/*
 * A store to a read-only raw-PFN page of a live queue: the driver decides
 * (ops->region_write). q->mutex keeps the queue alive and its state
 * stable: a kill marks the queue dead under it before zapping.
 */
static vm_fault_t uacce_vma_pfn_mkwrite(struct vm_fault *vmf)
{
	struct uacce_queue *q = vmf->vma->vm_private_data;
	const struct uacce_ops *ops = q->uacce->ops;
	vm_fault_t ret = 0;

	mutex_lock(&q->mutex);
	if (q->state == UACCE_Q_ZOMBIE)
		ret = VM_FAULT_SIGBUS;
	else if (ops->region_write)
		ret = ops->region_write(q, vmf->vma->vm_pgoff, vmf);
	mutex_unlock(&q->mutex);
	return ret;
}

static const struct vm_operations_struct uacce_vm_ops = {
	.open = uacce_vma_open,
	.close = uacce_vma_close,
	.may_split = uacce_vma_may_split,
	.mremap = uacce_vma_mremap,
	.fault = uacce_vma_fault,
	.pfn_mkwrite = uacce_vma_pfn_mkwrite,
};

static int uacce_fops_mmap(struct file *filep, struct vm_area_struct *vma)
{
	struct uacce_queue *q = filep->private_data;
	struct uacce_device *uacce = q->uacce;
	unsigned long size = vma->vm_end - vma->vm_start;
	enum uacce_qfrt type;
	int ret;

	if (vma->vm_pgoff >= UACCE_MAX_REGION)
		return -EINVAL;
	type = vma->vm_pgoff;
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	/* The queue is bound to its opener's address space, and only there. */
	if (vma->vm_mm != q->mm)
		return -EPERM;

	mutex_lock(&q->mutex);
	if (q->state == UACCE_Q_ZOMBIE) {
		ret = -ENXIO;
		goto out_unlock;
	}
	if (!uacce->qf_pg_num[type] ||
	    size != uacce->qf_pg_num[type] << PAGE_SHIFT) {
		ret = -EINVAL;
		goto out_unlock;
	}
	if (q->mapped[type]) {
		ret = -EEXIST;
		goto out_unlock;
	}

	vma->vm_flags |= VM_DONTCOPY | VM_DONTEXPAND | VM_WIPEONFORK |
			 VM_DONTDUMP;
	vma->vm_ops = &uacce_vm_ops;
	vma->vm_private_data = q;
	ret = uacce->ops->mmap ? uacce->ops->mmap(q, vma, type) : -ENODEV;
	if (!ret) {
		/* Our vma callbacks, and their region index, must stay. */
		WARN_ON_ONCE(vma->vm_ops != &uacce_vm_ops ||
			     vma->vm_pgoff != type);
		vma->vm_ops = &uacce_vm_ops;
		vma->vm_pgoff = type;
		q->mapped[type] = 1;
	}

out_unlock:
	mutex_unlock(&q->mutex);
	return ret;
}

static __poll_t uacce_fops_poll(struct file *filep, poll_table *wait)
{
	struct uacce_queue *q = filep->private_data;
	const struct uacce_ops *ops = q->uacce->ops;
	__poll_t ret = 0;

	poll_wait(filep, &q->wait, wait);

	mutex_lock(&q->mutex);
	if (q->state == UACCE_Q_ZOMBIE)
		ret = EPOLLERR | EPOLLHUP;
	else if (ops->is_q_updated && ops->is_q_updated(q))
		ret = EPOLLIN | EPOLLRDNORM;
	mutex_unlock(&q->mutex);
	return ret;
}

static const struct file_operations uacce_fops = {
	.owner = THIS_MODULE,
	.open = uacce_fops_open,
	.release = uacce_fops_release,
	.unlocked_ioctl = uacce_fops_unl_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = uacce_fops_mmap,
	.poll = uacce_fops_poll,
	.llseek = noop_llseek,
};

/* sysfs: /sys/class/uacce/<name>-<id>/ (docs/ABI/testing/sysfs-driver-uacce) */
static ssize_t api_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%s\n", to_uacce(dev)->api_ver);
}

static ssize_t flags_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  to_uacce(dev)->flags & UACCE_DEV_USER_MASK);
}

static ssize_t available_instances_show(struct device *dev,
					struct device_attribute *attr,
					char *buf)
{
	struct uacce_device *uacce = to_uacce(dev);

	if (!uacce->ops->get_available_instances)
		return -ENODEV;
	return sysfs_emit(buf, "%d\n",
			  uacce->ops->get_available_instances(uacce));
}

static ssize_t algorithms_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", to_uacce(dev)->algs);
}

static ssize_t region_mmio_size_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n",
			  to_uacce(dev)->qf_pg_num[UACCE_QFRT_MMIO] <<
			  PAGE_SHIFT);
}

static ssize_t region_dus_size_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n",
			  to_uacce(dev)->qf_pg_num[UACCE_QFRT_DUS] <<
			  PAGE_SHIFT);
}

static ssize_t isolate_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct uacce_device *uacce = to_uacce(dev);

	return sysfs_emit(buf, "%d\n", uacce->ops->get_isolate_state(uacce));
}

static ssize_t isolate_strategy_show(struct device *dev,
				     struct device_attribute *attr, char *buf)
{
	struct uacce_device *uacce = to_uacce(dev);

	return sysfs_emit(buf, "%u\n",
			  uacce->ops->isolate_err_threshold_read(uacce));
}

static ssize_t isolate_strategy_store(struct device *dev,
				      struct device_attribute *attr,
				      const char *buf, size_t count)
{
	struct uacce_device *uacce = to_uacce(dev);
	unsigned long val;
	int ret;

	if (kstrtoul(buf, 0, &val) < 0 || val > UACCE_MAX_ERR_THRESHOLD)
		return -EINVAL;
	ret = uacce->ops->isolate_err_threshold_write(uacce, val);
	return ret ? ret : count;
}

static DEVICE_ATTR_RO(api);
static DEVICE_ATTR_RO(flags);
static DEVICE_ATTR_RO(available_instances);
static DEVICE_ATTR_RO(algorithms);
static DEVICE_ATTR_RO(region_mmio_size);
static DEVICE_ATTR_RO(region_dus_size);
static DEVICE_ATTR_RO(isolate);
static DEVICE_ATTR_RW(isolate_strategy);

static struct attribute *uacce_dev_attrs[] = {
	&dev_attr_api.attr,
	&dev_attr_flags.attr,
	&dev_attr_available_instances.attr,
	&dev_attr_algorithms.attr,
	&dev_attr_region_mmio_size.attr,
	&dev_attr_region_dus_size.attr,
	&dev_attr_isolate.attr,
	&dev_attr_isolate_strategy.attr,
	NULL,
};

/* Hide what the device does not have, so user space never reads a stub. */
static umode_t uacce_dev_is_visible(struct kobject *kobj,
				    struct attribute *attr, int n)
{
	struct uacce_device *uacce = to_uacce(kobj_to_dev(kobj));
	const struct uacce_ops *ops = uacce->ops;

	if (attr == &dev_attr_region_mmio_size.attr)
		return uacce->qf_pg_num[UACCE_QFRT_MMIO] ? attr->mode : 0;
	if (attr == &dev_attr_region_dus_size.attr)
		return uacce->qf_pg_num[UACCE_QFRT_DUS] ? attr->mode : 0;
	if (attr == &dev_attr_isolate.attr)
		return ops->get_isolate_state ? attr->mode : 0;
	if (attr == &dev_attr_isolate_strategy.attr) {
		if (!ops->isolate_err_threshold_read)
			return 0;
		return ops->isolate_err_threshold_write ? attr->mode : 0444;
	}
	return attr->mode;
}

static const struct attribute_group uacce_dev_group = {
	.is_visible = uacce_dev_is_visible,
	.attrs = uacce_dev_attrs,
};

static const struct attribute_group *uacce_dev_groups[] = {
	&uacce_dev_group,
	NULL,
};

/* The last reference: the device is unregistered and every fd closed. */
static void uacce_release(struct device *dev)
{
	struct uacce_device *uacce = to_uacce(dev);

	ida_free(&uacce_ida, uacce->dev_id);
	mutex_destroy(&uacce->mutex);
	kfree(uacce);
	simple_release_fs(&uacce_mnt, &uacce_mnt_count);
}

/* Real SVA needs the IOMMU's help; without it the device is not SVA. */
static bool uacce_enable_iommu_sva(struct device *parent)
{
	int ret;

	ret = iommu_dev_enable_feature(parent, IOMMU_DEV_FEAT_IOPF);
	if (ret)
		return false;
	ret = iommu_dev_enable_feature(parent, IOMMU_DEV_FEAT_SVA);
	if (ret) {
		iommu_dev_disable_feature(parent, IOMMU_DEV_FEAT_IOPF);
		return false;
	}
	return true;
}

static void uacce_disable_iommu_sva(struct uacce_device *uacce)
{
	if ((uacce->flags & UACCE_DEV_SVA) &&
	    !(uacce->flags & UACCE_DEV_SOFT_SVA)) {
		iommu_dev_disable_feature(uacce->parent, IOMMU_DEV_FEAT_SVA);
		iommu_dev_disable_feature(uacce->parent, IOMMU_DEV_FEAT_IOPF);
	}
}

/**
 * uacce_alloc() - allocate a uacce device for a driver
 * @parent: the device the accelerator is; linked as "device" in sysfs
 * @interface: name, flags and callbacks
 *
 * The driver then fills algs, api_ver, qf_pg_num and priv and calls
 * uacce_register(). UACCE_DEV_SVA is dropped from the flags when the parent
 * cannot do SVA through its IOMMU (software devices ask for
 * UACCE_DEV_SOFT_SVA instead).
 *
 * Return: the device, or an ERR_PTR(): -EINVAL for a bad interface, -ENOMEM.
 */
struct uacce_device *uacce_alloc(struct device *parent,
				 struct uacce_interface *interface)
{
	unsigned int flags, known = UACCE_DEV_SVA | UACCE_DEV_SOFT_SVA;
	struct uacce_device *uacce;
	int ret;

	if (!parent || !interface || !interface->ops ||
	    !interface->ops->get_queue || !interface->name[0] ||
	    strnlen(interface->name, UACCE_NAME_SIZE) == UACCE_NAME_SIZE ||
	    strchr(interface->name, '/'))
		return ERR_PTR(-EINVAL);
	flags = interface->flags;
	if ((flags & ~known) ||
	    ((flags & UACCE_DEV_SOFT_SVA) && !(flags & UACCE_DEV_SVA)))
		return ERR_PTR(-EINVAL);

	uacce = kzalloc(sizeof(*uacce), GFP_KERNEL);
	if (!uacce)
		return ERR_PTR(-ENOMEM);

	ret = simple_pin_fs(&uacce_fs_type, &uacce_mnt, &uacce_mnt_count);
	if (ret)
		goto err_free;
	ret = ida_alloc_max(&uacce_ida, MINORMASK, GFP_KERNEL);
	if (ret < 0)
		goto err_unpin;
	uacce->dev_id = ret;

	if ((flags & UACCE_DEV_SVA) && !(flags & UACCE_DEV_SOFT_SVA) &&
	    !uacce_enable_iommu_sva(parent))
		flags &= ~UACCE_DEV_SVA;

	uacce->parent = parent;
	uacce->flags = flags;
	uacce->ops = interface->ops;
	mutex_init(&uacce->mutex);
	INIT_LIST_HEAD(&uacce->queues);

	/* From here on the release callback undoes everything. */
	device_initialize(&uacce->dev);
	uacce->dev.devt = MKDEV(MAJOR(uacce_devt), uacce->dev_id);
	uacce->dev.class = uacce_class;
	uacce->dev.groups = uacce_dev_groups;
	uacce->dev.parent = parent;
	uacce->dev.release = uacce_release;
	cdev_init(&uacce->cdev, &uacce_fops);
	uacce->cdev.owner = THIS_MODULE;
	ret = dev_set_name(&uacce->dev, "%s-%u", interface->name,
			   uacce->dev_id);
	if (ret) {
		uacce_disable_iommu_sva(uacce);
		put_device(&uacce->dev);
		return ERR_PTR(ret);
	}
	return uacce;

err_unpin:
	simple_release_fs(&uacce_mnt, &uacce_mnt_count);
err_free:
	kfree(uacce);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(uacce_alloc);

/**
 * uacce_register() - make the device visible to user space
 * @uacce: from uacce_alloc(), with algs and api_ver filled in
 *
 * On failure the driver still calls uacce_remove() to free @uacce.
 *
 * Return: 0, or -errno.
 */
int uacce_register(struct uacce_device *uacce)
{
	int ret;

	if (IS_ERR_OR_NULL(uacce))
		return -ENODEV;
	if (!uacce->algs || !uacce->api_ver)
		return -EINVAL;

	ret = cdev_device_add(&uacce->cdev, &uacce->dev);
	if (ret)
		return ret;
	uacce->registered = true;
	return 0;
}
EXPORT_SYMBOL_GPL(uacce_register);

/**
 * uacce_remove() - take the device away, even with queues in use
 * @uacce: from uacce_alloc(); may be an ERR_PTR or NULL
 *
 * Every open queue is stopped and released through the driver's ops, and
 * its user mappings are zapped (later accesses get SIGBUS). Later calls on
 * those queues fail with -ENXIO; new opens fail. No op is called once this
 * returns, so the driver may then free what the ops use and unload. The
 * memory of @uacce lives on until the last file descriptor is closed, but
 * it no longer holds any reference on the parent device: the one the class
 * device took is dropped here (cdev_device_del), so the parent may go.
 *
 * Context: process context; may sleep until the queues are torn down.
 */
void uacce_remove(struct uacce_device *uacce)
{
	struct uacce_queue *q;

	if (IS_ERR_OR_NULL(uacce))
		return;

	mutex_lock(&uacce->mutex);
	uacce->removed = true;
	list_for_each_entry(q, &uacce->queues, list)
		uacce_queue_kill(q);
	mutex_unlock(&uacce->mutex);

	if (uacce->registered)
		cdev_device_del(&uacce->cdev, &uacce->dev);
	uacce->registered = false;
	uacce_disable_iommu_sva(uacce);
	put_device(&uacce->dev);
}
EXPORT_SYMBOL_GPL(uacce_remove);

static int __init uacce_init(void)
{
	int ret;

	uacce_class = class_create(THIS_MODULE, "uacce");
	if (IS_ERR(uacce_class))
		return PTR_ERR(uacce_class);

	ret = alloc_chrdev_region(&uacce_devt, 0, MINORMASK, "uacce");
	if (ret)
		goto err_destroy_class;
	return 0;

err_destroy_class:
	class_destroy(uacce_class);
	return ret;
}

static void __exit uacce_exit(void)
{
	unregister_chrdev_region(uacce_devt, MINORMASK);
	class_destroy(uacce_class);
	ida_destroy(&uacce_ida);
	ida_destroy(&uacce_pasid_ida);
}

module_init(uacce_init);
module_exit(uacce_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Accelerator framework for user-space access with shared virtual addressing");
