/* builds ens_impl.c a second way, as ens1371.c does ens1370.c: this TU
 * walks ens_impl.c's bodies as a header's, and ens_impl.c's own TU must
 * still parse its own file whole */
#define ENS_VARIANT 2
#include "ens_impl.c"
