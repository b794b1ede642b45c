//! A small allocator for long-lived wasm isolates (feature `heap`): blocks
//! of power-of-two sizes, one free list per size. About 1 KB of wasm where
//! std's dlmalloc is about 7 KB.
//!
//! - Every request is rounded up to a power of two from 16 bytes (the
//!   alignment counts as a size: a block of 2^k bytes is aligned to 2^k, up
//!   to 64 KiB). A freed block goes on its size's free list and the next
//!   request of that size takes it: memory is reused, never leaked, and a
//!   workload that repeats (a worker's requests) stops growing the heap once
//!   each size has met its peak.
//! - New blocks are carved from memory grown with `memory.grow`; the bytes
//!   skipped to align a block are handed to the free lists as smaller
//!   blocks, so nothing is lost to alignment.
//! - Blocks are never split or merged: rounding wastes under half of a
//!   block, and memory held by one size is not lent to another. That suits
//!   a request/response worker (the same sizes again and again) better than
//!   a general-purpose heap; `std`'s dlmalloc stays the choice for that.
//!
//! Single-threaded: wasm32 without the `atomics` target feature has one
//! thread, so the global instance needs no lock.

use core::alloc::Layout;
use core::ptr;

/// The smallest block, 2^4 = 16 bytes: room for a free list's link, and
/// the alignment of every scalar type.
const MIN_SHIFT: u32 = 4;
/// Block sizes 2^4 ..= 2^(MIN_SHIFT + CLASSES - 1) (2^31 on wasm32).
const CLASSES: usize = (usize::BITS - MIN_SHIFT) as usize;
/// A wasm page; also the largest block alignment.
pub const PAGE: usize = 65536;

/// The allocator's state: a free list per block size and the region still
/// to be carved. Memory comes from `grow`, given to each call.
pub struct Heap {
    /// Address of the first free block of each size (0: none); each free
    /// block holds the address of the next one in its first word.
    free: [usize; CLASSES],
    /// The next address not yet handed out.
    top: usize,
    /// The end of the memory grown so far.
    end: usize,
}

impl Heap {
    /// An empty heap: it grows on the first allocation.
    pub const fn new() -> Heap {
        Heap {
            free: [0; CLASSES],
            top: 0,
            end: 0,
        }
    }

    /// The size class of `layout` (block size 2^(class + MIN_SHIFT)), or
    /// `None` when no block can hold it.
    fn class(layout: Layout) -> Option<usize> {
        if layout.align() > PAGE {
            return None;
        }
        let size = layout.size().max(layout.align()).max(1 << MIN_SHIFT);
        let class = (size.checked_next_power_of_two()?.trailing_zeros() - MIN_SHIFT) as usize;
        (class < CLASSES).then_some(class)
    }

    /// A block for `layout`, or null when memory cannot grow.
    /// `grow(pages)` adds `pages` wasm pages of memory and returns the
    /// address where they start, or `None` when memory is exhausted.
    ///
    /// # Safety
    /// Memory `grow` returns must be this heap's alone, readable and
    /// writable, and stay so; every block given back through
    /// [`dealloc`](Self::dealloc) must have come from this heap with the
    /// same layout.
    pub unsafe fn alloc(
        &mut self,
        layout: Layout,
        grow: impl FnOnce(usize) -> Option<usize>,
    ) -> *mut u8 {
        let Some(class) = Self::class(layout) else {
            return ptr::null_mut();
        };
        let head = self.free[class];
        if head != 0 {
            // SAFETY: a free block's first word is the next free block's
            // address, written by `push`.
            self.free[class] = unsafe { ptr::read(head as *const usize) };
            return head as *mut u8;
        }
        let size = 1usize << (class as u32 + MIN_SHIFT);
        let align = size.min(PAGE);
        let Some(mut start) = self.top.checked_next_multiple_of(align) else {
            return ptr::null_mut();
        };
        if start.checked_add(size).is_none_or(|last| last > self.end) {
            // Grow by what the block needs beyond the current end (checked:
            // near the top of a 32-bit address space this overflows).
            let Some(pages) = start
                .max(self.end)
                .checked_add(size)
                .map(|last| (last - self.end).div_ceil(PAGE))
            else {
                return ptr::null_mut();
            };
            let Some(fresh) = grow(pages) else {
                return ptr::null_mut();
            };
            let Some(end) = pages
                .checked_mul(PAGE)
                .and_then(|bytes| fresh.checked_add(bytes))
            else {
                return ptr::null_mut();
            };
            if fresh != self.end {
                // Someone else grew memory in between: what was left of the
                // old region goes to the free lists, carving restarts.
                // SAFETY: [top, end) is this heap's and not handed out.
                unsafe { self.release(self.top, self.end) };
                self.top = fresh;
            }
            self.end = end;
            // Page-aligned or below the old start: cannot overflow.
            start = self.top.next_multiple_of(align);
        }
        // SAFETY: [top, start) is this heap's and not handed out.
        unsafe { self.release(self.top, start) };
        self.top = start + size;
        start as *mut u8
    }

