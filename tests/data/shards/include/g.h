struct ops {
	void (*fn)(void);
};

extern struct ops *cur_ops;
