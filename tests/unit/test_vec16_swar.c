/* test_vec16_swar.c — test_vec16.c on vec16.h's SWAR words. */
#define VEC16_SWAR	1
#include "test_vec16.c"
