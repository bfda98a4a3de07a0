package dev.fusenet.samples.benchmark;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

/** Wall time, allocated bytes and GC count around a piece of work, and the median of repeated timings. */
final class Measurements {

    /** What one run of the work cost. */
    record Cost(double seconds, long allocatedBytes, long collections) {
    }

    private Measurements() {
    }

    /** The meters' readings at a start, to be read again at the end. */
    static final class Meter {
        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final long bytes = THREADS.getCurrentThreadAllocatedBytes();
        private final long collections = collections();
        private final long start = System.nanoTime();

        Cost stop() {
            long end = System.nanoTime();
            return new Cost((end - start) / 1e9, THREADS.getCurrentThreadAllocatedBytes() - bytes,
                    collections() - collections);
        }
    }

    static Meter start() {
        return new Meter();
    }

    static Cost measure(Runnable work) {
        Meter meter = start();
        work.run();
        return meter.stop();
    }

    private static long collections() {
        long total = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionCount());
        }
        return total;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The median of each measure over the costs. */
    static Cost median(List<Cost> costs) {
        return new Cost(median(costs.stream().mapToDouble(Cost::seconds).toArray()),
                (long) median(costs.stream().mapToDouble(Cost::allocatedBytes).toArray()),
                (long) median(costs.stream().mapToDouble(Cost::collections).toArray()));
    }
}
