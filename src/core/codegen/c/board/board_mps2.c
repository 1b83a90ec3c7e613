/*
 * Board support for QEMU's Arm MPS2 machines (see board.h): mps2-an386 (Cortex-M4), mps2-an500 (Cortex-M7) and
 * mps2-an505 (Cortex-M33, booting in the Secure state). A 16-entry vector table, a reset handler that copies
 * .data, zeroes .bss, enables the FPU when the build uses it, runs main() and hands its return value to the
 * host through semihosting (qemu exits with it), SysTick as the tick counter, and semihosting console output.
 * Needs `qemu-system-arm -semihosting-config enable=on,target=native`; without it the first BKPT 0xAB is a fault.
 * Build macros: BOARD_NAME (string) and BOARD_SYSCLK_HZ (the SysTick clock, 25 MHz an386/an500, 20 MHz an505).
 */
#include "board.h"

#include <stdint.h>

#ifndef BOARD_NAME
#define BOARD_NAME "qemu mps2"
#endif
#ifndef BOARD_SYSCLK_HZ
#define BOARD_SYSCLK_HZ 25000000u
#endif

#define SYS_WRITE0 0x04
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define SCB_CPACR (*(volatile uint32_t *)0xE000ED88u)
#define SYSTICK_RELOAD 0x00FFFFFFu

int main(void);
void Reset_Handler(void);
void Fault_Handler(void);
void SysTick_Handler(void);

extern uint32_t __stack_top__;
extern uint32_t __data_load__;
extern uint32_t __data_start__;
extern uint32_t __data_end__;
extern uint32_t __bss_start__;
extern uint32_t __bss_end__;

static volatile uint32_t systick_wraps;

static int32_t semihost(int32_t op, const void *arg)
{
    register int32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static void board_exit(int code)
{
    const uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code};
    semihost(SYS_EXIT_EXTENDED, block);
    for (;;)
    {
    }
}

void board_init(void)
{
    SYST_RVR = SYSTICK_RELOAD;
    SYST_CVR = 0;
    SYST_CSR = 7u; /* enable, interrupt on wrap, processor clock */
}

void board_write(const char *text)
{
    semihost(SYS_WRITE0, text);
}

uint64_t board_ticks(void)
{
    uint32_t wraps;
    uint32_t value;
    do
    {
        wraps = systick_wraps;
        value = SYST_CVR;
    } while (wraps != systick_wraps);
    return (uint64_t)wraps * (SYSTICK_RELOAD + 1u) + (SYSTICK_RELOAD - value);
}

uint32_t board_ns_per_tick(void)
{
    return 1000000000u / BOARD_SYSCLK_HZ;
}

const char *board_name(void)
{
    return BOARD_NAME;
}

void SysTick_Handler(void)
{
    systick_wraps++;
}

void Fault_Handler(void)
{
    board_write("tinyforge: fault\n");
    board_exit(127);
}

void Reset_Handler(void)
{
    const uint32_t *src = &__data_load__;
    for (uint32_t *dst = &__data_start__; dst < &__data_end__;)
    {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &__bss_start__; dst < &__bss_end__;)
    {
        *dst++ = 0;
    }
#if defined(__ARM_FP)
    SCB_CPACR |= 0xFu << 20; /* CP10, CP11: full access */
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    board_exit(main());
}

/* Newlib's init/fini hooks, unused without its start files. */
void _init(void);
void _fini(void);
void _init(void)
{
}
void _fini(void)
{
}

__attribute__((section(".isr_vector"), used)) static const uint32_t vector_table[16] = {
    (uint32_t)&__stack_top__,
    (uint32_t)&Reset_Handler,
    (uint32_t)&Fault_Handler, /* NMI */
    (uint32_t)&Fault_Handler, /* HardFault */
    (uint32_t)&Fault_Handler, /* MemManage */
    (uint32_t)&Fault_Handler, /* BusFault */
    (uint32_t)&Fault_Handler, /* UsageFault */
    (uint32_t)&Fault_Handler, /* SecureFault (Armv8-M) */
    0,
    0,
    0,
    (uint32_t)&Fault_Handler, /* SVCall */
    (uint32_t)&Fault_Handler, /* DebugMonitor */
    0,
    (uint32_t)&Fault_Handler, /* PendSV */
    (uint32_t)&SysTick_Handler,
};
