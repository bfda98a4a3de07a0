package dev.fusenet.spark;

import java.util.Objects;

/** The settings of {@link SparkFit#fit}, filled in a block: {@code o -> { o.epochs(5); o.batchSize(128); }}. */
public final class SparkFitOptions {

    /** How the partitions train together. */
    public enum Mode {
        /**
         * Each step, every partition computes the gradient of its share of the global batch with the current
         * weights; the driver adds them up ({@code treeAggregate}) and takes one optimizer step. The same global
         * batches in the same order as single-machine {@code fit}, so the same weights up to float rounding.
         */
        SYNCHRONOUS,
        /**
         * Local SGD, as DL4J's parameter averaging: each partition trains {@code averagingFrequency} batches of
         * its own rows with its own optimizer, then the weights are averaged across partitions.
         */
        PARAMETER_AVERAGING
    }

    private int epochs = 1;
    private int batchSize = 32;
    private String featuresColumn = "features";
    private String labelColumn = "label";
    private Mode mode = Mode.SYNCHRONOUS;
    private int averagingFrequency = 5;
    private boolean averageOptimizerState = true;
    private boolean shuffle = true;
    private long seed = dev.fusenet.model.ModelSpec.DEFAULT_SEED;
    private boolean verbose = true;
    private String checkpointDirectory;
    private TaskHook beforeTask = (partition, step, attempt) -> { };

    /** Called at the start of every training task; the tests inject failures with it. */
    @FunctionalInterface
    interface TaskHook extends java.io.Serializable {
        void run(int partition, long step, int attempt);
    }

    public SparkFitOptions epochs(int epochs) {
        this.epochs = positive("epochs", epochs);
        return this;
    }

    /** The global batch: in SYNCHRONOUS mode split across partitions; in PARAMETER_AVERAGING each worker's. */
    public SparkFitOptions batchSize(int batchSize) {
        this.batchSize = positive("batchSize", batchSize);
        return this;
    }

    public SparkFitOptions featuresColumn(String column) {
        this.featuresColumn = Objects.requireNonNull(column, "column");
        return this;
    }

    public SparkFitOptions labelColumn(String column) {
        this.labelColumn = Objects.requireNonNull(column, "column");
        return this;
    }

    public SparkFitOptions mode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** PARAMETER_AVERAGING: batches each worker trains between two averagings (DL4J's averagingFrequency). */
    public SparkFitOptions averagingFrequency(int batches) {
        this.averagingFrequency = positive("averagingFrequency", batches);
        return this;
    }

    /**
     * PARAMETER_AVERAGING: whether the optimizer's state (its slots and step count) is averaged with the weights and
     * handed back to the workers each round (default true, DL4J's saveUpdater); with false each worker starts every
     * round from a fresh optimizer state and the driver's state is left alone.
     */
    public SparkFitOptions averageOptimizerState(boolean average) {
        this.averageOptimizerState = average;
        return this;
    }

    public SparkFitOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** The per-epoch shuffles' seed; by default a model's default seed, as single-machine {@code fit}'s. */
    public SparkFitOptions seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * A directory (a local path or any Hadoop file system URI: {@code hdfs://...}, {@code s3a://...}) where the
     * driver saves the model, weights and optimizer state, at the end of each epoch; a {@code fit} that finds
     * one there loads the newest and resumes at the next epoch, as Keras's BackupAndRestore.
     */
    public SparkFitOptions checkpoint(String directory) {
        this.checkpointDirectory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /** Whether the driver prints a line per epoch (default true). */
    public SparkFitOptions verbose(boolean verbose) {
        this.verbose = verbose;
        return this;
    }

    /** For the tests: a hook every training task runs first, on the executor (e.g. to fail one attempt). */
    SparkFitOptions beforeTask(TaskHook hook) {
        this.beforeTask = Objects.requireNonNull(hook, "hook");
        return this;
    }

    TaskHook beforeTask() {
        return beforeTask;
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("SparkFit: " + name + " must be positive, got " + value);
        }
        return value;
    }

    int epochs() {
        return epochs;
    }

    int batchSize() {
        return batchSize;
    }

    String featuresColumn() {
        return featuresColumn;
    }

    String labelColumn() {
        return labelColumn;
    }

    Mode mode() {
        return mode;
    }

    int averagingFrequency() {
        return averagingFrequency;
    }

    boolean shuffle() {
        return shuffle;
    }

    boolean averageOptimizerState() {
        return averageOptimizerState;
    }

    long seed() {
        return seed;
    }

    boolean verbose() {
        return verbose;
    }

    java.util.Optional<String> checkpointDirectory() {
        return java.util.Optional.ofNullable(checkpointDirectory);
    }
}
