package dev.fusenet.processor;

import dev.fusenet.annotations.Loss;
import dev.fusenet.runtime.Tensor;
import java.util.SplittableRandom;

/** Labels of the kind each loss takes, for the parity tests: class indices, one-hot rows, 0/1 or real targets. */
final class ParityLabels {

    private ParityLabels() {
    }

    static Tensor of(Loss loss, int rows, int outputs) {
        SplittableRandom random = new SplittableRandom(17);
        float[] values;
        switch (loss) {
            case SPARSE_CATEGORICAL_CROSSENTROPY -> {
                values = new float[rows];
                for (int r = 0; r < rows; r++) {
                    values[r] = random.nextInt(outputs);
                }
                return Tensor.of(values, rows);
            }
            case CATEGORICAL_CROSSENTROPY, KL_DIVERGENCE -> {
                values = new float[rows * outputs];
                for (int r = 0; r < rows; r++) {
                    values[r * outputs + random.nextInt(outputs)] = 1;
                }
            }
            case BINARY_CROSSENTROPY, HINGE -> {
                values = new float[rows * outputs];
                for (int i = 0; i < values.length; i++) {
                    values[i] = random.nextInt(2);
                }
            }
            default -> {
                values = new float[rows * outputs];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) random.nextGaussian();
                }
            }
        }
        return Tensor.of(values, rows, outputs);
    }
}
