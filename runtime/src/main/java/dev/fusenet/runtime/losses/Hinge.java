package dev.fusenet.runtime.losses;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;

/**
 * {@code mean(max(1 - y · ŷ, 0))} over the last axis for labels -1 and 1, as keras.losses.Hinge. Labels given as 0
 * and 1 are mapped to -1 and 1 first, as Keras does.
 */
public final class Hinge extends LossFunction {

    public Hinge() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    public Hinge(Reduction reduction) {
        super("hinge", reduction);
    }

    @Override
    protected Tensor perSample(Tensor yTrue, Tensor yPred) {
        boolean zeroOne = yTrue.equal(0).castTo(DType.INT32)
                .add(yTrue.equal(1).castTo(DType.INT32)).min().intValue() == 1;
        Tensor y = zeroOne ? yTrue.mul(2).sub(1) : yTrue;
        return y.mul(yPred).neg().add(1).relu().mean(-1);
    }
}
