#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bounded single-producer single-consumer queue of batches: one thread pushes, another
/// pops, and at most `slotCount` batches are ever held, so a producer that runs ahead waits
/// instead of growing memory. A mutex and two conditions: handing over a batch of hundreds
/// of events costs one lock each side, and neither side spins on a core it shares.
final class BatchRing<Element: Sendable>: @unchecked Sendable {
    // The mutex guards every field below; the pthread objects live on the heap so they
    // never move.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let notEmpty = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let notFull = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var slots: [[Element]]
    private var head = 0  // next slot to pop
    private var count = 0  // filled slots
    private var closed = false  // the producer is done: no more pushes
    private var cancelled = false  // the consumer is gone: pushes are dropped
    /// The most slots ever filled at once (tests check the bound).
    private var highWater = 0

    let slotCount: Int

    init(slotCount: Int) {
        precondition(slotCount > 0, "a ring needs a slot")
        self.slotCount = slotCount
        slots = [[Element]](repeating: [], count: slotCount)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(notEmpty, nil)
        pthread_cond_init(notFull, nil)
    }

    deinit {
        pthread_cond_destroy(notFull)
        pthread_cond_destroy(notEmpty)
        pthread_mutex_destroy(mutex)
        notFull.deallocate()
        notEmpty.deallocate()
        mutex.deallocate()
    }

    /// Producer: waits for a free slot and fills it; false when the consumer has gone.
    func push(_ batch: [Element]) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while count == slotCount, !cancelled { pthread_cond_wait(notFull, mutex) }
        return putLocked(batch)
    }

    /// Producer: fills a free slot without waiting; false (the batch not taken) when every
    /// slot is full or the consumer has gone.
    func tryPush(_ batch: [Element]) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return count < slotCount && putLocked(batch)
    }

    /// Producer: no more batches will come.
    func close() {
        pthread_mutex_lock(mutex)
        closed = true
        pthread_cond_signal(notEmpty)
        pthread_mutex_unlock(mutex)
    }

    /// Consumer: the next batch, waiting for one; nil once the producer closed and all were taken.
    func pop() -> [Element]? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while count == 0, !closed { pthread_cond_wait(notEmpty, mutex) }
        return takeLocked()
    }

    /// Consumer: the next batch if one is waiting, without waiting for one.
    func tryPop() -> [Element]? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return takeLocked()
    }

    /// With the mutex held and a slot free: fills it.
    private func putLocked(_ batch: [Element]) -> Bool {
        if cancelled { return false }
        slots[(head + count) % slotCount] = batch
        count += 1
        highWater = max(highWater, count)
        pthread_cond_signal(notEmpty)
        return true
    }

    /// With the mutex held: empties the oldest filled slot, if any.
    private func takeLocked() -> [Element]? {
        guard count > 0 else { return nil }
        let batch = slots[head]
        slots[head] = []
        head = (head + 1) % slotCount
        count -= 1
        pthread_cond_signal(notFull)
        return batch
    }

    /// Consumer: stops taking batches; a waiting producer is woken and its pushes fail.
    func cancel() {
        pthread_mutex_lock(mutex)
        cancelled = true
        for i in slots.indices { slots[i] = [] }
        count = 0
        pthread_cond_signal(notFull)
        pthread_mutex_unlock(mutex)
    }

    /// How many slots are filled now.
    var filled: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return count
    }

    /// The most slots filled at once so far.
    var mostFilled: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return highWater
    }
}