    /// Gives back a block [`alloc`](Self::alloc) returned for `layout`.
    ///
    /// # Safety
    /// `block` came from this heap's `alloc` with this `layout` and is not
    /// used after.
    pub unsafe fn dealloc(&mut self, block: *mut u8, layout: Layout) {
        if let Some(class) = Self::class(layout) {
            // SAFETY: the caller's promise; the block holds at least a word.
            unsafe { self.push(block as usize, class) };
        }
    }

    /// `block` resized to `new_size`: the same block while the size class
    /// holds it, else a new one with the contents copied.
    ///
    /// # Safety
    /// As for [`dealloc`](Self::dealloc); `new_size` rounded up to
    /// `layout.align()` must not overflow `isize`.
    pub unsafe fn realloc(
        &mut self,
        block: *mut u8,
        layout: Layout,
        new_size: usize,
        grow: impl FnOnce(usize) -> Option<usize>,
    ) -> *mut u8 {
        // SAFETY: the caller's promise on `new_size`.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if Self::class(new_layout) == Self::class(layout) {
            return block;
        }
        // SAFETY: the caller's promises, passed on.
        unsafe {
            let moved = self.alloc(new_layout, grow);
            if !moved.is_null() {
                ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                self.dealloc(block, layout);
            }
            moved
        }
    }

    /// Puts the free block at `address` on the list of `class`.
    ///
    /// # Safety
    /// The block is this heap's, `2^(class + MIN_SHIFT)` bytes, aligned to
    /// its size (or to a page), and unused.
    unsafe fn push(&mut self, address: usize, class: usize) {
        // SAFETY: the caller's promise; blocks are at least 16 bytes and
        // word-aligned.
        unsafe { ptr::write(address as *mut usize, self.free[class]) };
        self.free[class] = address;
    }

    /// Hands the unused range [from, to) to the free lists as the largest
    /// blocks aligned to their size that fit (a range left by aligning a
    /// block starts 16-aligned, so all of it is used).
    ///
    /// # Safety
    /// The range is this heap's and unused.
    unsafe fn release(&mut self, mut from: usize, to: usize) {
        from = from.next_multiple_of(1 << MIN_SHIFT);
        while to.saturating_sub(from) >= 1 << MIN_SHIFT {
            // The largest power of two dividing `from`, then halved until
            // the block fits the range and a class.
            let mut size = if from == 0 {
                1 << (usize::BITS - 1)
            } else {
                1 << from.trailing_zeros()
            };
            let largest = 1 << (MIN_SHIFT as usize + CLASSES - 1);
            while size > to - from || size > largest {
                size >>= 1;
            }
            let class = (size.trailing_zeros() - MIN_SHIFT) as usize;
            // SAFETY: the caller's promise; `size` divides `from`.
            unsafe { self.push(from, class) };
            from += size;
        }
    }
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

#[cfg(all(target_arch = "wasm32", feature = "heap"))]
mod global {
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;

    use super::{Heap, PAGE};

    #[cfg(target_feature = "atomics")]
    compile_error!("rynamo-wasm's `heap` allocator is single-threaded: build without `atomics`");

    /// The [`Heap`] as the global allocator of a wasm32 build.
    struct WasmHeap(UnsafeCell<Heap>);

    // SAFETY: wasm32 without `atomics` runs one thread, and the allocator
    // never calls back into itself, so there is one `&mut Heap` at a time.
    unsafe impl Sync for WasmHeap {}

