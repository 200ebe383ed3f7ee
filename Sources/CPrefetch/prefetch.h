#ifndef KEFU_PREFETCH_H
#define KEFU_PREFETCH_H

/// Asks the processor to bring the cache line at `address` into its caches ahead of a read, without
/// waiting for it. Swift has no such operation: the reader and the conversation model use it to
/// start the cache misses of several look-ups at once, where a plain read would wait for each.
static inline __attribute__((always_inline)) void kefu_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
