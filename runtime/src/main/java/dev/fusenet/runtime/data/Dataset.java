package dev.fusenet.runtime.data;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * A stream of (features, labels[, sample weights]) elements that {@code fit}, {@code evaluate} and {@code predict}
 * take in place of tensors, as a {@code tf.data.Dataset}: made from tensors ({@link #fromTensors}), an image folder
 * ({@link ImageDatasets}) or a CSV file ({@link CsvDatasets}, then {@link CsvTable#toDataset}), then shaped with
 * {@link #shuffle}, {@link #map}, {@link #batch}, {@link #cache}, {@link #prefetch}, {@link #take} and
 * {@link #skip}. Each operation returns a new dataset; none reads any data until a pass is {@link #open opened},
 * and a pass holds only what its stages need
 * (a shuffle buffer, a prefetch queue), so data larger than the heap streams.
 *
 * <p>Elements are {@link Batch}es: one sample each until {@link #batch} stacks them; a model trains on a batched
 * dataset, one step per element. Every pass of epoch {@code e} yields the same elements in the same order (shuffles
 * draw from their seed and the epoch), so runs repeat. Immutable and safe to share between threads; a pass
 * ({@link Cursor}) belongs to the thread that reads it.
 */
public final class Dataset {

    private final Source<Batch> source;
    /** The size {@link #batch} stacked, 0 for a dataset of samples. */
    private final int batchSize;
    private final List<String> classNames;

    Dataset(Source<Batch> source, int batchSize) {
        this(source, batchSize, List.of());
    }

    private Dataset(Source<Batch> source, int batchSize, List<String> classNames) {
        this.source = source;
        this.batchSize = batchSize;
        this.classNames = classNames;
    }

    /** A dataset after an operation on this one: it keeps the class names. */
    private Dataset derived(Source<Batch> stage, int stageBatchSize) {
        return new Dataset(stage, stageBatchSize, classNames);
    }

    /** The samples of {@code x} (first axis), without labels: data to {@code predict} on. */
    public static Dataset fromTensors(Tensor x) {
        return fromTensors(x, null, null);
    }

    /** The samples of {@code x} with their labels in {@code y}, as {@code tf.data.Dataset.from_tensor_slices((x, y))}. */
    public static Dataset fromTensors(Tensor x, Tensor y) {
        return fromTensors(x, Objects.requireNonNull(y, "y"), null);
    }

    /**
     * The samples of {@code x} with their labels in {@code y} (or null) and one weight each in {@code sampleWeight}
     * (or null): element {@code i} holds row {@code i} of each.
     *
     * @throws IllegalArgumentException when the tensors do not have one row per sample
     */
    public static Dataset fromTensors(Tensor x, Tensor y, Tensor sampleWeight) {
        long[] shape = x.shape();
        if (shape.length == 0 || shape[0] == 0) {
            throw new IllegalArgumentException("fromTensors: x must have a first axis of samples, got shape "
                    + Arrays.toString(shape));
        }
        int rows = Math.toIntExact(shape[0]);
        int[] sampleShape = dims(shape);
        float[] features = x.castTo(DType.FLOAT32).toFloatArray();
        int featureSize = features.length / rows;
        int[] labelShape = y == null ? null : dims(requireRows("y", y, rows));
        float[] labels = y == null ? null : y.castTo(DType.FLOAT32).toFloatArray();
        int labelSize = y == null ? 0 : labels.length / rows;
        if (sampleWeight != null) {
            long[] weightShape = requireRows("sampleWeight", sampleWeight, rows);
            if (weightShape.length > 2 || (weightShape.length == 2 && weightShape[1] != 1)) {
                throw new IllegalArgumentException("fromTensors: sampleWeight must hold one weight per sample, shaped ("
                        + rows + "), got " + Arrays.toString(weightShape));
            }
        }
        float[] weights = sampleWeight == null ? null : sampleWeight.castTo(DType.FLOAT32).toFloatArray();
        return new Dataset(new IndexedSource<>(rows, i -> Batch.raw(false, 1, sampleShape,
                Arrays.copyOfRange(features, i * featureSize, (i + 1) * featureSize), labelShape,
                labels == null ? null : Arrays.copyOfRange(labels, i * labelSize, (i + 1) * labelSize),
                weights == null ? null : new float[] {weights[i]})), 0);
    }

    /** The given elements, in order: samples or batches made elsewhere. */
    public static Dataset of(List<Batch> elements) {
        List<Batch> copy = List.copyOf(elements);
        return new Dataset(new IndexedSource<>(copy.size(), copy::get),
                !copy.isEmpty() && copy.get(0).isBatched() ? copy.get(0).size() : 0);
    }

    /** A dataset whose elements some other stage makes, labelled with {@code classNames}: the loaders' way in. */
    static Dataset of(Source<Batch> source, int batchSize, List<String> classNames) {
        return new Dataset(source, batchSize, List.copyOf(classNames));
    }

    /**
     * The elements in random order, as {@code shuffle(buffer_size, seed)}: drawn from a buffer of
     * {@code bufferSize} elements (at least the dataset's size for a uniform shuffle; smaller bounds the memory),
     * reshuffled each epoch, the same order for the same seed and epoch.
     */
    public Dataset shuffle(int bufferSize, long seed) {
        return shuffle(bufferSize, seed, true);
    }

    /** As {@link #shuffle(int, long)}; with {@code reshuffleEachEpoch} false every epoch has the first's order. */
    public Dataset shuffle(int bufferSize, long seed, boolean reshuffleEachEpoch) {
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("shuffle: bufferSize must be positive, got " + bufferSize);
        }
        return derived(new ShuffleStage<>(source, bufferSize, seed, reshuffleEachEpoch), batchSize);
    }

    /** Consecutive samples stacked into batches of {@code size}, the last one partial, as {@code batch(size)}. */
    public Dataset batch(int size) {
        return batch(size, false);
    }

    /** As {@link #batch(int)}; with {@code dropRemainder} a last partial batch is left out. */
    public Dataset batch(int size, boolean dropRemainder) {
        if (size <= 0) {
            throw new IllegalArgumentException("batch: the batch size must be positive, got " + size);
        }
        if (batchSize > 0) {
            throw new IllegalStateException("batch: this dataset is already batched (" + batchSize + " per batch); "
                    + "call unbatch() first, or batch once");
        }
        return derived(new BatchStage(source, size, dropRemainder), size);
    }

    /** Each batch's samples as elements of their own, as {@code unbatch()}. */
    public Dataset unbatch() {
        return derived(new UnbatchStage(source), 0);
    }

    /**
     * Each element through {@code function}, on the reading thread: {@code ds.map(b -> b.withFeatures(...))}. The
     * function returns a new element and leaves its argument as it is.
     */
    public Dataset map(UnaryOperator<Batch> function) {
        return map(function, 1);
    }

    /**
     * As {@link #map(UnaryOperator)} on {@code threads} worker threads, as {@code map(f, num_parallel_calls)}: the
     * order of the elements is kept, so a run repeats. The function must be safe to call from several threads.
     */
    public Dataset map(UnaryOperator<Batch> function, int threads) {
        Objects.requireNonNull(function, "function");
        if (threads <= 0) {
            throw new IllegalArgumentException("map: threads must be positive, got " + threads);
        }
        return derived(new MapStage<>(source, function, threads), batchSize);
    }

    /**
     * Keeps the elements in memory after the first complete pass, as {@code cache()}: later epochs skip the stages
     * before it (decoding, parsing). Put it before {@link #shuffle} so that each epoch still shuffles.
     */
    public Dataset cache() {
        return derived(new MemoryCache<>(source), batchSize);
    }

    /**
     * Writes the elements to {@code file} during the first complete pass and reads them from it afterwards, also in
     * later runs, as {@code cache(filename)}: for decoded data larger than the heap. The file is written whole or
     * not at all; delete it when the data it came from changes.
     */
    public Dataset cache(Path file) {
        return derived(new FileCache(source, Objects.requireNonNull(file, "file")), batchSize);
    }

    /**
     * Prepares up to {@code bufferSize} elements ahead on a thread of its own while the current one is used, as
     * {@code prefetch(buffer_size)}: put it last, so decoding and augmenting overlap training.
     */
    public Dataset prefetch(int bufferSize) {
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("prefetch: bufferSize must be positive, got " + bufferSize);
        }
        return derived(new PrefetchStage<>(source, bufferSize), batchSize);
    }

    /** {@link #prefetch(int)} two elements ahead: enough to hide one batch's preparation behind the step before. */
    public Dataset prefetch() {
        return prefetch(2);
    }

    /** The first {@code count} elements, as {@code take(count)}. */
    public Dataset take(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("take: count must be zero or more, got " + count);
        }
        return derived(new SliceStage<>(source, 0, count), batchSize);
    }

    /** All but the first {@code count} elements, as {@code skip(count)}. */
    public Dataset skip(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("skip: count must be zero or more, got " + count);
        }
        return derived(new SliceStage<>(source, count, Long.MAX_VALUE), batchSize);
    }

    /** A pass over the elements of epoch {@code epoch} (0-based); close it when done. */
    public Cursor<Batch> open(long epoch) {
        return source.open(epoch);
    }

    /** The elements of epoch 0, read into a list: for a small dataset or a {@link #take} of one. */
    public List<Batch> toList() {
        List<Batch> elements = new ArrayList<>();
        try (Cursor<Batch> pass = open(0)) {
            for (Batch element = pass.next(); element != null; element = pass.next()) {
                elements.add(element);
            }
        }
        return elements;
    }

    /** How many elements a pass yields, when known without reading them, as {@code cardinality()}. */
    public OptionalLong cardinality() {
        return source.cardinality();
    }

    /** The batch size {@link #batch} stacked, or empty for a dataset of samples. */
    public OptionalInt batchSize() {
        return batchSize > 0 ? OptionalInt.of(batchSize) : OptionalInt.empty();
    }

    /**
     * The names of the classes the labels index, as Keras's {@code class_names}: label {@code i} is
     * {@code classNames().get(i)}. A loader that infers the labels (an image folder's subfolders, a CSV's string label
     * column) sets them; they pass through every operation. Empty when not known.
     */
    public List<String> classNames() {
        return classNames;
    }

    /** Whether the elements are batches (what a model trains on) rather than single samples. */
    public boolean isBatched() {
        return batchSize > 0;
    }

    @Override
    public String toString() {
        OptionalLong count = cardinality();
        return "Dataset of " + (count.isPresent() ? count.getAsLong() : "unknown") + " "
                + (isBatched() ? "batches of " + batchSize : "samples");
    }

    private static long[] requireRows(String name, Tensor tensor, int rows) {
        long[] shape = tensor.shape();
        if (shape.length == 0 || shape[0] != rows) {
            throw new IllegalArgumentException("fromTensors: x has " + rows + " samples but " + name + " has shape "
                    + Arrays.toString(shape) + "; give one row per sample");
        }
        return shape;
    }

    private static int[] dims(long[] shape) {
        int[] dims = new int[shape.length - 1];
        for (int i = 1; i < shape.length; i++) {
            dims[i - 1] = Math.toIntExact(shape[i]);
        }
        return dims;
    }
}