    /// `memory.grow`: the address of the new pages.
    fn grow(pages: usize) -> Option<usize> {
        let previous = core::arch::wasm32::memory_grow(0, pages);
        (previous != usize::MAX).then(|| previous * PAGE)
    }

    // SAFETY: memory grown by `memory.grow` is the heap's alone (nothing
    // else in a build with this allocator grows memory for its own use;
    // if something did, `Heap::alloc` starts a new region past it), and
    // the allocator's contract is passed on to `Heap`.
    unsafe impl GlobalAlloc for WasmHeap {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            unsafe { (*self.0.get()).alloc(layout, grow) }
        }

        unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
            unsafe { (*self.0.get()).dealloc(block, layout) }
        }

        unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            unsafe { (*self.0.get()).realloc(block, layout, new_size, grow) }
        }
    }

    #[global_allocator]
    static HEAP: WasmHeap = WasmHeap(UnsafeCell::new(Heap::new()));
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::vec::Vec;

    /// Memory for a test heap: `pages` pages, handed out by `grow` in order,
    /// with the number of pages grown so far.
    struct Memory {
        base: *mut u8,
        pages: usize,
        grown: usize,
    }

    impl Memory {
        fn new(pages: usize) -> Memory {
            let layout = Layout::from_size_align(pages * PAGE, PAGE).unwrap();
            // SAFETY: a non-zero size.
            let base = unsafe { std::alloc::alloc_zeroed(layout) };
            assert!(!base.is_null());
            Memory {
                base,
                pages,
                grown: 0,
            }
        }

        fn grow(&mut self) -> impl FnOnce(usize) -> Option<usize> + '_ {
            |pages| {
                if self.grown + pages > self.pages {
                    return None;
                }
                let start = self.base as usize + self.grown * PAGE;
                self.grown += pages;
                Some(start)
            }
        }
    }

    impl Drop for Memory {
        fn drop(&mut self) {
            let layout = Layout::from_size_align(self.pages * PAGE, PAGE).unwrap();
            // SAFETY: allocated in `new` with this layout.
            unsafe { std::alloc::dealloc(self.base, layout) };
        }
    }

    /// A deterministic sequence of sizes like a worker's: mostly small,
    /// some kilobytes, now and then a large reply body.
    fn sizes(seed: &mut u64) -> usize {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let r = (*seed >> 33) as usize;
        match r % 100 {
            0 => 100_000 + r % 200_000,
            1..=10 => 1_000 + r % 9_000,
            _ => 1 + r % 300,
        }
    }

    #[test]
    fn allocating_and_freeing_in_a_loop_does_not_grow_memory() {
        let mut memory = Memory::new(256);
        let mut heap = Heap::new();
        let mut after_first_round = 0;
        for round in 0..200 {
            // The same workload each round: a request's allocations, some
            // freed as it goes, the rest at its end.
            let mut seed = 7;
            let mut live: Vec<(*mut u8, Layout)> = Vec::new();
            for i in 0..400 {
                let layout = Layout::from_size_align(sizes(&mut seed), 1 << (i % 4)).unwrap();
                // SAFETY: blocks go back with their layout, once.
                let block = unsafe { heap.alloc(layout, memory.grow()) };
                assert!(!block.is_null(), "round {round}: out of memory");
                live.push((block, layout));
                if i % 3 == 0 {
                    let (block, layout) = live.swap_remove((i * 7) % live.len());
                    unsafe { heap.dealloc(block, layout) };
                }
            }
            for (block, layout) in live {
                unsafe { heap.dealloc(block, layout) };
            }
            if round == 0 {
                after_first_round = memory.grown;
            }
        }
        assert!(after_first_round > 0);
        assert_eq!(memory.grown, after_first_round, "freed blocks are reused");
    }

    #[test]
    fn blocks_are_aligned_and_never_overlap() {
        let mut memory = Memory::new(256);
        let mut heap = Heap::new();
        let mut seed = 3;
        let mut blocks = Vec::new();
        for i in 0..600usize {
            let layout = Layout::from_size_align(sizes(&mut seed), 1 << (i % 8)).unwrap();
            let block = unsafe { heap.alloc(layout, memory.grow()) };
            assert!(!block.is_null());
            assert_eq!(block as usize % layout.align(), 0, "{layout:?}");
            // Fill the whole block with its index; checked once all exist.
            unsafe { ptr::write_bytes(block, i as u8, layout.size()) };
            blocks.push((block, layout, i as u8));
            if i % 5 == 4 {
                let (block, layout, _) = blocks.remove(i % blocks.len());
                unsafe { heap.dealloc(block, layout) };
            }
        }
        for (block, layout, mark) in blocks {
            // SAFETY: the block is live and was filled above.
            let bytes = unsafe { core::slice::from_raw_parts(block, layout.size()) };
            assert!(
                bytes.iter().all(|b| *b == mark),
                "block {mark} was overwritten"
            );
        }
    }

    #[test]
    fn bytes_skipped_for_alignment_serve_later_blocks() {
        let mut memory = Memory::new(4);
        let mut heap = Heap::new();
        let first =
            unsafe { heap.alloc(Layout::from_size_align(16, 1).unwrap(), memory.grow()) } as usize;
        let page_aligned = Layout::from_size_align(4096, 4096).unwrap();
        let big = unsafe { heap.alloc(page_aligned, memory.grow()) } as usize;
        assert_eq!(big % 4096, 0);
        // The 4,080 bytes between the two hold one block of each size from
        // 16 to 2,048 bytes: requests of those sizes are served from there.
        for shift in 4..12 {
            let layout = Layout::from_size_align(1 << shift, 1).unwrap();
            let block = unsafe { heap.alloc(layout, memory.grow()) } as usize;
            assert!(
                block > first && block + (1 << shift) <= big,
                "{block:#x} not in the gap"
            );
        }
        assert_eq!(memory.grown, 1);
    }

    #[test]
    fn memory_grown_elsewhere_in_between_is_stepped_over() {
        let mut memory = Memory::new(8);
        let mut heap = Heap::new();
        let small = Layout::from_size_align(64, 8).unwrap();
        let first = unsafe { heap.alloc(small, memory.grow()) } as usize;
        // Something else grows memory by a page.
        memory.grown += 1;
        let page = Layout::from_size_align(PAGE, 1).unwrap();
        let block = unsafe { heap.alloc(page, memory.grow()) } as usize;
        assert_eq!(
            block,
            memory.base as usize + 2 * PAGE,
            "carved past the other page"
        );
        // The rest of the first page went to the free lists.
        let again = unsafe { heap.alloc(small, memory.grow()) } as usize;
        assert!(again > first && again < first + PAGE, "{again:#x}");
    }

    #[test]
    fn realloc_keeps_the_contents_and_the_block_while_the_size_class_holds_it() {
        let mut memory = Memory::new(8);
        let mut heap = Heap::new();
        let layout = Layout::from_size_align(20, 4).unwrap();
        let block = unsafe { heap.alloc(layout, memory.grow()) };
        unsafe { ptr::copy_nonoverlapping(b"twenty bytes of text".as_ptr(), block, 20) };
        let same = unsafe { heap.realloc(block, layout, 30, memory.grow()) };
        assert_eq!(same, block, "20 and 30 bytes are both 32-byte blocks");
        let moved = unsafe {
            heap.realloc(
                same,
                Layout::from_size_align(30, 4).unwrap(),
                100,
                memory.grow(),
            )
        };
        assert_ne!(moved, block);
        let text = unsafe { core::slice::from_raw_parts(moved, 20) };
        assert_eq!(text, b"twenty bytes of text");
        // The old block was freed: the next 32-byte request gets it back.
        let again = unsafe { heap.alloc(Layout::from_size_align(32, 1).unwrap(), memory.grow()) };
        assert_eq!(again, block);
    }

    #[test]
    fn exhausted_memory_and_impossible_layouts_are_null_not_a_panic() {
        let mut memory = Memory::new(2);
        let mut heap = Heap::new();
        let too_big = Layout::from_size_align(3 * PAGE, 1).unwrap();
        assert!(unsafe { heap.alloc(too_big, memory.grow()) }.is_null());
        let over_aligned = Layout::from_size_align(16, 2 * PAGE).unwrap();
        assert!(unsafe { heap.alloc(over_aligned, memory.grow()) }.is_null());
        // Still usable after a refusal.
        let small = Layout::from_size_align(100, 8).unwrap();
        assert!(!unsafe { heap.alloc(small, memory.grow()) }.is_null());
    }
}
