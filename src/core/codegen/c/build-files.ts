/**
 * The package's build files: a Makefile (host test, QEMU tests for Cortex-M4/M7/M33, static library, sizes,
 * optional CMSIS-NN) and a CMakeLists.txt for vendor projects. The QEMU recipes follow the verified set-up of
 * ../shared/STACK.md §6: mps2-an386 / an500 / an505, semihosting, `-icount shift=0` for deterministic tick
 * counts, always under `timeout`, the guest's exit code passed through. A single-rounding package (rounding 'single')
 * defines CMSIS_NN_USE_SINGLE_ROUNDING for every source, CMSIS-NN's included; a double-rounding one is as it always was.
 */
import type { Rounding } from '../../quant/fixed-point.ts'


/** Arm targets of the Makefile: flags, QEMU machine and SysTick clock. */
export const QEMU_BOARDS = [
  { id: 'm4', core: 'Cortex-M4', cpu: 'cortex-m4', fpu: 'fpv4-sp-d16', machine: 'mps2-an386', clockHz: 25_000_000 },
  { id: 'm7', core: 'Cortex-M7', cpu: 'cortex-m7', fpu: 'fpv5-d16', machine: 'mps2-an500', clockHz: 25_000_000 },
  { id: 'm33', core: 'Cortex-M33', cpu: 'cortex-m33', fpu: 'fpv5-sp-d16', machine: 'mps2-an505', clockHz: 20_000_000 },
] as const

