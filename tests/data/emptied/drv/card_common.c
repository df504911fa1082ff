/* included by card_a.c and card_b.c, each of which declares
 * card_probe_hw first itself: clang's USR names that file, so each TU has
 * its own key for this one body, as the kernel's echoaudio cards do */
static int card_probe_hw(int v)
{
	return base_op(v) + other_op(v);
}
