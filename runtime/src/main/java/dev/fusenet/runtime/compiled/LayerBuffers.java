package dev.fusenet.runtime.compiled;

/**
 * The working memory of one layer for batches of {@code rows} samples: pre-activations {@code z} and activations
 * {@code a} on the heap, the gradient (first with respect to {@code a}, then, in place, to {@code z}), the
 * off-heap arrays the matrix products read and write, and a dropout mask. Allocated once per batch size, with
 * the views of each shard's rows ({@link Shards}) made up front, so a step makes none.
 */
public final class LayerBuffers {

    static {
        // Generated models may be the first to touch ND4J; loading it here keeps its start-up log quiet.
        dev.fusenet.runtime.tensor.Nd4jArrays.init();
    }

    public final int rows;
    public final int units;
    public final float[] z;
    public final float[] a;
    public final float[] gradient;
    public final float[] mask;
    /** The activations where the next layer's products read them. */
    public final OffHeapMatrix device;
    /** The gradient where the products read and write it. */
    public final OffHeapMatrix gradientDevice;
    /**
     * The same off-heap memory as one row per position, (rows · positions, channels): where a convolution's
     * product writes its outputs and reads their gradient. For a flat layer, the same as {@link #device}.
     */
    final OffHeapMatrix devicePerPosition;
    final OffHeapMatrix gradientDevicePerPosition;
    /** Each shard's rows of {@link #device}, {@link #gradientDevice} and their per-position views. */
    final OffHeapMatrix[] deviceShards;
    final OffHeapMatrix[] gradientDeviceShards;
    final OffHeapMatrix[] devicePerPositionShards;
    final OffHeapMatrix[] gradientDevicePerPositionShards;
    /** The parts of {@link #device}'s columns that meet each part of the next dense layer's kernel rows. */
    final OffHeapMatrix[] deviceColumnParts;
    /** The batch of inputs {@link #load} copied, when these are the model's input's buffers. */
    private float[] loaded;

    /** The buffers of a flat layer: {@code units} values per sample. */
    public LayerBuffers(int rows, int units) {
        this(rows, units, units);
    }

    /**
     * The buffers of a layer with {@code units} values per sample, {@code channels} per position (a feature
     * map's filters).
     */
    public LayerBuffers(int rows, int units, int channels) {
        this.rows = rows;
        this.units = units;
        int size = Math.multiplyExact(rows, units);
        this.z = new float[size];
        this.a = new float[size];
        this.gradient = new float[size];
        this.mask = new float[size];
        this.device = new OffHeapMatrix(rows, units);
        this.gradientDevice = new OffHeapMatrix(rows, units);
        int positions = units / channels;
        this.devicePerPosition = device.view(rows * positions, channels);
        this.gradientDevicePerPosition = gradientDevice.view(rows * positions, channels);
        this.deviceShards = new OffHeapMatrix[Shards.COUNT];
        this.gradientDeviceShards = new OffHeapMatrix[Shards.COUNT];
        this.devicePerPositionShards = new OffHeapMatrix[Shards.COUNT];
        this.gradientDevicePerPositionShards = new OffHeapMatrix[Shards.COUNT];
        this.deviceColumnParts = new OffHeapMatrix[Shards.COUNT];
        for (int shard = 0; shard < Shards.COUNT; shard++) {
            deviceColumnParts[shard] = device.columns(Shards.from(shard, units), Shards.to(shard, units));
            int from = Shards.from(shard, rows);
            int to = Shards.to(shard, rows);
            deviceShards[shard] = device.rows(from, to);
            gradientDeviceShards[shard] = gradientDevice.rows(from, to);
            devicePerPositionShards[shard] = devicePerPosition.rows(from * positions, to * positions);
            gradientDevicePerPositionShards[shard] = gradientDevicePerPosition.rows(from * positions,
                    to * positions);
        }
    }

    /** The number of values: rows × units. */
    public int size() {
        return rows * units;
    }

    /**
     * Copies shard {@code shard}'s activations to the off-heap array, where the next layer's OpenBLAS product reads
     * them; nothing to do where the products are packed ({@link Products}), which read the heap.
     */
    public void pushActivations(int shard) {
        if (!Products.PACKED) {
            deviceShards[shard].pull(a);
        }
    }

    /**
     * Adds samples {@code [fromSample, toSample)} of {@code branch}'s gradient to this one's: where a value that
     * several layers read collects their gradients, one reader's written here, each other's in the branch first.
     */
    public void addGradient(LayerBuffers branch, int fromSample, int toSample) {
        float[] from = branch.gradient;
        for (int i = fromSample * units; i < toSample * units; i++) {
            gradient[i] += from[i];
        }
    }

    /**
     * Shard {@code shard}'s rows of a batch of inputs, {@code values}: remembered for {@link #values()}, and copied to
     * the off-heap array where the products are OpenBLAS's.
     */
    public void load(float[] values, int shard) {
        if (!Products.PACKED) {
            deviceShards[shard].pull(values);
        }
        loaded = values;
    }

    /**
     * The values the next layer's product reads, on the heap: the activations, or for the model's input the
     * batch {@link #load} was last given.
     */
    float[] values() {
        return loaded != null ? loaded : a;
    }
}