export function makefile(prefix: string, rounding: Rounding = 'double'): string {
  const single = rounding === 'single'
  const boards = QEMU_BOARDS.map((b) => `# ${b.core} on qemu ${b.machine}
ARCH_${b.id} := -mcpu=${b.cpu} -mthumb -mfloat-abi=hard -mfpu=${b.fpu}
BOARD_${b.id} := -DBOARD_NAME='"qemu ${b.machine} (${b.core})"' -DBOARD_SYSCLK_HZ=${b.clockHz}u
MACHINE_${b.id} := ${b.machine}
`).join('\n')
  const targets = QEMU_BOARDS.map((b) => `$(BUILD)/${b.id}$(VARIANT)/$(PREFIX).elf: $(APP_SRCS) $(HEADERS) $(call cmsis_objs,${b.id})
	@mkdir -p $(dir $@)
	$(ARM_CC) $(ARCH_${b.id}) $(WARN) $(OPT) $(ARM_CFLAGS)${single ? ' $(ROUNDING_DEFS)' : ''} $(CMSIS_DEFS) $(BOARD_${b.id}) $(INCLUDES) $(APP_SRCS) board/board_mps2.c \\
		$(call cmsis_objs,${b.id}) -T board/${b.machine}.ld $(ARM_LDFLAGS) -Wl,-Map,$(@:.elf=.map) -o $@

$(CMSIS_BUILD)/${b.id}/%.o: $(CMSIS_NN_PATH)/Source/%.c
	@mkdir -p $(dir $@)
	$(ARM_CC) $(ARCH_${b.id}) $(CMSIS_CFLAGS)${single ? ' $(ROUNDING_DEFS)' : ''} -c $< -o $@

test-qemu-${b.id}: $(BUILD)/${b.id}$(VARIANT)/$(PREFIX).elf
	timeout $(QEMU_TIMEOUT) $(QEMU) -M $(MACHINE_${b.id}) $(QEMU_FLAGS) -kernel $<

size-${b.id}: $(BUILD)/${b.id}$(VARIANT)/$(PREFIX).elf
	$(ARM_SIZE) $<

lib-${b.id}:
	$(MAKE) lib CC=$(ARM_CC) AR=$(ARM_AR) LIB_FLAGS="$(ARCH_${b.id}) $(ARM_CFLAGS)" LIB_DIR=$(BUILD)/lib-${b.id}$(VARIANT)
`).join('\n')
  return `# ${prefix}: TinyForge C package.
#
#   make test                 build with the host compiler and run the test vectors (exit 0 = bit-exact)
#   make test SANITIZE=1      the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make test-qemu-m4         Cortex-M4 on qemu mps2-an386 (also test-qemu-m7: mps2-an500, test-qemu-m33: mps2-an505)
#   make size-m4              arm-none-eabi-size of that image (also size-m7, size-m33)
#   make lib                  lib${prefix}.a with $(CC) (LIB_FLAGS for your core), or lib-m4 / lib-m7 / lib-m33
#   make ... CMSIS_NN_PATH=/path/to/CMSIS-NN    call CMSIS-NN's s8 kernels instead (-DTINYFORGE_USE_CMSIS_NN)
#   make clean
PREFIX := ${prefix}
${single ? `
# Quantized for single rounding: CMSIS-NN's CMSIS_NN_USE_SINGLE_ROUNDING, for the runtime and CMSIS-NN alike.
ROUNDING_DEFS := -DCMSIS_NN_USE_SINGLE_ROUNDING
` : ''}
CC ?= cc
AR ?= ar
ARM_PREFIX ?= arm-none-eabi-
ARM_CC := $(ARM_PREFIX)gcc
ARM_AR := $(ARM_PREFIX)ar
ARM_SIZE := $(ARM_PREFIX)size
QEMU ?= qemu-system-arm
QEMU_TIMEOUT ?= 300
QEMU_FLAGS ?= -nographic -semihosting-config enable=on,target=native -icount shift=0

OPT ?= -O2
WARN := -std=c99 -Wall -Wextra -Werror
HOST_CFLAGS ?=
ARM_CFLAGS ?= -ffunction-sections -fdata-sections
ARM_LDFLAGS ?= -Lboard -nostartfiles --specs=nano.specs -Wl,--gc-sections
LIB_FLAGS ?=
LIB_DIR ?= $(BUILD)/lib$(VARIANT)
BUILD ?= build
# CMSIS-NN objects, per core; point several packages at one folder to compile CMSIS-NN once${single ? ' (a folder of\n# single-rounding objects: CMSIS-NN compiled with CMSIS_NN_USE_SINGLE_ROUNDING)' : ''}.
CMSIS_BUILD ?= $(BUILD)/cmsis-nn${single ? '-single-rounding' : ''}

INCLUDES := -Iinclude -Iruntime -Iboard -Iexamples
LIB_SRCS := src/$(PREFIX).c $(sort $(wildcard runtime/*.c))
APP_SRCS := $(LIB_SRCS) examples/main.c
HEADERS := $(wildcard include/*.h runtime/*.h board/*.h examples/*.h)

ifeq ($(SANITIZE),1)
HOST_CFLAGS += -g -fsanitize=address,undefined -fno-sanitize-recover=all
endif

# CMSIS-NN: its sources are compiled once per core into $(CMSIS_BUILD)/<core>/ with their own (quiet) flags.
ifneq ($(CMSIS_NN_PATH),)
VARIANT := -cmsis-nn
CMSIS_DEFS := -DTINYFORGE_USE_CMSIS_NN -I$(CMSIS_NN_PATH)/Include
# The int8 kernels only: newer CMSIS-NN float kernels (*_f16.c, *_f32.c) need their own configuration.
CMSIS_SRCS := $(sort $(filter-out %_f16.c %_f32.c,$(wildcard $(CMSIS_NN_PATH)/Source/*/*.c)))
CMSIS_CFLAGS := -std=c99 $(OPT) -w -ffunction-sections -fdata-sections -I$(CMSIS_NN_PATH)/Include
cmsis_objs = $(patsubst $(CMSIS_NN_PATH)/Source/%.c,$(CMSIS_BUILD)/$(1)/%.o,$(CMSIS_SRCS))
else
VARIANT :=
CMSIS_DEFS :=
cmsis_objs =
endif

.PHONY: all test test-qemu-m4 test-qemu-m7 test-qemu-m33 size-m4 size-m7 size-m33 lib lib-m4 lib-m7 lib-m33 clean
all: test

$(BUILD)/host$(VARIANT)/$(PREFIX)_test: $(APP_SRCS) $(HEADERS) $(call cmsis_objs,host)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(OPT) $(HOST_CFLAGS)${single ? ' $(ROUNDING_DEFS)' : ''} $(CMSIS_DEFS) $(INCLUDES) $(APP_SRCS) board/board_host.c $(call cmsis_objs,host) -o $@

$(CMSIS_BUILD)/host/%.o: $(CMSIS_NN_PATH)/Source/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CMSIS_CFLAGS)${single ? ' $(ROUNDING_DEFS)' : ''} -c $< -o $@

test: $(BUILD)/host$(VARIANT)/$(PREFIX)_test
	./$<

${boards}
${targets}
lib:
	@mkdir -p $(LIB_DIR)
	@for f in $(LIB_SRCS); do \\
		echo "$(CC) $$f"; \\
		$(CC) $(WARN) $(OPT) $(LIB_FLAGS)${single ? ' $(ROUNDING_DEFS)' : ''} $(CMSIS_DEFS) -Iinclude -Iruntime -c $$f -o $(LIB_DIR)/$$(basename $$f .c).o || exit 1; \\
	done
	$(AR) rcs $(LIB_DIR)/lib$(PREFIX).a $(LIB_DIR)/*.o
	@echo "built $(LIB_DIR)/lib$(PREFIX).a"

clean:
	rm -rf $(BUILD)
`
}

