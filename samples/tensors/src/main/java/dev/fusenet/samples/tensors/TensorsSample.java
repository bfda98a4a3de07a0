package dev.fusenet.samples.tensors;

import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Tensor;
import java.io.PrintStream;

/**
 * The lecture's tensor examples in Java: the keys of a tensor (rank, shape, dtype), reshaping, and the table
 * of tensor products.
 *
 * <pre>
 * mvn -q -pl samples/tensors -am compile exec:java
 * </pre>
 */
public final class TensorsSample {

    private TensorsSample() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        out.println("== Scalars, vectors, matrices and higher-rank tensors");
        describe(out, "x = 12", Tensor.scalar(12.0));
        describe(out, "x = [12, 3, 6, 14, 7]", Tensor.of(new float[] {12, 3, 6, 14, 7}));
        describe(out, "x = [[5, 78, 2, 34, 0], ...]", Tensor.of(new float[][] {
            {5, 78, 2, 34, 0}, {6, 79, 3, 35, 1}, {7, 80, 4, 36, 2}}));
        describe(out, "MNIST-shaped train_images", Tensor.zeros(new long[] {60000, 28, 28}, DType.UINT8));

        out.println();
        out.println("== Reshaping: the same values in row-major order");
        Tensor x = Tensor.of(new float[][] {{0, 1}, {2, 3}, {4, 5}});
        out.println("x.shape = (3,2):   " + x);
        out.println("x.reshape(6, 1):   " + x.reshape(6, 1));
        out.println("x.reshape(2, 3):   " + x.reshape(2, 3));
        out.println("x.transpose():     " + x.transpose());

        out.println();
        out.println("== Tensor products: the last axis of A contracts with the first axis of B");
        long[][][] table = {
            {{5}, {5}}, {{2, 3, 4, 5}, {5}}, {{7, 5}, {5}}, {{2, 3, 4, 5}, {5, 6}}, {{7}, {7, 5}},
            {{2, 3, 4, 5}, {5, 6, 7}}, {{2, 8}, {8, 6}}, {{2, 3, 4, 5}, {5, 4, 7}}};
        long seed = 0;
        for (long[][] row : table) {
            Tensor a = Tensor.randomUniform(row[0], 0, 1, DType.FLOAT32, seed++);
            Tensor b = Tensor.randomUniform(row[1], 0, 1, DType.FLOAT32, seed++);
            Tensor c = Tensor.tensordot(a, b);
            out.printf("A%-10s · B%-8s → C%s%n", shape(a), shape(b), shape(c));
        }

        out.println();
        out.println("== Element-wise operations broadcast like numpy");
        Tensor m = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        Tensor row = Tensor.of(new float[] {4, 5});
        out.println("m + [4, 5]       = " + m.add(row));
        out.println("relu(m - 2.5)    = " + m.sub(2.5).relu());
        out.println("softmax(m)       = " + m.softmax());
        out.println("m · m            = " + m.matmul(m));
    }

    private static void describe(PrintStream out, String label, Tensor tensor) {
        out.printf("%-28s rank %d, shape %s, dtype %s%n", label, tensor.rank(), shape(tensor), tensor.dtype());
    }

    private static String shape(Tensor tensor) {
        StringBuilder text = new StringBuilder("(");
        long[] shape = tensor.shape();
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return text.append(')').toString();
    }
}
