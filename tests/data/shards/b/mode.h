enum b_mode { B_OFF, B_ON, B_AUTO };

struct s {
	int mode;
};