export function cmakeLists(prefix: string, rounding: Rounding = 'double'): string {
  const single = rounding === 'single'
  return `# ${prefix}: TinyForge C package for CMake-based projects (CMake >= 3.15).
#
#   add_subdirectory(${prefix})            then   target_link_libraries(app PRIVATE ${prefix})
#   -DTINYFORGE_USE_CMSIS_NN=ON            call CMSIS-NN's s8 kernels: link a target named cmsis-nn, or give
#                                          -DCMSIS_NN_PATH=/path/to/CMSIS-NN to add CMSIS-NN's own CMakeLists
# On a host build the bit-exact example is added as a test (ctest).
cmake_minimum_required(VERSION 3.15)
project(${prefix} C)

option(TINYFORGE_USE_CMSIS_NN "Call CMSIS-NN's s8 kernels instead of the portable ones" OFF)
set(CMSIS_NN_PATH "" CACHE PATH "CMSIS-NN checkout (used when no cmsis-nn target exists)")

file(GLOB TINYFORGE_RUNTIME_SOURCES CONFIGURE_DEPENDS \${CMAKE_CURRENT_SOURCE_DIR}/runtime/*.c)
add_library(${prefix} STATIC src/${prefix}.c \${TINYFORGE_RUNTIME_SOURCES})
target_include_directories(${prefix} PUBLIC \${CMAKE_CURRENT_SOURCE_DIR}/include PRIVATE \${CMAKE_CURRENT_SOURCE_DIR}/runtime)
set_target_properties(${prefix} PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
${single ? `# Quantized for single rounding (CMSIS-NN's CMSIS_NN_USE_SINGLE_ROUNDING): for the runtime and, below, CMSIS-NN.
target_compile_definitions(${prefix} PUBLIC CMSIS_NN_USE_SINGLE_ROUNDING)
` : ''}
if(TINYFORGE_USE_CMSIS_NN)
  if(NOT TARGET cmsis-nn)
    if(NOT CMSIS_NN_PATH)
      message(FATAL_ERROR "TINYFORGE_USE_CMSIS_NN needs a cmsis-nn target or -DCMSIS_NN_PATH=<CMSIS-NN checkout>")
    endif()
    add_subdirectory(\${CMSIS_NN_PATH} cmsis-nn)
  endif()${single ? `
  # A cmsis-nn target of your own must be compiled with CMSIS_NN_USE_SINGLE_ROUNDING too.
  target_compile_definitions(cmsis-nn PUBLIC CMSIS_NN_USE_SINGLE_ROUNDING)` : ''}
  target_compile_definitions(${prefix} PUBLIC TINYFORGE_USE_CMSIS_NN)
  target_link_libraries(${prefix} PUBLIC cmsis-nn)
endif()

if(NOT CMAKE_CROSSCOMPILING)
  add_executable(${prefix}_example examples/main.c board/board_host.c)
  target_include_directories(${prefix}_example PRIVATE \${CMAKE_CURRENT_SOURCE_DIR}/board \${CMAKE_CURRENT_SOURCE_DIR}/examples)
  target_link_libraries(${prefix}_example PRIVATE ${prefix})
  set_target_properties(${prefix}_example PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON)
  enable_testing()
  add_test(NAME ${prefix}_bit_exact COMMAND ${prefix}_example)
endif()
`
}
