#if canImport(Glibc)
    import Glibc
#endif

/// Makes the C allocator keep large blocks in the process for reuse, instead of returning them to
/// the kernel and asking for fresh ones at the next training step.
///
/// Every training step allocates the caches of its forward pass and the gradients of its backward
/// pass, the same sizes each step: for the GRU of the benchmark W2 (hidden 256, batch 64, 100
/// steps) about 140 MB, in blocks of up to 40 MB. By default glibc serves each block above 128 KiB
/// (a threshold that adapts up to 32 MiB) with a fresh `mmap` and unmaps it when it is freed, so the
/// next step touches new pages, and the kernel must map and zero each of them on first touch: one
/// page fault per 4 KiB, 29 000 per W2 step, about a fifth of its time. Even the 800 KB blocks of
/// the small benchmark W1 went back and forth, 380 faults per step.
///
/// With mmap switched off (`M_MMAP_MAX` = 0), glibc serves all blocks from its heap, and with a
/// high trim threshold it keeps up to 1 GiB of freed heap for the next allocation rather than
/// giving it back. After the first step, a training loop then reuses the same memory: zero page
/// faults per step. The cost is that a program keeps, until it exits, memory it has freed (at most
/// its peak use). Allocations from other threads are served as before when they do not fit.
///
/// The settings are process-wide. They are made once, by the first matrix product (`blasGEMM`),
/// which every program that trains something makes early.
let allocatorKeepsLargeBlocks: Bool = {
    #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module does not include; the
        // function is looked up by name instead. Its option numbers, from <malloc.h>:
        let trimThreshold: Int32 = -1, mmapMax: Int32 = -4  // M_TRIM_THRESHOLD, M_MMAP_MAX
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return false }  // nil: RTLD_DEFAULT
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapMax, 0)  // large blocks from the heap too, not one mmap each
        _ = mallopt(trimThreshold, 1 << 30)  // keep up to 1 GiB of freed heap for reuse
        return true
    #else
        return false
    #endif
}()
