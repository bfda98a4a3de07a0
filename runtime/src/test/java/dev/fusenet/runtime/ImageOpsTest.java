package dev.fusenet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fusenet.annotations.Padding;
import dev.fusenet.runtime.autodiff.GradientTape;
import dev.fusenet.runtime.autodiff.Variable;
import org.junit.jupiter.api.Test;

/**
 * The image ops on values worked by hand (the docs' examples), with TensorFlow's conventions: channels last,
 * Keras's kernel layout, VALID and SAME sizes, SAME padding split with the extra pixel at the bottom and right,
 * max pooling's gradient to the first maximum, average pooling over the covered pixels only.
 */
class ImageOpsTest {

    /** The 3×3 image 1..9, one sample, one channel. */
    private static final Tensor IMAGE = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1);

    @Test
    void conv2dSumsEachWindowTimesTheKernel() {
        Tensor kernel = Tensor.of(new float[] {1, 0, 0, -1}, 2, 2, 1, 1);   // top-left minus bottom-right
        Tensor valid = IMAGE.conv2d(kernel);
        assertArrayEquals(new long[] {1, 2, 2, 1}, valid.shape());
        assertArrayEquals(new float[] {1 - 5, 2 - 6, 4 - 8, 5 - 9}, valid.toFloatArray());
        // SAME: 3×3 output, the padding (one pixel in all) at the bottom and right, as TensorFlow puts it.
        Tensor same = IMAGE.conv2d(kernel, new int[] {1}, Padding.SAME);
        assertArrayEquals(new float[] {-4, -4, 3, -4, -4, 6, 7, 8, 9}, same.toFloatArray());
        // Strides 2 with SAME: ceil(3 / 2) = 2 outputs per axis.
        assertArrayEquals(new float[] {-4, 3, 7, 9},
                IMAGE.conv2d(kernel, new int[] {2}, Padding.SAME).toFloatArray());
    }

    @Test
    void conv2dMapsChannelsToFilters() {
        Tensor twoChannels = Tensor.of(new float[] {1, 10, 2, 20, 3, 30, 4, 40}, 1, 2, 2, 2);
        Tensor kernel = Tensor.of(new float[] {1, 0, 0, 1}, 1, 1, 2, 2);   // 1×1: swap nothing, keep both
        assertArrayEquals(twoChannels.toFloatArray(), twoChannels.conv2d(kernel).toFloatArray());
        Tensor sum = Tensor.of(new float[] {1, 1}, 1, 1, 2, 1);
        assertArrayEquals(new float[] {11, 22, 33, 44}, twoChannels.conv2d(sum).toFloatArray());
    }

    @Test
    void poolingTakesTheMaximumOrTheMean() {
        assertArrayEquals(new float[] {5}, IMAGE.maxPool2d(2).toFloatArray());
        assertArrayEquals(new float[] {3}, IMAGE.avgPool2d(2).toFloatArray());
        // SAME 2×2 windows with strides 2 over 3×3: the border windows average the pixels they cover only.
        assertArrayEquals(new float[] {3, 4.5f, 7.5f, 9},
                IMAGE.avgPool2d(new int[] {2}, new int[] {2}, Padding.SAME).toFloatArray());
        assertArrayEquals(new float[] {5, 6, 8, 9},
                IMAGE.maxPool2d(new int[] {2}, new int[] {2}, Padding.SAME).toFloatArray());
    }

    @Test
    void maxPoolingSendsTheGradientToTheFirstMaximum() {
        Variable x = new Variable("x", Tensor.of(new float[] {7, 7, 1, 2}, 1, 2, 2, 1));
        try (GradientTape tape = new GradientTape()) {
            Tensor pooled = x.value().maxPool2d(2);
            assertArrayEquals(new float[] {1, 0, 0, 0}, tape.gradient(pooled, x).toFloatArray());
        }
    }

    @Test
    void mistakesNameTheShapes() {
        assertEquals("conv2d: the kernel (2,2,3,4) expects 3 input channels, but the images (1,3,3,1) have 1",
                assertThrows(IllegalArgumentException.class,
                        () -> IMAGE.conv2d(Tensor.zeros(2, 2, 3, 4))).getMessage());
        assertEquals("maxPool2d: a 4×4 window does not fit the 3×3 images of (1,3,3,1); use Padding.SAME or a "
                + "smaller window", assertThrows(IllegalArgumentException.class,
                        () -> IMAGE.maxPool2d(4)).getMessage());
        assertEquals("avgPool2d: expects channels-last images (samples, height, width, channels), got (3,3,1); "
                + "for one image, add the samples axis: x.reshape(1, 3, 3, 1)", assertThrows(
                        IllegalArgumentException.class, () -> IMAGE.reshape(3, 3, 1).avgPool2d(2)).getMessage());
    }
}
