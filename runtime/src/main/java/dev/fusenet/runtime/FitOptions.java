package dev.fusenet.runtime;

import dev.fusenet.runtime.training.Callback;
import dev.fusenet.runtime.training.Verbosity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The settings of one {@code fit} call, as Keras's {@code fit} arguments, filled in a block:
 * {@code model.fit(x, y, o -> { o.epochs(5); o.batchSize(128); o.validationSplit(0.1); })}.
 * Defaults are Keras's: 1 epoch, batch size 32, no validation, shuffling every epoch, automatic verbosity.
 */
public final class FitOptions {

    private int epochs = 1;
    private int batchSize = 32;
    private double validationSplit = 0.0;
    private Tensor validationX;
    private Tensor validationY;
    private dev.fusenet.runtime.data.Dataset validationDataset;
    /** The settings given that only in-memory tensors have, as Keras refuses them with a dataset. */
    private final java.util.Set<String> tensorOnly = new java.util.TreeSet<>();
    private boolean shuffle = true;
    private Long seed;
    private Verbosity verbosity = Verbosity.AUTO;
    private final List<Callback> callbacks = new ArrayList<>();
    private java.util.Map<Integer, Double> classWeight = java.util.Map.of();
    private Tensor sampleWeight;

    /** How many passes over the training data. */
    public FitOptions epochs(int epochs) {
        if (epochs <= 0) {
            throw new IllegalArgumentException("fit: epochs must be positive, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Samples per gradient update. */
    public FitOptions batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("fit: batchSize must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
        tensorOnly.add("batchSize");
        return this;
    }

    /** The fraction of the training data, taken from its end before shuffling, held out for validation (Keras). */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("fit: validationSplit must be in [0, 1), got " + fraction);
        }
        this.validationSplit = fraction;
        tensorOnly.add("validationSplit");
        return this;
    }

    /** Data to validate on after each epoch; takes precedence over {@link #validationSplit}, as in Keras. */
    public FitOptions validationData(Tensor x, Tensor y) {
        this.validationX = Objects.requireNonNull(x, "x");
        this.validationY = Objects.requireNonNull(y, "y");
        this.validationDataset = null;
        return this;
    }

    /**
     * A dataset of labelled batches to validate on after each epoch, as Keras's {@code validation_data=dataset};
     * replaces tensors given before.
     */
    public FitOptions validationData(dev.fusenet.runtime.data.Dataset validation) {
        this.validationDataset = Objects.requireNonNull(validation, "validation");
        this.validationX = null;
        this.validationY = null;
        return this;
    }

    /** Whether to shuffle the training rows before each epoch. */
    public FitOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        tensorOnly.add("shuffle");
        return this;
    }

    /** The seed of the per-epoch shuffles; without one the model's seed is used, so runs repeat. */
    public FitOptions seed(long seed) {
        this.seed = seed;
        tensorOnly.add("seed");
        return this;
    }

    /** How much {@code fit} prints. */
    public FitOptions verbosity(Verbosity verbosity) {
        this.verbosity = Objects.requireNonNull(verbosity, "verbosity");
        return this;
    }

    /**
     * Weights for the training loss by class, as Keras's {@code class_weight}: a sample of class {@code c} (its
     * label, or the arg-max of its one-hot label) counts {@code classWeight.get(c)} times in the loss; classes not
     * in the map count once. With {@link #sampleWeight} too, the two multiply. Validation is not weighted by class.
     */
    public FitOptions classWeight(java.util.Map<Integer, Double> classWeight) {
        for (var entry : classWeight.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null || !(entry.getValue() >= 0)
                    || Double.isInfinite(entry.getValue())) {
                throw new IllegalArgumentException("fit: classWeight " + entry.getKey() + " → " + entry.getValue()
                        + " is not a class index with a finite weight of zero or more");
            }
        }
        this.classWeight = java.util.Map.copyOf(classWeight);
        return this;
    }

    /**
     * One weight per training sample, as Keras's {@code sample_weight}: each sample's loss is multiplied by its
     * weight (the mean stays over the samples). With {@link #validationSplit}, the validation rows keep theirs.
     */
    public FitOptions sampleWeight(Tensor sampleWeight) {
        this.sampleWeight = Objects.requireNonNull(sampleWeight, "sampleWeight");
        tensorOnly.add("sampleWeight");
        return this;
    }

    public java.util.Map<Integer, Double> classWeight() {
        return classWeight;
    }

    /** The per-sample weights, or null when none were given. */
    public Tensor sampleWeight() {
        return sampleWeight;
    }

    /** Adds callbacks, called in the order given. */
    public FitOptions callbacks(Callback... callbacks) {
        this.callbacks.addAll(List.of(callbacks));
        return this;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public double validationSplit() {
        return validationSplit;
    }

    public boolean hasValidationData() {
        return validationX != null;
    }

    /** The validation dataset, or null when none was given (tensors may have been). */
    public dev.fusenet.runtime.data.Dataset validationDataset() {
        return validationDataset;
    }

    /**
     * Refuses the settings a dataset brings itself, as Keras does: its batches, their order, their weights and its
     * split are the dataset's ({@code batch}, {@code shuffle}, {@code withWeights}, a loader's {@code validationSplit}
     * or {@code take}/{@code skip}), so a {@code batchSize(64)} here would silently do nothing.
     */
    public void requireDatasetSettings() {
        if (!tensorOnly.isEmpty()) {
            throw new IllegalArgumentException("fit: " + String.join(", ", tensorOnly) + " apply to in-memory tensors, "
                    + "not to a Dataset; set them on the dataset instead: batch(n) for batchSize, shuffle(buffer, seed) "
                    + "for shuffle and seed, weights in its elements for sampleWeight, and for validationSplit the "
                    + "loader's validationSplit or take/skip before shuffling");
        }
    }

    public Tensor validationX() {
        return validationX;
    }

    public Tensor validationY() {
        return validationY;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    public Verbosity verbosity() {
        return verbosity;
    }

    public List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }
}
