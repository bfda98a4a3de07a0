package dev.fusenet.runtime.optimizers;

import java.util.function.Consumer;

/**
 * AdamW (Loshchilov and Hutter, 2017), as keras.optimizers.AdamW: Adam with decoupled weight decay,
 * {@code p -= p · weightDecay · lr} before each Adam update. Defaults: Adam's, and weight decay 0.004.
 */
public final class AdamW extends Adam {

    /** AdamW with Keras's defaults. */
    public AdamW() {
        this(settings -> { });
    }

    /** AdamW with a constant learning rate and Keras's other defaults. */
    public AdamW(double learningRate) {
        this(settings -> settings.learningRate(learningRate));
    }

    /** AdamW configured in a block: {@code new AdamW(s -> s.learningRate(1e-3).weightDecay(0.01))}. */
    public AdamW(Consumer<Adam.Settings> configure) {
        super("AdamW", configured(0.004, configure));
    }
}
