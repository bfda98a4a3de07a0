package dev.fusenet.runtime.compiled;

import java.util.Locale;
import java.util.function.IntFunction;

/**
 * A batch whose working buffers the Java heap cannot hold, refused before any weight changed: the message names
 * the batch size that fits now, which {@link #fittingRows()} gives to a caller that can split its work, as
 * {@code predict} does.
 */
public final class WorkingMemoryException extends IllegalArgumentException {

    private final int fittingRows;

    private WorkingMemoryException(String message, int fittingRows) {
        super(message);
        this.fittingRows = fittingRows;
    }

    /** The largest batch, found by halving, whose buffers were allocated after the refusal; 0 if none. */
    public int fittingRows() {
        return fittingRows;
    }

    /**
     * {@code make.apply(count)} once more, after the caller let go of what it could; when the heap still cannot
     * hold it, the largest batch size whose buffers it holds now is found by halving and named instead of a bare
     * "Java heap space" from the middle of a step. {@code fit} words the advice as a batch size to pass; other
     * callers ({@code predict}) split their work by it.
     */
    static <B> B retry(IntFunction<B> make, int count, String caller) {
        try {
            return make.apply(count);
        } catch (OutOfMemoryError again) {
            int fits = 0;
            for (int smaller = count / 2; smaller > 0 && fits == 0; smaller /= 2) {
                try {
                    make.apply(smaller);
                    fits = smaller;
                } catch (OutOfMemoryError stillTooLarge) {
                    // try half of it
                }
            }
            long heapMb = Runtime.getRuntime().maxMemory() >> 20;
            String advice = fits == 0 ? "not even one sample's buffers fit"
                    : caller.equals("fit") ? String.format(Locale.ROOT, "batches of %,d samples fit now: use "
                    + "batchSize(%d) or less", fits, fits)
                    : String.format(Locale.ROOT, "batches of %,d samples fit now", fits);
            throw new WorkingMemoryException(String.format(Locale.ROOT, "batches of %,d samples need more working "
                    + "memory than the Java heap has left (its limit is %,d MB); %s, or give the JVM more heap with "
                    + "-Xmx", count, heapMb, advice), fits);
        }
    }
}
