// SHA-256's block function on x86-64's SHA extensions (Intel SHA-NI, also in AMD Zen), after the
// arrangement in Intel's "New Instructions Supporting the Secure Hash Algorithm on Intel Architecture
// Processors" (2013): the state as ABEF/CDGH halves, four message words per vector.
#include "CSHA256.h"

#if defined(__x86_64__)

#include <cpuid.h>
#include <immintrin.h>

int csha256_has_extensions(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const int ssse3 = (ecx >> 9) & 1, sse41 = (ecx >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    const int sha = (ebx >> 29) & 1;
    return ssse3 && sse41 && sha;
}

__attribute__((target("sha,ssse3,sse4.1")))
void csha256_compress_blocks(uint32_t state[8], const uint8_t *data, size_t blocks, const uint32_t roundConstants[64]) {
    // Big-endian words: reverse the bytes of each 32-bit lane.
    const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);

    // state a..h -> ABEF and CDGH, the operand order of sha256rnds2.
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

    for (; blocks > 0; blocks--, data += 64) {
        const __m128i abefBefore = abef, cdghBefore = cdgh;
        __m128i words[16];  // the message schedule, four words to a vector
        for (int i = 0; i < 4; i++) {
            words[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * i)), byteSwap);
        }
        for (int i = 4; i < 16; i++) {
            // W[t] = W[t-16] + s0(W[t-15]) + W[t-7] + s1(W[t-2]), four at a time.
            __m128i partial = _mm_sha256msg1_epu32(words[i - 4], words[i - 3]);
            partial = _mm_add_epi32(partial, _mm_alignr_epi8(words[i - 1], words[i - 2], 4));
            words[i] = _mm_sha256msg2_epu32(partial, words[i - 1]);
        }
        for (int i = 0; i < 16; i++) {
            // Two rounds on the low two words plus constants, two on the high two.
            __m128i message = _mm_add_epi32(words[i], _mm_loadu_si128((const __m128i *)&roundConstants[4 * i]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, message);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(message, 0x0E));
        }
        abef = _mm_add_epi32(abef, abefBefore);
        cdgh = _mm_add_epi32(cdgh, cdghBefore);
    }

    // ABEF and CDGH -> a..h.
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

#else

int csha256_has_extensions(void) { return 0; }

// Unreachable: callers check csha256_has_extensions() first. A wrong digest would be worse than a stop.
void csha256_compress_blocks(uint32_t state[8], const uint8_t *data, size_t blocks, const uint32_t roundConstants[64]) {
    (void)state;
    (void)data;
    (void)blocks;
    (void)roundConstants;
    __builtin_trap();
}

#endif
