// SHA-256's block function on the processor's SHA extensions (x86-64 SHA-NI), for DeployRender's SHA256.
// C because the extensions are reached through compiler intrinsics, which Swift cannot call.
#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this processor has the SHA extensions and the SSSE3 and SSE4.1 instructions they are used
/// with; 0 otherwise (any processor that is not x86-64).
int csha256_has_extensions(void);

/// Compresses `blocks` 64-byte blocks from `data` into `state` (the eight words a to h of FIPS 180-4),
/// with the 64 round constants K of FIPS 180-4 (the caller's table: one copy of them in the package).
/// Call it only when `csha256_has_extensions()` is 1.
void csha256_compress_blocks(uint32_t state[8], const uint8_t *data, size_t blocks, const uint32_t roundConstants[64]);

#endif
