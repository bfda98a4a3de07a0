package dev.fusenet.runtime.ops;

import dev.fusenet.model.Window;
import dev.fusenet.runtime.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * TensorFlow's {@code extract_patches} for channels-last images: each window of (n, h, w, c) becomes one vector of
 * kh · kw · c values, in the order (ky, kx, channel) of a Keras kernel's rows, giving (n, oh, ow, kh · kw · c).
 * A convolution is these patches times the kernel. Linear, so its gradient is its transpose, and the
 * transpose's gradient is this op again: the tape can differentiate a convolution any number of times.
 */
public record Patches(Window window, boolean transpose, long[] imageShape) implements Op {

    @Override
    public String opName() {
        return transpose ? "patches_transpose" : "patches";
    }

    @Override
    public INDArray forward(INDArray... inputs) {
        ImageWindows.Geometry g = ImageWindows.Geometry.of(imageShape, window);
        double[] values = ImageWindows.values(inputs[0]);
        if (transpose) {
            return ImageWindows.array(ImageWindows.patchesTranspose(values, g), g.inputShape(),
                    inputs[0].dataType());
        }
        return ImageWindows.array(ImageWindows.patches(values, g), g.outputShape(g.patchSize()),
                inputs[0].dataType());
    }

    @Override
    public Tensor[] backward(Tensor[] inputs, Tensor output, Tensor upstream) {
        return new Tensor[] {Ops.apply(new Patches(window, !transpose, imageShape), upstream)};
    }
}
