/* Host board support (see board.h): stdout and the C library's clock(). */
#include "board.h"

#include <stdio.h>
#include <time.h>

void board_init(void)
{
}

void board_write(const char *text)
{
    fputs(text, stdout);
    fflush(stdout);
}

uint64_t board_ticks(void)
{
    const clock_t now = clock();
    return now < 0 ? 0 : (uint64_t)now;
}

uint32_t board_ns_per_tick(void)
{
    return (uint32_t)(1000000000 / CLOCKS_PER_SEC);
}

const char *board_name(void)
{
    return "host";
}
