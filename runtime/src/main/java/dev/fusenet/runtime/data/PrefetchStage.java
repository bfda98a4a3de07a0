package dev.fusenet.runtime.data;

import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code prefetch(n)}: a thread of the pass reads the stages before it (decoding, augmenting, batching) up to
 * {@code n} elements ahead, while the reader (the training loop) works on the current one. An exception of those
 * stages reaches the reader at the element where it happened; closing the pass stops the thread.
 */
final class PrefetchStage<T> implements Source<T> {

    private final Source<T> input;
    private final int bufferSize;

    PrefetchStage(Source<T> input, int bufferSize) {
        this.input = input;
        this.bufferSize = bufferSize;
    }

    @Override
    public Cursor<T> open(long epoch) {
        return new Ahead(input.open(epoch));
    }

    @Override
    public OptionalLong cardinality() {
        return input.cardinality();
    }

    /** What the reading thread hands over: an element, the end, or the failure that ended it. */
    private record Item<T>(T element, RuntimeException failure, Error error) {
    }

    private final class Ahead implements Cursor<T> {
        private final BlockingQueue<Item<T>> queue = new ArrayBlockingQueue<>(bufferSize);
        private final Thread reader;
        private volatile boolean closed;
        private boolean ended;

        Ahead(Cursor<T> upstream) {
            reader = new Thread(() -> readAhead(upstream), "fusenet-data-prefetch");
            reader.setDaemon(true);
            reader.start();
        }

        private void readAhead(Cursor<T> upstream) {
            try (upstream) {
                while (!closed) {
                    T element = upstream.next();
                    if (!offer(new Item<>(element, null, null)) || element == null) {
                        return;
                    }
                }
            } catch (RuntimeException failure) {
                offer(new Item<>(null, failure, null));
            } catch (Error error) {
                offer(new Item<>(null, null, error));
            }
        }

        /** Waits for room; false once the pass is closed. */
        private boolean offer(Item<T> item) {
            try {
                while (!closed) {
                    if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        @Override
        public T next() {
            if (ended) {
                return null;
            }
            Item<T> item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new DataException("prefetch: interrupted while waiting for the next element", e);
            }
            if (item.failure() != null || item.error() != null || item.element() == null) {
                ended = true;
                if (item.failure() != null) {
                    throw item.failure();
                }
                if (item.error() != null) {
                    throw item.error();
                }
            }
            return item.element();
        }

        @Override
        public void close() {
            ended = true;
            closed = true;
            reader.interrupt();
            queue.clear();
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
