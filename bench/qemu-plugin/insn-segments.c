/*
 * insn-segments: a QEMU TCG plugin that counts the guest instructions of every call of one function (the
 * generated schedule `<prefix>_run`) and splits them by the calls it makes (one kernel call per segment).
 *
 *   qemu-system-arm ... -plugin ./libinsn-segments.so,entry=0x<run>,range=0x<lo>:0x<hi>[,range=...],out=<file>
 *
 * Contract. A "run call" starts when the translation block at `entry` (the function's first instruction)
 * executes. The function's code is the union of the `range` arguments (up to 8: the function and the clones gcc
 * splits off it, e.g. `<prefix>_run.part.0`). While a run call is active, blocks inside the code count to the
 * call's own instructions; the first block outside it after a block inside opens a new segment, keyed by its
 * start address (a callee's entry, or the return address in the caller when the function returns), and every
 * block until control comes back into the code counts to that segment. So a segment = one callee with everything it calls; the segment that starts at the
 * caller's return address runs until the next run call and is dropped by the reader (bench/c-package-build.ts)
 * because its start is not a callee of the function. `total` counts every instruction executed.
 * Counts are per executed translation block (qemu_plugin_tb_n_insns), which is exact unless a block is left
 * early by an exception; under -icount the icount budget check runs before the callback.
 * Output (at exit, to `out`): `total <n>`, then per run call k `run <k> <own>` and `seg <k> <start-hex> <n>`.
 *
 * Debian's qemu 7.2 ships no qemu-plugin.h: the few API-v1 declarations used are restated below (QEMU's
 * include/qemu/qemu-plugin.h, QEMU_PLUGIN_VERSION 1). Build: cc -O2 -shared -fPIC -o libinsn-segments.so this.c
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLUGIN_EXPORT __attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
enum qemu_plugin_cb_flags
{
    QEMU_PLUGIN_CB_NO_REGS,
    QEMU_PLUGIN_CB_R_REGS,
    QEMU_PLUGIN_CB_RW_REGS,
};
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb, qemu_plugin_vcpu_udata_cb_t cb,
                                          enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);

PLUGIN_EXPORT int qemu_plugin_version = 1;
PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv);

/* What a translated block needs at execution time: its start and length (allocated once per translation). */
typedef struct
{
    uint64_t pc;
    uint64_t insns;
} block_info;

typedef struct
{
    uint64_t start;
    uint64_t insns;
    uint32_t call;
} segment;

#define MAX_CALLS 64
#define MAX_SEGMENTS 65536

#define MAX_RANGES 8

static uint64_t entry_pc;
static uint64_t range_lo[MAX_RANGES];
static uint64_t range_hi[MAX_RANGES];
static int range_count;
static char out_path[4096];
static uint64_t total;
static int calls = -1; /* index of the active run call, -1 before the first */
static int inside;     /* the last block executed was inside [lo, hi) */
static uint64_t own[MAX_CALLS];
static segment segments[MAX_SEGMENTS];
static uint32_t segment_count;
static int overflow;

static int in_code(uint64_t pc)
{
    for (int i = 0; i < range_count; i++)
    {
        if (pc >= range_lo[i] && pc < range_hi[i])
        {
            return 1;
        }
    }
    return 0;
}

static void on_block(unsigned int vcpu, void *userdata)
{
    const block_info *b = userdata;
    (void)vcpu;
    total += b->insns;
    if (b->pc == entry_pc)
    {
        if (calls + 1 < MAX_CALLS)
        {
            calls++;
        }
        else
        {
            overflow = 1;
        }
    }
    if (calls < 0)
    {
        return;
    }
    if (in_code(b->pc))
    {
        own[calls] += b->insns;
        inside = 1;
        return;
    }
    if (inside)
    {
        inside = 0;
        if (segment_count < MAX_SEGMENTS)
        {
            segments[segment_count].start = b->pc;
            segments[segment_count].call = (uint32_t)calls;
            segment_count++;
        }
        else
        {
            overflow = 1;
        }
    }
    if (segment_count > 0)
    {
        segments[segment_count - 1].insns += b->insns;
    }
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    block_info *b = malloc(sizeof *b); /* lives as long as the translation may run: never freed */
    (void)id;
    if (b == NULL)
    {
        abort();
    }
    b->pc = qemu_plugin_tb_vaddr(tb);
    b->insns = qemu_plugin_tb_n_insns(tb);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, on_block, QEMU_PLUGIN_CB_NO_REGS, b);
}

static void on_exit(qemu_plugin_id_t id, void *userdata)
{
    (void)id;
    (void)userdata;
    FILE *f = fopen(out_path, "w");
    if (f == NULL)
    {
        return;
    }
    fprintf(f, "total %llu\n", (unsigned long long)total);
    if (overflow)
    {
        fprintf(f, "overflow 1\n");
    }
    for (int k = 0; k <= calls; k++)
    {
        fprintf(f, "run %d %llu\n", k, (unsigned long long)own[k]);
    }
    for (uint32_t i = 0; i < segment_count; i++)
    {
        fprintf(f, "seg %u %llx %llu\n", segments[i].call, (unsigned long long)segments[i].start,
                (unsigned long long)segments[i].insns);
    }
    fclose(f);
}

PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
    (void)info;
    for (int i = 0; i < argc; i++)
    {
        char *end = NULL;
        if (strncmp(argv[i], "entry=", 6) == 0)
        {
            entry_pc = strtoull(argv[i] + 6, NULL, 0);
        }
        else if (strncmp(argv[i], "range=", 6) == 0 && range_count < MAX_RANGES)
        {
            range_lo[range_count] = strtoull(argv[i] + 6, &end, 0);
            range_hi[range_count] = end != NULL && *end == ':' ? strtoull(end + 1, NULL, 0) : 0;
            if (range_hi[range_count] <= range_lo[range_count])
            {
                fprintf(stderr, "insn-segments: bad range '%s'\n", argv[i]);
                return -1;
            }
            range_count++;
        }
        else if (strncmp(argv[i], "out=", 4) == 0)
        {
            snprintf(out_path, sizeof out_path, "%s", argv[i] + 4);
        }
        else
        {
            fprintf(stderr, "insn-segments: unknown argument '%s'\n", argv[i]);
            return -1;
        }
    }
    if (range_count == 0 || !in_code(entry_pc) || out_path[0] == '\0')
    {
        fprintf(stderr, "insn-segments: needs entry=<addr>,range=<lo>:<hi>[,range=...],out=<file> with entry in a range\n");
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_exit, NULL);
    return 0;
}
