package dev.fusenet.runtime.data;

import java.util.ArrayDeque;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * {@code map}: each element through {@code function}, on the reading thread or on {@code threads} worker threads.
 * Parallel or not, the outputs keep the input's order, so a run repeats; the workers take up to two elements each
 * ahead of the reader. A function's exception reaches the reader at the element that raised it.
 */
final class MapStage<T, R> implements Source<R> {

    private final Source<T> input;
    private final Function<? super T, ? extends R> function;
    private final int threads;

    MapStage(Source<T> input, Function<? super T, ? extends R> function, int threads) {
        this.input = input;
        this.function = function;
        this.threads = threads;
    }

    @Override
    public Cursor<R> open(long epoch) {
        Cursor<T> upstream = input.open(epoch);
        return threads <= 1 ? new Sequential(upstream) : new Parallel(upstream);
    }

    @Override
    public OptionalLong cardinality() {
        return input.cardinality();
    }

    private final class Sequential implements Cursor<R> {
        private final Cursor<T> upstream;

        Sequential(Cursor<T> upstream) {
            this.upstream = upstream;
        }

        @Override
        public R next() {
            T element = upstream.next();
            return element == null ? null : mapped(element);
        }

        @Override
        public void close() {
            upstream.close();
        }
    }

    private R mapped(T element) {
        R result = function.apply(element);
        if (result == null) {
            throw new DataException("map: the function returned null for " + element + "; return an element");
        }
        return result;
    }

    private final class Parallel implements Cursor<R> {
        private final Cursor<T> upstream;
        private final ExecutorService workers;
        private final ArrayDeque<Future<R>> inFlight = new ArrayDeque<>();
        private boolean drained;

        Parallel(Cursor<T> upstream) {
            this.upstream = upstream;
            this.workers = Executors.newFixedThreadPool(threads, daemonThreads());
        }

        @Override
        public R next() {
            while (!drained && inFlight.size() < 2 * threads) {
                T element = upstream.next();
                if (element == null) {
                    drained = true;
                } else {
                    inFlight.add(workers.submit(() -> mapped(element)));
                }
            }
            Future<R> head = inFlight.poll();
            if (head == null) {
                close();
                return null;
            }
            try {
                return head.get();
            } catch (ExecutionException e) {
                close();
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new DataException("map: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new DataException("map: interrupted while waiting for a worker", e);
            }
        }

        @Override
        public void close() {
            drained = true;
            inFlight.forEach(future -> future.cancel(true));
            inFlight.clear();
            workers.shutdownNow();
            upstream.close();
        }
    }

    private static ThreadFactory daemonThreads() {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "fusenet-data-map-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
