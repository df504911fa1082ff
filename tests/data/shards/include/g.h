struct ops {
	void (*fn)(void);
};

extern struct ops *cur_ops;
extern struct ops *spare_ops;
