/* test_buf.c — the capped buffer that holds everything from the network. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "unit.h"

int
main(void)
{
	struct buf	 b;
	char		*s;
	int		 i, rc = 0;

	buf_init(&b, 0);
	CHECK_STR(buf_str(&b), "", "empty buffer is an empty string");
	CHECK_INT(buf_puts(&b, "abc"), 0, "puts succeeds");
	CHECK_INT(buf_putc(&b, 'd'), 0, "putc succeeds");
	CHECK_INT(buf_printf(&b, "-%d-", 42), 0, "printf succeeds");
	CHECK_STR(b.data, "abcd-42-", "content concatenates");
	CHECK_INT(b.len, 8, "length counts bytes");
	for (i = 0; i < 1000; i++)
		rc |= buf_puts(&b, "0123456789");
	CHECK_INT(rc, 0, "grows past its first capacity");
	CHECK_INT(b.len, 10008, "length after growth");
	CHECK_INT(buf_printf(&b, "%0300d", 7), 0, "long printf goes the slow way");
	CHECK_INT(b.len, 10308, "long printf length");
	CHECK(b.data[b.len] == '\0', "always NUL-terminated");
	buf_reset(&b);
	CHECK_INT(b.len, 0, "reset empties");
	CHECK_STR(buf_str(&b), "", "reset leaves an empty string");
	buf_puts(&b, "kept");
	s = buf_take(&b);
	CHECK_STR(s, "kept", "take hands over the data");
	CHECK(b.data == NULL && b.len == 0, "take leaves the buffer empty");
	free(s);
	buf_free(&b);

	buf_init(&b, 10);
	CHECK_INT(buf_append(&b, "0123456789", 10), 0, "append up to the cap");
	CHECK_INT(buf_putc(&b, 'x'), -1, "append past the cap fails");
	CHECK_INT(b.len, 10, "failed append leaves length");
	CHECK_STR(b.data, "0123456789", "failed append leaves content");
	CHECK_INT(buf_printf(&b, "%s", "more"), -1, "printf past the cap fails");
	buf_free(&b);

	buf_init(&b, 4);
	CHECK_INT(buf_append(&b, "12345", 5), -1, "single append over the cap");
	CHECK_INT(b.len, 0, "nothing kept from it");
	buf_free(&b);

	buf_init(&b, 100);
	CHECK_INT(buf_reserve(&b, 101), -1, "reserve past the cap fails");
	CHECK_INT(buf_reserve(&b, 50), 0, "reserve within the cap");
	CHECK_INT(b.cap, 51, "exactly what was asked, and the NUL");
	s = b.data;
	for (rc = 0; b.len < 50 && rc == 0; )
		rc = buf_putc(&b, 'r');
	CHECK(rc == 0 && b.data == s && b.cap == 51,
	    "appending what was reserved never moves the data");
	CHECK_INT(buf_reserve(&b, 10), 0, "reserve more");
	CHECK_INT(b.len, 50, "reserve keeps the length");
	buf_free(&b);
	return unit_done();
}
