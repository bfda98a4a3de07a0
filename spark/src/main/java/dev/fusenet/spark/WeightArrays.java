package dev.fusenet.spark;

import dev.fusenet.runtime.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's weights (or gradients) as plain arrays with their shapes, the form they take in broadcasts and
 * aggregations, and the running sums the aggregations add up.
 */
record WeightArrays(float[][] values, long[][] shapes) implements Serializable {

    static WeightArrays of(List<Tensor> tensors) {
        float[][] values = new float[tensors.size()][];
        long[][] shapes = new long[tensors.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensors.get(i).toFloatArray();
            shapes[i] = tensors.get(i).shape();
        }
        return new WeightArrays(values, shapes);
    }

    List<Tensor> tensors() {
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            tensors.add(Tensor.of(values[i], shapes[i]));
        }
        return tensors;
    }

    /**
     * The sum over partitions of (rows × each value), in double so the order of the sums hardly matters, and of
     * (rows × the optimizer's step count) in exact long arithmetic.
     */
    record Sum(double[][] values, long[][] shapes, double loss, long rows, long iterations) implements Serializable {

        static Sum empty() {
            return new Sum(new double[0][], new long[0][], 0, 0, 0);
        }

        /** One partition's result; its optimizer took {@code iterations} steps in all. */
        static Sum of(List<Tensor> tensors, double meanLoss, int rows, long iterations) {
            double[][] values = new double[tensors.size()][];
            long[][] shapes = new long[tensors.size()][];
            for (int i = 0; i < values.length; i++) {
                shapes[i] = tensors.get(i).shape();
                float[] v = tensors.get(i).toFloatArray();
                values[i] = new double[v.length];
                for (int j = 0; j < v.length; j++) {
                    values[i][j] = (double) v[j] * rows;
                }
            }
            return new Sum(values, shapes, meanLoss * rows, rows, Math.multiplyExact(iterations, rows));
        }

        Sum plus(Sum other) {
            if (rows == 0) {
                return other;
            }
            if (other.rows == 0) {
                return this;
            }
            double[][] sum = new double[values.length][];
            for (int i = 0; i < values.length; i++) {
                sum[i] = values[i].clone();
                for (int j = 0; j < sum[i].length; j++) {
                    sum[i][j] += other.values[i][j];
                }
            }
            return new Sum(sum, shapes, loss + other.loss, rows + other.rows,
                    Math.addExact(iterations, other.iterations));
        }

        /** The row-weighted mean step count, rounded to the nearest step. */
        long meanIterations() {
            return Math.floorDiv(Math.addExact(iterations, rows / 2), rows);
        }

        /** The row-weighted mean, shaped as the summed tensors were. */
        List<Tensor> mean() {
            List<Tensor> means = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                float[] mean = new float[values[i].length];
                for (int j = 0; j < mean.length; j++) {
                    mean[j] = (float) (values[i][j] / rows);
                }
                means.add(Tensor.of(mean, shapes[i]));
            }
            return means;
        }
    }
}
