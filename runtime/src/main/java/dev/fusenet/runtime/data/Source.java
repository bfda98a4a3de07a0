package dev.fusenet.runtime.data;

import java.util.OptionalLong;

/**
 * A re-readable sequence of elements, the inside of a {@link Dataset} and of the loaders' earlier stages (file
 * lists before they are decoded). Immutable and safe to open from several threads; each {@link #open} is an
 * independent pass.
 */
interface Source<T> {

    /**
     * A pass over the elements for epoch {@code epoch} (0-based): a shuffling stage orders them from its seed and
     * the epoch, so every pass of one epoch is the same and each epoch differs.
     */
    Cursor<T> open(long epoch);

    /** How many elements a pass yields, when known without reading them. */
    OptionalLong cardinality();
}
