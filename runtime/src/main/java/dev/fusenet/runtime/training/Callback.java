package dev.fusenet.runtime.training;

import java.util.Map;

/**
 * Hooks into {@code fit}, as Keras's callbacks. Epochs are 0-based; {@code logs} holds the epoch's
 * {@code loss}, metrics and, with validation, their {@code val_} counterparts.
 */
public interface Callback {

    default void onTrainBegin(TrainingContext context) {
    }

    default void onEpochBegin(int epoch, TrainingContext context) {
    }

    default void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
    }

    /** After each training batch ({@code batch} 0-based within its epoch), with the batch's mean loss. */
    default void onBatchEnd(int batch, double loss, TrainingContext context) {
    }

    default void onTrainEnd(TrainingContext context) {
    }
}
