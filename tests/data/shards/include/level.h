enum level { LEVEL_LOW, LEVEL_HIGH };

struct cfg {
	int level;
};
