package dev.fusenet.runtime.ops;

import dev.fusenet.model.Window;
import dev.fusenet.runtime.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pooling over channels-last images and the transposes its gradients need, side by side. Each is linear in its
 * last input, so the tape differentiates them any number of times:
 * <ul>
 *   <li>{@code AVERAGE}: (n, h, w, c) → (n, oh, ow, c), each window's mean over the input pixels it covers;
 *       its gradient is {@code AVERAGE_TRANSPOSE}, and the other way round.</li>
 *   <li>{@code MAX}: each window's maximum. Its gradient is {@code ROUTE}: (input, upstream) → the upstream
 *       value of each output at its window's first maximum, zero elsewhere; {@code ROUTE}'s gradient with
 *       respect to the upstream is {@code GATHER}, which takes each window's winner from a tensor shaped like
 *       the input, and {@code GATHER}'s is {@code ROUTE}. Where the maximum is does not change under a small
 *       change of the input, so none of them passes a gradient to the input that chose the winners.</li>
 * </ul>
 */
public record Pooling(Kind kind, Window window, long[] imageShape) implements Op {

    /** Which computation. */
    public enum Kind { MAX, AVERAGE, AVERAGE_TRANSPOSE, ROUTE, GATHER }

    @Override
    public String opName() {
        return switch (kind) {
            case MAX -> "max_pool2d";
            case AVERAGE -> "avg_pool2d";
            case AVERAGE_TRANSPOSE -> "avg_pool2d_transpose";
            case ROUTE -> "max_pool2d_route";
            case GATHER -> "max_pool2d_gather";
        };
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        ImageWindows.Geometry g = ImageWindows.Geometry.of(imageShape, window);
        INDArray last = inputs[inputs.length - 1];
        double[] values = ImageWindows.values(last);
        double[] out = switch (kind) {
            case MAX -> {
                int[] winners = ImageWindows.winners(values, g);
                double[] maxima = new double[winners.length];
                for (int i = 0; i < winners.length; i++) {
                    maxima[i] = values[winners[i]];
                }
                yield maxima;
            }
            case AVERAGE -> ImageWindows.average(values, g);
            case AVERAGE_TRANSPOSE -> ImageWindows.averageTranspose(values, g);
            case ROUTE -> {
                int[] winners = ImageWindows.winners(ImageWindows.values(inputs[0]), g);
                double[] routed = new double[g.samples() * g.height() * g.width() * g.channels()];
                for (int i = 0; i < winners.length; i++) {
                    routed[winners[i]] += values[i];
                }
                yield routed;
            }
            case GATHER -> {
                int[] winners = ImageWindows.winners(ImageWindows.values(inputs[0]), g);
                double[] gathered = new double[winners.length];
                for (int i = 0; i < winners.length; i++) {
                    gathered[i] = values[winners[i]];
                }
                yield gathered;
            }
        };
        boolean toInput = kind == Kind.AVERAGE_TRANSPOSE || kind == Kind.ROUTE;
        return ImageWindows.array(out, toInput ? g.inputShape() : g.outputShape(g.channels()), last.dataType());
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        return switch (kind) {
            case MAX -> new Tensor[] {Ops.apply(new Pooling(Kind.ROUTE, window, imageShape), inputs[0], upstream)};
            case AVERAGE -> new Tensor[] {Ops.apply(new Pooling(Kind.AVERAGE_TRANSPOSE, window, imageShape),
                    upstream)};
            case AVERAGE_TRANSPOSE -> new Tensor[] {Ops.apply(new Pooling(Kind.AVERAGE, window, imageShape),
                    upstream)};
            case ROUTE -> new Tensor[] {null, Ops.apply(new Pooling(Kind.GATHER, window, imageShape), inputs[0],
                    upstream)};
            case GATHER -> new Tensor[] {null, Ops.apply(new Pooling(Kind.ROUTE, window, imageShape), inputs[0],
                    upstream)};
        };
    }
}
