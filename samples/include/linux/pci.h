#ifndef LINUX_PCI_H
#define LINUX_PCI_H

struct pci_dev {
	int		irq;
	void		*driver_data;
};

struct pci_driver {
	const char	*name;
	int		(*probe)(struct pci_dev *dev);
};

/* declared only: the PCI core is not in the sample */
int pci_register_driver(struct pci_driver *drv);

#endif /* LINUX_PCI_H */
