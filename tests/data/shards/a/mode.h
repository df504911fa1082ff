struct s {
	int mode;
};
