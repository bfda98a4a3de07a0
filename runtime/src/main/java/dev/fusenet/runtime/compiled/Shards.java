package dev.fusenet.runtime.compiled;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import dev.fusenet.runtime.tensor.Blas;

/**
 * Runs the shards of a training step or a forward pass on both cores: every batch is split into {@link #COUNT}
 * shards of rows, and every weight into as many parts, and a step's work on each shard (or part) is independent,
 * so the caller runs shard 0 while a worker thread runs shard 1.
 *
 * <p>Why not OpenBLAS's own threads: they parallelise the matrix products only, and the element-wise work,
 * half of a convnet's step, stayed on one core. Here the products run single-threaded inside each shard (one
 * OpenBLAS thread while a run is in progress, restored afterwards so that other ND4J work in the same JVM keeps
 * its threads), and everything else is parallel too.
 *
 * <p>The shard count is fixed, not the machine's core count, so that a model trains to the same weights on every
 * machine: on one core the shards run one after the other. One worker serves the whole JVM: when another thread
 * is using it, a run executes its shards inline, one after the other, with the same results.
 */
public final class Shards {

    /** How many shards a batch is split into. */
    public static final int COUNT = 2;

    /** One shard's work. */
    @FunctionalInterface
    public interface Task {
        void run(int shard);
    }

    private static final boolean PARALLEL = Runtime.getRuntime().availableProcessors() > 1
            && !Boolean.getBoolean("fusenet.singleThreaded");
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static final Worker WORKER = PARALLEL ? new Worker() : null;
    private Shards() {
    }

    /** The first row of shard {@code shard} of a batch of {@code rows}. */
    public static int from(int shard, int rows) {
        return (int) ((long) rows * shard / COUNT);
    }

    /** One past the last row of shard {@code shard} of a batch of {@code rows}. */
    public static int to(int shard, int rows) {
        return from(shard + 1, rows);
    }

    /** Runs {@code task} for every shard, in parallel where a core and the worker are free; returns when all are done. */
    public static void run(Task task) {
        enter();
        try {
            if (PARALLEL && BUSY.compareAndSet(false, true)) {
                runInParallel(task);
            } else {
                for (int shard = 0; shard < COUNT; shard++) {
                    task.run(shard);
                }
            }
        } finally {
            exit();
        }
    }

    /**
     * {@link #run(Task)} for work split by rows, as a forward pass is: with fewer rows than shards only one shard
     * has any, so both run here, one after the other, rather than handing the one row to the worker, whose wake-up
     * once it has parked (about 2.4 ms) costs more than a small model's whole forward pass. The shards' work is
     * the same either way, and so are the results.
     */
    public static void run(Task task, int rows) {
        if (rows >= COUNT) {
            run(task);
            return;
        }
        enter();
        try {
            for (int shard = 0; shard < COUNT; shard++) {
                task.run(shard);
            }
        } finally {
            exit();
        }
    }

    /**
     * Takes the worker for {@link #offerClaimed} when it is free and awake, as it is between the back-to-back calls of
     * a serving loop: a forward pass of one sample runs on the caller alone ({@link #run(Task, int)}), and its
     * large products can use the other core. Refused while a run holds the worker (every training step, every
     * forward pass of several rows), and when the worker has parked: waking it would cost more than the product,
     * so it is woken for the next one instead (it spins for a while, then parks again).
     */
    static boolean claimIdleWorker() {
        if (!PARALLEL) {
            return false;
        }
        if (WORKER.parked) {
            WORKER.wake();
            return false;
        }
        return BUSY.compareAndSet(false, true);
    }

    /**
     * Hands {@code task} to the worker {@link #claimIdleWorker} took, without waiting for it: the task itself tells
     * its caller when the worker's share is done ({@link SharedParts}), and the worker may still be running it
     * after {@link #releaseClaim}, finding nothing left.
     */
    static void offerClaimed(Task task) {
        CLAIMED_RUNS.incrementAndGet();
        WORKER.start(task);
    }

    /** Frees the worker after {@link #offerClaimed}. */
    static void releaseClaim() {
        BUSY.set(false);
    }

    /** How many tasks {@link #offerClaimed} handed over, for tests. */
    static final java.util.concurrent.atomic.AtomicLong CLAIMED_RUNS = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Every run, parallel or not, multiplies with one OpenBLAS thread: OpenBLAS's products give different bits
     * with two threads than with one, and a model must train to the same weights however its shards ran.
     */
    private static void enter() {
        Blas.enterSingleThreaded();
    }

    private static void exit() {
        Blas.exitSingleThreaded();
    }

    private static void runInParallel(Task task) {
        try {
            WORKER.start(task);
            Throwable failure = null;
            try {
                task.run(0);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            Throwable workerFailure = WORKER.await();
            Throwable first = failure != null ? failure : workerFailure;
            if (first instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (first instanceof Error error) {
                throw error;
            }
        } finally {
            BUSY.set(false);
        }
    }

    /**
     * The thread that runs shard 1. It spins briefly between tasks, since the next one usually comes within a
     * millisecond, and parks after that so that an idle model costs nothing.
     */
    private static final class Worker implements Runnable {

        private static final int SPINS = 1 << 16;

        private final Thread thread;
        private volatile Task task;
        private volatile long started;
        private volatile long finished;
        private volatile Throwable failure;
        private volatile Thread waiting;
        /** Whether the worker has stopped spinning and parked: a task handed to it waits for the wake-up. */
        private volatile boolean parked;

        Worker() {
            thread = new Thread(this, "fusenet-shard-1");
            thread.setDaemon(true);
            thread.start();
        }

        /** Unparks the worker without a task: it spins, ready for one, and parks again if none comes. */
        void wake() {
            LockSupport.unpark(thread);
        }

        void start(Task next) {
            failure = null;
            task = next;
            started++;
            LockSupport.unpark(thread);
        }

        Throwable await() {
            long target = started;
            for (int spin = 0; finished != target; spin++) {
                if (spin < SPINS) {
                    Thread.onSpinWait();
                } else {
                    waiting = Thread.currentThread();
                    if (finished != target) {
                        LockSupport.park(this);
                    }
                    waiting = null;
                }
            }
            return failure;
        }

        @Override
        public void run() {
            long done = 0;
            while (true) {
                for (int spin = 0; started == done; spin++) {
                    if (spin < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (started == done) {
                            LockSupport.park(this);
                        }
                        parked = false;
                        spin = 0; // woken: spin again before parking, ready for the task that woke it
                    }
                }
                long current = started;
                try {
                    task.run(1);
                } catch (Throwable e) {
                    failure = e;
                }
                done = current;
                finished = current;
                Thread caller = waiting;
                if (caller != null) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }
}
