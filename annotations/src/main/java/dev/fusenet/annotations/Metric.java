package dev.fusenet.annotations;

/** Metrics, named as Keras names them (keras.metrics). */
public enum Metric implements KerasNamed {
    /** Keras's {@code "accuracy"}: resolves to the categorical, sparse or binary accuracy that fits the loss. */
    ACCURACY("accuracy"),
    /** How often the arg-max of the prediction equals the arg-max of the one-hot label. */
    CATEGORICAL_ACCURACY("categorical_accuracy"),
    /** How often the arg-max of the prediction equals the integer label. */
    SPARSE_CATEGORICAL_ACCURACY("sparse_categorical_accuracy"),
    /** How often the prediction thresholded at 0.5 equals the 0/1 label. */
    BINARY_ACCURACY("binary_accuracy"),
    /** How often the label is among the k (5 by default) highest predictions. */
    TOP_K_CATEGORICAL_ACCURACY("top_k_categorical_accuracy"),
    /** Area under the ROC curve, from 200 thresholds as Keras. */
    AUC("auc"),
    /** True positives over predicted positives. */
    PRECISION("precision"),
    /** True positives over actual positives. */
    RECALL("recall"),
    /** Harmonic mean of precision and recall. */
    F1_SCORE("f1_score"),
    /** The mean over rows of each row's mean absolute error: Keras's {@code "mae"}, for regression. */
    MEAN_ABSOLUTE_ERROR("mean_absolute_error"),
    /** The mean over rows of each row's mean squared error: Keras's {@code "mse"}, for regression. */
    MEAN_SQUARED_ERROR("mean_squared_error");

    private final String kerasName;

    Metric(String kerasName) {
        this.kerasName = kerasName;
    }

    @Override
    public String kerasName() {
        return kerasName;
    }
}
