/*
 * TinyForge board support: the few services examples/main.c and the test drivers need, so they run unchanged on
 * the host (board_host.c: stdio and clock()) and on the QEMU Cortex-M boards (board_mps2.c: semihosting and
 * SysTick). Replace this file's implementation to run the example on your own board.
 */
#ifndef TF_BOARD_H
#define TF_BOARD_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Prepares the console and the tick counter. */
void board_init(void);

/** Writes a NUL-terminated ASCII string to the console. */
void board_write(const char *text);

/** A monotonic tick counter; 0 when the board has none. */
uint64_t board_ticks(void);

/**
 * Nanoseconds per tick (0 when unknown). Under `qemu-system-arm -icount shift=0` one nanosecond of virtual
 * time is one instruction, so ticks * board_ns_per_tick() is the instruction count.
 */
uint32_t board_ns_per_tick(void);

/** Short board description, e.g. "host" or "qemu mps2-an386 (Cortex-M4)". */
const char *board_name(void);

#ifdef __cplusplus
}
#endif

#endif /* TF_BOARD_H */
