package dev.fusenet.runtime.compiled;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Work of a forward pass of one sample, which runs on the caller alone ({@link Shards#run(Shards.Task, int)}), cut
 * into independent parts that the idle worker may help with: the caller takes parts from the front, the worker
 * from the back, and the caller waits only for parts the worker has begun. A worker that is late (still waking,
 * or descheduled by the machine) costs the caller nothing but doing those parts itself: with the halves handed
 * over whole, a request waited for the worker about once in a hundred, 1.3 ms each time.
 *
 * <p>Each part writes its own outputs, the same values whichever core runs it, so the bits do not depend on the
 * split. One instance per kind of work, used only by the thread that holds the worker ({@link
 * Shards#claimIdleWorker}); the worker may run {@link #run} late, after the caller has moved on, and then finds
 * nothing left to take: a part is taken with a compare-and-set on the current generation's range, which the
 * caller renews only once every part the worker took is done.
 */
abstract class SharedParts implements Shards.Task {

    private static final int PART_BITS = 20;
    private static final long PART_MASK = (1L << PART_BITS) - 1;
    private static final int SPINS = 1 << 16;

    /** The generation, the next part from the front and the end of the parts not yet taken from the back. */
    private final AtomicLong claims = new AtomicLong();
    private int parts;
    private volatile int workerDone;
    private volatile Throwable workerFailure;

    /** Runs part {@code part} with shard {@code shard}'s buffers (0 on the caller, 1 on the worker). */
    abstract void part(int part, int shard);

    /**
     * Runs parts {@code [0, parts)}: {@code [0, firstShared)} on the caller first, then the rest shared with the
     * worker, which the caller must have taken ({@link Shards#claimIdleWorker}); frees it when all are done.
     */
    final void runShared(int parts, int firstShared) {
        if (parts >= 1 << PART_BITS) {
            throw new IllegalArgumentException("fusenet bug: " + parts + " parts");
        }
        Throwable failure = null;
        try {
            this.parts = parts;
            workerDone = 0;
            workerFailure = null;
            long generation = (claims.get() >>> (2 * PART_BITS)) + 1;
            claims.set(generation << (2 * PART_BITS) | (long) firstShared << PART_BITS | parts);
            Shards.offerClaimed(this);
            for (int part = 0; part < firstShared; part++) {
                part(part, 0);
            }
            for (int part = takeFront(); part >= 0; part = takeFront()) {
                part(part, 0);
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            awaitWorkersParts(close());
            Shards.releaseClaim();
        }
        Throwable first = failure != null ? failure : workerFailure;
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (first instanceof Error error) {
            throw error;
        }
    }

    /** The worker's side: parts from the back until none is left. */
    @Override
    public final void run(int shard) {
        for (int part = takeBack(); part >= 0; part = takeBack()) {
            try {
                part(part, 1);
            } catch (Throwable e) {
                workerFailure = e;
            } finally {
                workerDone++; // only the worker writes it
            }
        }
    }

    private int takeFront() {
        while (true) {
            long s = claims.get();
            int front = (int) (s >>> PART_BITS & PART_MASK);
            if (front >= (int) (s & PART_MASK)) {
                return -1;
            }
            if (claims.compareAndSet(s, s + (1L << PART_BITS))) {
                return front;
            }
        }
    }

    private int takeBack() {
        while (true) {
            long s = claims.get();
            int end = (int) (s & PART_MASK);
            if ((int) (s >>> PART_BITS & PART_MASK) >= end) {
                return -1;
            }
            if (claims.compareAndSet(s, s - 1)) {
                return end - 1;
            }
        }
    }

    /**
     * Leaves nothing more to take (after a failure on the caller's side, parts may remain) and returns how many
     * parts the worker took: those from the end where the two sides met.
     */
    private int close() {
        while (true) {
            long s = claims.get();
            long end = s & PART_MASK;
            long closed = s & ~(PART_MASK << PART_BITS) | end << PART_BITS;
            if (s == closed || claims.compareAndSet(s, closed)) {
                return parts - (int) end;
            }
        }
    }

    /** Waits until the worker's {@code taken} parts are done. */
    private void awaitWorkersParts(int taken) {
        for (int spin = 0; workerDone != taken; spin++) {
            if (spin < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the worker was descheduled mid-part: let it run
            }
        }
    }
}
