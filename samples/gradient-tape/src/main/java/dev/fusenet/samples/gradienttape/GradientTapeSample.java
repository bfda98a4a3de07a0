package dev.fusenet.samples.gradienttape;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.autodiff.GradientTape;
import dev.fusenet.runtime.autodiff.Variable;
import java.io.PrintStream;

/**
 * The lecture's four GradientTape examples, in Java. Each prints what the TensorFlow slide prints.
 *
 * <pre>
 * mvn -q -pl samples/gradient-tape -am compile exec:java
 * </pre>
 */
public final class GradientTapeSample {

    private GradientTapeSample() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        // x = tf.Variable(0.)
        // with tf.GradientTape() as tape:
        //     y = 2 * x + 3
        // grad_of_y_wrt_x = tape.gradient(y, x)
        Variable x = new Variable("x", Tensor.scalar(0.0));
        try (GradientTape tape = new GradientTape()) {
            Tensor y = x.value().mul(2).add(3);
            out.println("y = 2x + 3 at x = 0:        dy/dx = " + tape.gradient(y, x));
        }

        Variable x3 = new Variable("x", Tensor.scalar(3.0));
        try (GradientTape tape = new GradientTape()) {
            Tensor y = x3.value().square().mul(2).add(3);
            out.println("y = 2x² + 3 at x = 3:       dy/dx = " + tape.gradient(y, x3));
        }

        // x = tf.Variable([[1, 2], [3, 4]], dtype=tf.float16)
        Variable matrix = new Variable("x", Tensor.of(new double[] {1, 2, 3, 4}, DType.FLOAT16, 2, 2));
        try (GradientTape tape = new GradientTape()) {
            Tensor y = matrix.value().mul(2).add(3);
            out.println("y = 2x + 3 at [[1,2],[3,4]]:  dy/dx = " + tape.gradient(y, matrix));
        }
        try (GradientTape tape = new GradientTape()) {
            Tensor y = matrix.value().square().mul(2).add(3);
            out.println("y = 2x² + 3 at [[1,2],[3,4]]: dy/dx = " + tape.gradient(y, matrix));
        }
    }
}
